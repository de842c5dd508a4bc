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

  function indicator(id: string | null | undefined): Indicator | undefined {
    return id ? byId.value.get(id) : undefined;
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
    loadGeo,
    reloadGeo,
    indicator,
  };
});
