import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import StateBox from './StateBox.vue';
import { ApiError } from '../api/client.js';
import { testI18n } from '../test/setup.js';

function box(props: Record<string, unknown>) {
  return mount(StateBox, {
    props,
    slots: { default: '<p class="content">isi</p>' },
    global: { plugins: [testI18n()] },
  });
}

describe('StateBox', () => {
  it('tells what to do when the API cannot be reached, and retries on request', async () => {
    const w = box({ error: new ApiError(0, 'network') });
    expect(w.text()).toContain('Server API tidak dapat dihubungi');
    await w.find('button').trigger('click');
    expect(w.emitted('retry')).toHaveLength(1);
    expect(w.find('.content').exists()).toBe(false);
  });

  it("passes on the API's own message for a bad request", () => {
    const w = box({ error: new ApiError(400, 'period must be YYYY-MM, e.g. 2024-06') });
    expect(w.text()).toContain('period must be YYYY-MM, e.g. 2024-06');
  });

  it('shows loading, then empty with a hint, then the content', async () => {
    const w = box({ loading: true });
    expect(w.find('[role="status"]').text()).toContain('Memuat data');
    await w.setProps({ loading: false, empty: true });
    expect(w.text()).toContain('Belum ada data');
    expect(w.text()).toContain('halaman Data');
    await w.setProps({ empty: false });
    expect(w.find('.content').exists()).toBe(true);
  });
});
