import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mount } from '@vue/test-utils';
import DataTable from './DataTable.vue';
import { testI18n } from '../test/setup.js';

const columns = [
  { key: 'code', label: 'Kode', text: true },
  { key: 'name', label: 'Desa', text: true },
  { key: 'numerator', label: 'Pembilang', unit: 'count' as const },
  { key: 'value', label: 'Nilai', unit: 'percent' as const },
];
const rows = [
  { code: '62.03.01.2001', name: 'Anjir', numerator: 1200, value: 40 },
  { code: '62.03.01.2002', name: 'Batuah', numerator: 0, value: null },
  { code: '62.03.01.2003', name: 'Cemara', numerator: 30, value: 75.25 },
];

function table(extra: Record<string, unknown> = {}) {
  return mount(DataTable, {
    props: { columns, rows, filename: 'desa', ...extra } as never,
    global: { plugins: [testI18n()] },
  });
}
const names = (w: ReturnType<typeof table>) =>
  w.findAll('tbody tr').map((tr) => tr.find('[data-col="name"]').text());

describe('DataTable', () => {
  it('formats by unit and keeps the raw value for checks', () => {
    const w = table();
    const cell = w.find('tr[data-code="62.03.01.2003"] [data-col="value"]');
    expect(cell.text()).toBe('75,3%');
    expect(cell.attributes('data-value')).toBe('75.25');
    expect(w.find('tr[data-code="62.03.01.2001"] [data-col="numerator"]').text()).toBe('1.200');
    expect(w.find('tr[data-code="62.03.01.2002"] [data-col="value"]').text()).toBe('–');
  });

  it('sorts by a column, toggles direction, and keeps no-data rows last', async () => {
    const w = table({ sortKey: 'value', sortDesc: true });
    expect(names(w)).toEqual(['Cemara', 'Anjir', 'Batuah']);
    await w.findAll('th button.sort')[3]!.trigger('click');
    expect(names(w)).toEqual(['Anjir', 'Cemara', 'Batuah']);
    expect(w.findAll('th')[3]!.attributes('aria-sort')).toBe('ascending');
    await w.findAll('th button.sort')[1]!.trigger('click');
    expect(names(w)).toEqual(['Anjir', 'Batuah', 'Cemara']);
  });

  it('opens a row from its link cell', async () => {
    const w = table({ linkKey: 'name' });
    await w.find('tr[data-code="62.03.01.2002"] button.link').trigger('click');
    expect(w.emitted('open')![0]![0]).toMatchObject({ code: '62.03.01.2002' });
  });

  it('offers CSV and XLSX export', () => {
    const w = table();
    expect(w.findAll('.export-buttons button').map((b) => b.text())).toEqual(['CSV', 'XLSX']);
  });

  describe('exports and the audit log', () => {
    const realFetch = globalThis.fetch;
    const realCreate = URL.createObjectURL;
    afterEach(() => {
      globalThis.fetch = realFetch;
      URL.createObjectURL = realCreate;
    });
    /** The browser's own audit reports (POST /api/audit/export) this test saw. */
    function watchReports(): string[] {
      const reports: string[] = [];
      globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
        reports.push(`${init?.method ?? 'GET'} ${String(input)}`);
        return new Response(null, { status: 204 });
      }) as typeof fetch;
      URL.createObjectURL = () => 'blob:uji';
      return reports;
    }

    it('fetches the rows of an export through the API (which records it), no self-report', async () => {
      const reports = watchReports();
      const asked: unknown[] = [];
      const w = table({
        exportRows: async (q: unknown) => {
          asked.push(q);
          return rows;
        },
      });
      await w.findAll('.export-buttons button')[0]!.trigger('click');
      await flushPromises();
      expect(asked).toEqual([{ publik: true, ekspor: 'csv' }]);
      await w.find('select.export-mode').setValue('internal');
      await w.findAll('.export-buttons button')[1]!.trigger('click');
      await flushPromises();
      await new Promise((r) => setTimeout(r, 50));
      expect(asked).toEqual([
        { publik: true, ekspor: 'csv' },
        { publik: false, ekspor: 'xlsx' },
      ]);
      expect(reports.filter((r) => r.includes('/audit/export'))).toEqual([]);
    });

    it('a table of figures already on screen is still reported by the browser', async () => {
      const reports = watchReports();
      const w = table();
      await w.findAll('.export-buttons button')[0]!.trigger('click');
      await flushPromises();
      expect(reports).toEqual(['POST /api/audit/export']);
    });
  });
});
