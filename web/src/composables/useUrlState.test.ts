import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import { useQueryParam } from './useUrlState.js';

// A real router (memory history): the state must land in the URL and Back must undo it.
const Probe = defineComponent({
  setup() {
    const indikator = useQueryParam('indikator', () => 'rujukan_masuk');
    return () =>
      h('button', { onClick: () => (indikator.value = 'pbi_sasaran_pct') }, indikator.value ?? '');
  },
});

describe('useQueryParam', () => {
  it('reads the default, writes to the query, and Back restores the previous value', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/', component: Probe }],
    });
    await router.push('/?periode=2024-06');
    const w = mount({ template: '<RouterView />' }, { global: { plugins: [router] } });
    await nextTick();
    expect(w.text()).toBe('rujukan_masuk');

    await w.find('button').trigger('click');
    await new Promise<void>((resolve) => router.afterEach(() => resolve()));
    expect(router.currentRoute.value.query).toEqual({
      periode: '2024-06',
      indikator: 'pbi_sasaran_pct',
    });
    await nextTick();
    expect(w.text()).toBe('pbi_sasaran_pct');

    const back = new Promise<void>((resolve) => router.afterEach(() => resolve()));
    router.back();
    await back;
    await nextTick();
    expect(router.currentRoute.value.query).toEqual({ periode: '2024-06' });
    expect(w.text()).toBe('rujukan_masuk');
  });
});
