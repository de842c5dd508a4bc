// The selection most views share: indicator and month from the URL, defaulting to the first
// indicator of the catalogue and the latest month with data.
import { computed } from 'vue';
import { useCatalogue } from '../stores/catalogue.js';
import { useQueryParam } from './useUrlState.js';

export function useSelection(defaultIndicator?: string) {
  const catalogue = useCatalogue();
  const indikator = useQueryParam('indikator', () =>
    defaultIndicator && catalogue.byId.has(defaultIndicator)
      ? defaultIndicator
      : (catalogue.indicators[0]?.id ?? null),
  );
  const periode = useQueryParam('periode', () => catalogue.latestPeriod);
  const indicator = computed(() => catalogue.indicator(indikator.value));
  return { catalogue, indikator, periode, indicator };
}
