// What every view needs once per visit: the served region and its months (meta), the indicator
// catalogue (labels, units, directions, targets) and the boundaries. Loaded once, shared.
import { defineStore } from 'pinia';
import { ref, computed, shallowRef } from 'vue';
import type { Topology } from 'topojson-specification';
import { api, type AreaRef, type GeoTopology, type Indicator, type Meta } from '../api/client.js';
import { setSmallCountThreshold } from '../lib/format.js';

export const useCatalogue = defineStore('catalogue', () => {
  const meta = ref<Meta | null>(null);
  const indicators = ref<Indicator[]>([]);
  const error = ref<unknown>(null);
  const loading = ref(false);
  const geo = shallowRef<GeoTopology | null>(null);
  let geoPromise: Promise<Topology> | null = null;
  let loadPromise: Promise<void> | null = null;

  const byId = computed(() => new Map(indicators.value.map((i) => [i.id, i])));
  const region = computed(() => meta.value?.region ?? null);
  const periods = computed(() => meta.value?.periods ?? []);
  const latestPeriod = computed(() => meta.value?.latest_period ?? null);

  function load(): Promise<void> {
    if (loadPromise) return loadPromise;
    loading.value = true;
    error.value = null;
    loadPromise = Promise.all([api.meta(), api.indicators()])
      .then(([m, list]) => {
        meta.value = m;
        setSmallCountThreshold(m.small_count_threshold);
        indicators.value = list.indicators;
      })
      .catch((e: unknown) => {
        error.value = e;
        loadPromise = null;
      })
      .finally(() => {
        loading.value = false;
      });
    return loadPromise;
  }

  /** Loads meta and catalogue again (the programme rules changed: labels name the new band). */
  function reload(): Promise<void> {
    loadPromise = null;
    return load();
  }

  function loadGeo(): Promise<Topology> {
    if (!geoPromise) {
      geoPromise = api.geo().then((g) => (geo.value = g));
      geoPromise.catch(() => (geoPromise = null));
    }
    return geoPromise;
  }

  /** After a boundary import: the maps draw the new polygons without a page reload. */
  function reloadGeo(): Promise<Topology> {
    geoPromise = null;
    return loadGeo();
  }

  const kecamatan = ref<AreaRef[]>([]);
  let kecamatanPromise: Promise<AreaRef[]> | null = null;
  /** The served region's kecamatan, for area pickers. */
  function loadKecamatan(): Promise<AreaRef[]> {
    if (!kecamatanPromise && meta.value) {
      kecamatanPromise = api
        .area(meta.value.region.code)
        .then((a) => (kecamatan.value = a.children));
      kecamatanPromise.catch(() => (kecamatanPromise = null));
    }
    return kecamatanPromise ?? Promise.resolve([]);
  }

  /**
   * The service worker reports newer answers than the kept copies shown (offline/connection.ts):
   * load again what of the catalogue they concern, keeping what is shown until it arrives.
   */
  async function refresh(paths: string[]): Promise<void> {
    const changed = (path: string) => paths.some((p) => p === path || p.startsWith(`${path}?`));
    const work: Promise<unknown>[] = [];
    if (meta.value && (changed('/api/meta') || changed('/api/indicators')))
      work.push(
        Promise.all([api.meta(), api.indicators()]).then(([m, list]) => {
          meta.value = m;
          setSmallCountThreshold(m.small_count_threshold);
          indicators.value = list.indicators;
        }),
      );
    if (geo.value && changed('/api/geo')) work.push(api.geo().then((g) => (geo.value = g)));
    if (kecamatanPromise && meta.value && changed(`/api/areas/${meta.value.region.code}`))
      work.push(api.area(meta.value.region.code).then((a) => (kecamatan.value = a.children)));
    await Promise.allSettled(work);
  }

  function indicator(id: string | null | undefined): Indicator | undefined {
    return id ? byId.value.get(id) : undefined;
  }

  /**
   * The indicators a page places by a catalogue position field (`gap_column`, `desa_trend`,
   * `inclusion_column`), in that order: which indicators a page shows is catalogue data.
   */
  function placed(field: 'gap_column' | 'desa_trend' | 'inclusion_column'): Indicator[] {
    return indicators.value.filter((i) => i[field] !== null).sort((a, b) => a[field]! - b[field]!);
  }

  /** The referral indicator filling an agency row's field (`agency_field`). */
  function agencyIndicator(field: NonNullable<Indicator['agency_field']>): Indicator | undefined {
    return indicators.value.find((i) => i.agency_field === field);
  }

  return {
    kecamatan,
    loadKecamatan,
    meta,
    indicators,
    error,
    loading,
    geo,
    byId,
    region,
    periods,
    latestPeriod,
    load,
    reload,
    loadGeo,
    refresh,
    reloadGeo,
    indicator,
    placed,
    agencyIndicator,
  };
});
