// Screen state lives in the URL (indicator, month, area; the view is the path), so a copied link
// reproduces the screen and the browser's back button undoes a choice.
import { computed, type WritableComputedRef } from 'vue';
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';

export function useQueryParam(
  name: string,
  fallback: () => string | null = () => null,
): WritableComputedRef<string | null> {
  const route = useRoute();
  const router = useRouter();
  return computed({
    get() {
      const v = route.query[name];
      const s = Array.isArray(v) ? v[0] : v;
      return s ?? fallback();
    },
    set(value) {
      const query: LocationQueryRaw = { ...route.query };
      if (value === null || value === '') delete query[name];
      else query[name] = value;
      void router.push({ query });
    },
  });
}

/** Replaces several query parameters in one history step. */
export function useQueryUpdate() {
  const route = useRoute();
  const router = useRouter();
  return (changes: Record<string, string | null>) => {
    const query: LocationQueryRaw = { ...route.query };
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') delete query[k];
      else query[k] = v;
    }
    return router.push({ query });
  };
}
