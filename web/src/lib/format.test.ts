import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatDate,
  formatPeriod,
  formatPeriodInProgress,
  formatValue,
  indicatorDataDate,
  newestDataDate,
} from './format.js';

describe('formatValue', () => {
  it('formats each unit the Indonesian way', () => {
    expect(formatValue(200 / 3, 'percent')).toBe('66,7%');
    expect(formatValue(1234567, 'count')).toBe('1.234.567');
    expect(formatValue(8, 'days')).toBe('8 hari');
    expect(formatValue(8.5, 'days')).toBe('8,5 hari');
    expect(formatValue(1234567, 'rupiah')).toBe('Rp 1.234.567');
    expect(formatValue(1_234_567_890, 'rupiah', { short: true })).toBe('Rp 1,2 M');
    expect(formatValue(345_600_000, 'rupiah', { short: true })).toBe('Rp 345,6 jt');
  });

  it('shows a dash for a missing value, never 0', () => {
    expect(formatValue(null, 'percent')).toBe('–');
    expect(formatValue(undefined, 'count')).toBe('–');
  });

  it('formats English with English separators', () => {
    expect(formatValue(200 / 3, 'percent', { locale: 'en' })).toBe('66.7%');
    expect(formatValue(1234567, 'count', { locale: 'en' })).toBe('1,234,567');
    expect(formatValue(1, 'days', { locale: 'en' })).toBe('1 day');
  });
});

describe('formatChange', () => {
  it('signs changes and speaks of points for percentages', () => {
    expect(formatChange(2.54, 'percent')).toBe('+2,5 poin');
    expect(formatChange(-3, 'count')).toBe('−3');
    expect(formatChange(0, 'days')).toBe('±0 hari');
    expect(formatChange(null, 'count')).toBe('–');
  });
});

describe('dates', () => {
  it('names months and days in Bahasa Indonesia', () => {
    expect(formatPeriod('2024-06')).toBe('Juni 2024');
    expect(formatPeriod('2024-06', 'en')).toBe('June 2024');
    expect(formatDate('2024-06-30')).toBe('30 Juni 2024');
  });

  it('takes the newest feed date for "data per"', () => {
    expect(newestDataDate({ dtks: '2024-05-01', rujukan: '2024-06-28', pkh: null })).toBe(
      '2024-06-28',
    );
    expect(newestDataDate({ pkh: null })).toBeNull();
  });
});

describe('indicatorDataDate', () => {
  const dates = {
    dtks: '2024-05-01',
    bpjs_kesehatan: '2024-06-01',
    rujukan: '2024-06-28',
    pkh: null,
  };
  it('is the oldest newest-period among the feeds the indicator reads', () => {
    expect(indicatorDataDate(['dtks', 'bpjs_kesehatan'], dates)).toBe('2024-05-01');
    expect(indicatorDataDate(['rujukan'], dates)).toBe('2024-06-28');
  });
  it('takes the newer of the two registry sources (a DTSEN release after the DTKS history)', () => {
    const withDtsen = { ...dates, dtsen: '2024-07-01' };
    expect(indicatorDataDate(['dtks', 'dtsen'], withDtsen)).toBe('2024-07-01');
    expect(indicatorDataDate(['dtks', 'dtsen', 'bpjs_kesehatan'], withDtsen)).toBe('2024-06-01');
    expect(indicatorDataDate(['dtks', 'dtsen'], dates)).toBe('2024-05-01');
  });
  it('ignores feeds never received; none at all gives null', () => {
    expect(indicatorDataDate(['dtks', 'pkh'], dates)).toBe('2024-05-01');
    expect(indicatorDataDate(['pkh'], dates)).toBeNull();
  });
});

describe('formatPeriodInProgress', () => {
  it('labels the month in progress with the as-of day (indicators.md, "Periods")', () => {
    expect(formatPeriodInProgress('2026-12', '2026-12-02')).toBe('Desember 2026, s.d. 2 Des');
    expect(formatPeriodInProgress('2026-12', '2026-12-02', 'en')).toBe('December 2026, to 2 Dec');
  });
});
