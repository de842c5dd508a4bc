// The dry run's BPS codes without a Kemendagri code (etl/crosswalk.ts): each listed with what to
// do, which depends on whether a crosswalk is loaded. Nothing is sent to the API.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import PreviewFixes from './PreviewFixes.vue';
import type { FilePreview } from '../../api/client.js';
import { testI18n } from '../../test/setup.js';

function preview(over: Partial<FilePreview>): FilePreview {
  return {
    file: 'dtks_2024-06.csv',
    feed: 'dtks',
    feed_from: 'pilihan',
    kind: 'dtks',
    encoding: 'utf-8',
    delimiter: ';',
    sheet: null,
    by_name: false,
    columns: [],
    missing_columns: [],
    file_error: null,
    rows_read: 3,
    would_load: 0,
    would_reject: 3,
    rejects: [],
    slices: [],
    periodes: [],
    unknown_values: [],
    unknown_areas: [],
    unknown_bps: [],
    crosswalk: false,
    mappings_version: 0,
    ...over,
  } as FilePreview;
}

const mountWith = (p: FilePreview, locale: 'id' | 'en' = 'id') =>
  mount(PreviewFixes, {
    props: { preview: p },
    global: { plugins: [testI18n(locale), createPinia()] },
  });

describe('PreviewFixes: BPS codes', () => {
  it('says the crosswalk is missing while none is loaded', () => {
    const w = mountWith(preview({ unknown_bps: [{ kode_bps: '620301****', count: 3 }] }));
    const items = w.findAll('[data-testid="fix-bps"]');
    expect(items).toHaveLength(1);
    expect(items[0]!.text()).toContain('Kode desa BPS 620301**** (3 baris)');
    expect(items[0]!.text()).toContain('crosswalk BPS–Kemendagri belum dimuat');
  });

  it('says the code is not in the crosswalk when one is loaded (English too)', () => {
    const p = preview({ crosswalk: true, unknown_bps: [{ kode_bps: '620301****', count: 1 }] });
    expect(mountWith(p).get('[data-testid="fix-bps"]').text()).toContain(
      'tidak ada di crosswalk BPS–Kemendagri',
    );
    expect(mountWith(p, 'en').get('[data-testid="fix-bps"]').text()).toContain(
      'is not in the BPS–Kemendagri crosswalk',
    );
  });

  it('shows nothing without such codes', () => {
    expect(mountWith(preview({})).find('[data-testid="preview-fixes"]').exists()).toBe(false);
  });
});
