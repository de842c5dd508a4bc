import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import AgencyTable from './AgencyTable.vue';
import type { RujukanBreakdown } from '../api/client.js';
import { testI18n } from '../test/setup.js';

const breakdown = {
  aging: [
    { bucket: '0-7', jumlah: 3 },
    { bucket: '>30', jumlah: 2 },
  ],
  agencies: [
    {
      lembaga_tujuan: 'DINSOS',
      received: 10,
      closed: 8,
      median_days: 4,
      backlog: 1,
      aging: { '0-7': 2 },
    },
    {
      lembaga_tujuan: 'BPJS',
      received: 4,
      closed: null,
      median_days: null,
      backlog: 3,
      aging: { '>30': 2 },
      suppressed: ['closed', 'aging.0-7'],
    },
  ],
} as unknown as RujukanBreakdown;

function table(extra: Record<string, unknown> = {}) {
  return mount(AgencyTable, {
    props: { breakdown, filename: 'rujukan-lembaga', ...extra } as never,
    global: { plugins: [testI18n()] },
  });
}
const cell = (w: ReturnType<typeof table>, code: string, col: string) =>
  w.find(`tr[data-code="${code}"] [data-col="${col}"]`);

describe('AgencyTable: the receiving agencies of a referral breakdown', () => {
  it('lists the agencies, largest backlog first, with a column per aging bucket', () => {
    const w = table();
    expect(w.findAll('tbody tr').map((tr) => tr.attributes('data-code'))).toEqual([
      'BPJS',
      'DINSOS',
    ]);
    expect(cell(w, 'DINSOS', 'aging_0-7').text()).toBe('2');
    // a bucket the agency has no complaints in is 0, not missing
    expect(cell(w, 'DINSOS', 'aging_>30').text()).toBe('0');
    expect(cell(w, 'BPJS', 'received').text()).toBe('4');
  });

  it('marks withheld figures, the aging buckets under their column names', () => {
    const w = table();
    expect(cell(w, 'BPJS', 'closed').text()).toBe('< 5');
    expect(cell(w, 'BPJS', 'aging_0-7').text()).toBe('< 5');
    expect(cell(w, 'DINSOS', 'closed').text()).toBe('8');
  });

  it('without aging: the five columns only', () => {
    const w = table({ aging: false });
    expect(w.findAll('thead th').length).toBe(5);
    expect(w.find('[data-col="aging_0-7"]').exists()).toBe(false);
  });
});
