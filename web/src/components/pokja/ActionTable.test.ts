import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import ActionTable from './ActionTable.vue';
import { i18n } from '../../i18n/index.js';
import type { PokjaAction } from '../../api/client.js';

function action(over: Partial<PokjaAction> = {}): PokjaAction {
  return {
    id: 1,
    meeting_id: 1,
    kecamatan: { code: '62.03.01', name: 'Selat', level: 'kecamatan' },
    area: { code: '62.03.01.1010', name: 'Selat Dalam', level: 'desa' },
    indicator: {
      id: 'gap_jkn_sasaran',
      label: 'Warga desil 1–4 tanpa JKN',
      unit: 'count',
      direction: 'lower_better',
    },
    title: 'Daftarkan anak ke PBI APBD',
    owner_opd: 'DINSOS',
    due_date: '2024-07-10',
    status: 'BARU',
    overdue: true,
    then: { period: '2024-06', value: 1204 },
    now: { period: '2024-07', value: 1000 },
    change: -204,
    improved: true,
    created_by: 'admin',
    created_at: '2024-07-01T02:00:00.000Z',
    updated_at: '2024-07-01T02:00:00.000Z',
    comments: [],
    ...over,
  };
}

const table = (actions: PokjaAction[], editable = false) =>
  mount(ActionTable, { props: { actions, editable }, global: { plugins: [i18n] } });

describe('ActionTable', () => {
  it('marks overdue actions and shows the indicator then and now with its direction', () => {
    const w = table([action()]);
    expect(w.find('tr.overdue .badge-overdue').text()).toBe('Terlambat');
    expect(w.text()).toContain('1.204 → 1.000');
    expect(w.find('.move-better').text()).toBe('−204 (membaik)');
    expect(w.text()).toContain('DINSOS · Jatuh tempo 10 Juli 2024');
  });

  it('calls a rise of a higher-is-better percentage an improvement, a fall a worsening', () => {
    const pct = {
      id: 'pbi_sasaran_pct',
      label: 'DTKS dengan PBI-JK aktif',
      unit: 'percent',
      direction: 'higher_better',
    };
    const w = table([
      action({
        id: 2,
        overdue: false,
        indicator: pct,
        then: { period: '2024-06', value: 60 },
        now: { period: '2024-07', value: 55.5 },
        change: -4.5,
        improved: false,
      }),
    ]);
    expect(w.find('tr.overdue').exists()).toBe(false);
    expect(w.find('.move-worse').text()).toBe('−4,5% (memburuk)');
  });

  it('offers status changes and comments when editable', () => {
    const w = table(
      [
        action({
          comments: [
            {
              id: 1,
              author: 'Dinsos',
              body: 'Data dikirim',
              created_at: '2024-07-02T03:00:00.000Z',
            },
          ],
        }),
      ],
      true,
    );
    expect(w.find('[data-testid="action-status"]').exists()).toBe(true);
    expect(w.text()).toContain('Komentar (1)');
    expect(table([]).text()).toContain('Tidak ada tindak lanjut terbuka.');
  });
});
