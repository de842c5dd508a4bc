// Loads data whenever its inputs change and keeps the loading / error / data states apart, so each
// view can say what is happening. A newer request wins over a slower older one. When the service
// worker reports newer figures than the kept copies shown (offline/connection.ts), it loads again.
import { ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';
import { dataRevision } from '../offline/connection.js';

export interface AsyncState<T> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: Ref<unknown>;
  reload: () => Promise<void>;
}

export function useAsync<T>(
  load: () => Promise<T> | null,
  sources: WatchSource[] | WatchSource,
): AsyncState<T> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let seq = 0;

  async function reload(): Promise<void> {
    const mine = ++seq;
    const promise = load();
    if (!promise) {
      // inputs not ready yet (e.g. catalogue still loading)
      return;
    }
    loading.value = true;
    error.value = null;
    try {
      const result = await promise;
      if (mine === seq) data.value = result;
    } catch (e) {
      if (mine === seq) {
        error.value = e;
        data.value = null;
      }
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  const inputs = Array.isArray(sources) ? sources : [sources];
  watch([...inputs, dataRevision], () => void reload(), { immediate: true, deep: false });
  return { data, loading, error, reload };
}
