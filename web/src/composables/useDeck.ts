// The presentation's deck control: mode, slide and map level in the URL, stepping with the
// keyboard or on a timer, full screen and leaving. The slides themselves are components
// (components/presentasi/).
import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export type DeckMode = 'indikator' | 'kecamatan';

export function useDeck(total: Ref<number>) {
  const route = useRoute();
  const router = useRouter();
  const mode = computed<DeckMode>(() =>
    route.query.mode === 'kecamatan' ? 'kecamatan' : 'indikator',
  );
  const step = computed(() => {
    const n = Number(route.query.langkah ?? 1);
    return Number.isInteger(n) && n >= 1 ? n : 1;
  });
  /** The slide shown, 0-based. */
  const index = computed(() => (total.value ? Math.min(step.value, total.value) - 1 : 0));
  /** The map of an indicator slide: kecamatan (default) or every desa of the kabupaten. */
  const mapLevel = computed<'kecamatan' | 'desa'>(() =>
    route.query.peta === 'desa' ? 'desa' : 'kecamatan',
  );
  const seconds = ref(Number(route.query.detik ?? 15) || 15);
  const playing = ref(route.query.putar === '1');

  function setMapLevel(level: 'kecamatan' | 'desa') {
    void router.replace({
      query: { ...route.query, peta: level === 'desa' ? 'desa' : undefined },
    });
  }
  /** Shows slide n (1-based), wrapping around at both ends. */
  function go(n: number) {
    if (!total.value) return;
    const next = ((n - 1 + total.value) % total.value) + 1;
    void router.replace({ query: { ...route.query, langkah: String(next) } });
  }
  const next = () => go(index.value + 2);
  const previous = () => go(index.value);
  function setMode(m: DeckMode) {
    void router.replace({ query: { ...route.query, mode: m, langkah: '1' } });
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  function stopTimer() {
    if (timer) clearInterval(timer);
    timer = null;
  }
  watch(
    [playing, seconds],
    () => {
      stopTimer();
      if (playing.value) timer = setInterval(next, Math.max(3, seconds.value) * 1000);
    },
    { immediate: true },
  );

  function toggleFullscreen() {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }
  function exit() {
    if (document.fullscreenElement) void document.exitFullscreen();
    void router.push({ name: 'ringkasan', query: { periode: route.query.periode } });
  }
  function onKey(e: KeyboardEvent) {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    switch (e.key) {
      case 'ArrowRight':
      case 'PageDown':
        next();
        break;
      case 'ArrowLeft':
      case 'PageUp':
        previous();
        break;
      case 'Home':
        go(1);
        break;
      case 'End':
        go(total.value);
        break;
      case ' ':
      case 'p':
        playing.value = !playing.value;
        break;
      case 'f':
      case 'F':
        toggleFullscreen();
        break;
      case 'Escape':
        if (!document.fullscreenElement) exit();
        return;
      default:
        return;
    }
    e.preventDefault();
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey);
    stopTimer();
  });

  return {
    mode,
    index,
    mapLevel,
    seconds,
    playing,
    setMapLevel,
    setMode,
    next,
    previous,
    toggleFullscreen,
    exit,
  };
}
