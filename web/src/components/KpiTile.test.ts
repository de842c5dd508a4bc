import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import KpiTile from './KpiTile.vue';
import { indicatorFixture, scorecardRowFixture, testI18n } from '../test/setup.js';

function tile(props: Record<string, unknown>, locale: 'id' | 'en' = 'id') {
  return mount(KpiTile, { props: props as never, global: { plugins: [testI18n(locale)] } });
}

describe('KpiTile', () => {
  it('shows value, target, status in words and the change since the previous month', () => {
    const w = tile({
      indicator: indicatorFixture(),
      row: scorecardRowFixture(),
      previousPeriod: '2024-05',
      dataDate: '2024-06-28',
    });
    expect(w.find('.kpi-value').text()).toBe('66,7%');
    expect(w.text()).toContain('Target 90,0%');
    expect(w.find('.kpi-status').text()).toContain('Di bawah target');
    expect(w.find('.kpi-change').text()).toContain('+16,7 poin dari Mei 2024');
    expect(w.find('.kpi-change').classes()).toContain('trend-better');
    expect(w.text()).toContain('data per 28 Juni 2024');
    expect(w.attributes('data-value')).toBe(String(200 / 3));
  });

  it('judges a rise as worse when lower is better', () => {
    const indicator = indicatorFixture({
      id: 'rujukan_tunggakan',
      unit: 'count',
      direction: 'lower_better',
      target: 0,
    });
    const w = tile({
      indicator,
      row: scorecardRowFixture({ indicator, value: 12, change: 4, status: 'off', target: 0 }),
      previousPeriod: '2024-05',
    });
    expect(w.find('.kpi-value').text()).toBe('12');
    expect(w.find('.kpi-change').classes()).toContain('trend-worse');
    expect(w.find('.kpi-change').text()).toContain('+4');
  });

  it('says when there is no value and no previous month', () => {
    const w = tile({
      indicator: indicatorFixture(),
      row: scorecardRowFixture({ value: null, change: null, status: null }),
      previousPeriod: null,
    });
    expect(w.find('.kpi-value').text()).toBe('–');
    expect(w.text()).toContain('Tidak ada bulan sebelumnya');
    expect(w.classes()).toContain('status-none');
  });

  it('emits the indicator id when chosen, and speaks English when asked', async () => {
    const w = tile(
      { indicator: indicatorFixture(), row: scorecardRowFixture(), previousPeriod: '2024-05' },
      'en',
    );
    expect(w.find('.kpi-label').text()).toBe('DTKS with active PBI-JK');
    expect(w.find('.kpi-value').text()).toBe('66.7%');
    await w.trigger('click');
    expect(w.emitted('select')).toEqual([['pbi_sasaran_pct']]);
  });
});
