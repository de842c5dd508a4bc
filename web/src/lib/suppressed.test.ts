// The '< 5' of a withheld desa count (api/README.md, "Small counts"): written in one place
// (lib/format.ts) and used by the tiles, the tables and their exports.
import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { formatSuppressed, formatValue, isSuppressed, setSmallCountThreshold } from './format.js';
import KpiTile from '../components/KpiTile.vue';
import DataTable from '../components/DataTable.vue';
import { indicatorFixture, scorecardRowFixture, testI18n } from '../test/setup.js';

afterEach(() => setSmallCountThreshold(5));

describe('small counts', () => {
  it("formats a withheld figure as '< 5' in both locales, and follows the API's threshold", () => {
    expect(formatSuppressed()).toBe('< 5');
    expect(formatValue(null, 'count', { locale: 'id', suppressed: true })).toBe('< 5');
    expect(formatValue(null, 'percent', { locale: 'en', suppressed: true })).toBe('< 5');
    // Not withheld: a null is still "no data", a zero still 0.
    expect(formatValue(null, 'count', { locale: 'id' })).toBe('–');
    expect(formatValue(0, 'count', { locale: 'id', suppressed: false })).toBe('0');
    setSmallCountThreshold(10);
    expect(formatSuppressed()).toBe('< 10');
    setSmallCountThreshold(0); // off at the API: the label keeps its last meaningful value
    expect(formatSuppressed()).toBe('< 10');
  });

  it('reads both shapes of the flag: a row flag (null figures) and a list of fields', () => {
    const row = { value: null, numerator: null, denominator: null, suppressed: true };
    expect(isSuppressed(row)).toBe(true);
    expect(isSuppressed(row, 'denominator')).toBe(true);
    expect(isSuppressed({ value: 3, suppressed: false })).toBe(false);
    expect(isSuppressed({ value: 3 })).toBe(false);
    const wide = { gap_bpu: null, gap_pkh: 7, suppressed: ['gap_bpu'] };
    expect(isSuppressed(wide, 'gap_bpu')).toBe(true);
    expect(isSuppressed(wide, 'gap_pkh')).toBe(false);
  });

  it("shows '< 5' on a KPI tile of a withheld value, in Bahasa Indonesia and English", () => {
    for (const locale of ['id', 'en'] as const) {
      const w = mount(KpiTile, {
        props: {
          indicator: indicatorFixture({ id: 'registri_individu', unit: 'count' }),
          row: scorecardRowFixture({
            value: null,
            numerator: null,
            denominator: null,
            status: null,
            change: null,
            suppressed: true,
          }),
        } as never,
        global: { plugins: [testI18n(locale)] },
      });
      expect(w.find('.kpi-value').text()).toBe('< 5');
      expect(w.attributes('data-suppressed')).toBe('true');
    }
  });

  it("writes '< 5' in the withheld cells of a table, and nothing else", () => {
    const w = mount(DataTable, {
      props: {
        columns: [
          { key: 'name', label: 'Desa', text: true },
          { key: 'value', label: 'Nilai', unit: 'count' },
        ],
        rows: [
          { code: 'a', name: 'Anjir', value: null, suppressed: true },
          { code: 'b', name: 'Batuah', value: 0, suppressed: false },
          { code: 'c', name: 'Cemara', value: null, suppressed: false },
        ],
        filename: 'desa',
      } as never,
      global: { plugins: [testI18n('id')] },
    });
    const cells = w.findAll('td[data-col="value"]').map((c) => c.text());
    expect(cells).toEqual(['< 5', '0', '–']);
  });
});
