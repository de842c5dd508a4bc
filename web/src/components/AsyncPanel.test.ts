import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { ref } from 'vue';
import AsyncPanel from './AsyncPanel.vue';
import { ApiError } from '../api/client.js';
import { useAsync } from '../composables/useAsync.js';
import { testI18n } from '../test/setup.js';

/** A real useAsync load whose answers the test gives one by one. */
function controlled() {
  const answers: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const input = ref(0);
  const state = useAsync(
    () => new Promise<string>((resolve, reject) => answers.push({ resolve, reject })),
    [input],
  );
  return { state, answers };
}

function panel(props: Record<string, unknown>) {
  return mount(AsyncPanel, {
    props,
    slots: { default: '<p class="content">isi</p>' },
    global: { plugins: [testI18n()] },
  });
}

describe('AsyncPanel', () => {
  it('shows loading, then the content; a reload keeps the content shown', async () => {
    const { state, answers } = controlled();
    const w = panel({ state });
    expect(w.find('[role="status"]').text()).toContain('Memuat data');
    answers[0]!.resolve('ok');
    await flushPromises();
    expect(w.find('.content').exists()).toBe(true);
    void state.reload();
    await flushPromises();
    expect(w.find('.content').exists()).toBe(true);
  });

  it('shows the error and retries the same load on request', async () => {
    const { state, answers } = controlled();
    const w = panel({ state });
    answers[0]!.reject(new ApiError(0, 'network'));
    await flushPromises();
    expect(w.text()).toContain('Server API tidak dapat dihubungi');
    await w.find('button').trigger('click');
    expect(answers).toHaveLength(2);
    answers[1]!.resolve('ok');
    await flushPromises();
    expect(w.find('.content').exists()).toBe(true);
  });

  it('waits for `pending` and shows another failure it depends on', async () => {
    const { state, answers } = controlled();
    answers[0]!.resolve('ok');
    await flushPromises();
    const w = panel({ state, pending: true });
    expect(w.find('.content').exists()).toBe(false);
    await w.setProps({ pending: false, otherError: new ApiError(503, 'peta belum siap') });
    expect(w.text()).toContain('peta belum siap');
    await w.setProps({ otherError: null });
    expect(w.find('.content').exists()).toBe(true);
  });
});
