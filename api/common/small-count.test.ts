/** The small-count rule per catalogue unit (api/README.md, "Small counts"), on plain figures. */
import { describe, expect, it } from 'vitest';
import { appliesTo, isSmall, mustSuppress, suppressFigures } from './small-count.js';

const f = (numerator: number | null, denominator: number | null, value: number | null) => ({
  numerator,
  denominator,
  value,
});

describe('small counts', () => {
  it('1..t−1 are small; 0, t and unknown are not; t = 0 turns it off', () => {
    expect([0, 1, 4, 5, null].map((n) => isSmall(n, 5))).toEqual([false, true, true, false, false]);
    expect(isSmall(1, 0)).toBe(false);
  });

  it('count: the value; rupiah: the count behind the amount', () => {
    expect(mustSuppress({ id: 'gap_bpu', unit: 'count' }, f(3, null, 3), 5)).toBe(true);
    expect(mustSuppress({ id: 'gap_bpu', unit: 'count' }, f(0, null, 0), 5)).toBe(false);
    // Rp 2.016.000 = 4 people × Rp 42.000 × 12: the amount is large, the count small.
    expect(mustSuppress({ id: 'anggaran_pbi_apbd', unit: 'rupiah' }, f(4, null, 2016000), 5)).toBe(
      true,
    );
  });

  it('percent: numerator or denominator; not the desa-counting puskesos_desa_pct', () => {
    expect(mustSuppress({ id: 'pkh_pct', unit: 'percent' }, f(0, 3, 0), 5)).toBe(true);
    expect(mustSuppress({ id: 'pkh_pct', unit: 'percent' }, f(2, 50, 4), 5)).toBe(true);
    expect(mustSuppress({ id: 'pkh_pct', unit: 'percent' }, f(5, 50, 10), 5)).toBe(false);
    expect(mustSuppress({ id: 'puskesos_desa_pct', unit: 'percent' }, f(1, 1, 100), 5)).toBe(false);
  });

  it('days: a median over 1–4 complaints (the denominator) goes, value and all', () => {
    const median = f(null, 2, 9);
    expect(mustSuppress({ id: 'rujukan_median_hari', unit: 'days' }, median, 5)).toBe(true);
    expect(suppressFigures({ id: 'rujukan_median_hari', unit: 'days' }, median, 5)).toEqual({
      numerator: null,
      denominator: null,
      value: null,
      suppressed: true,
    });
    expect(mustSuppress({ id: 'rujukan_median_hari', unit: 'days' }, f(null, 6, 9), 5)).toBe(false);
  });

  it('applies to publik desa rows only, with the threshold on', () => {
    expect(appliesTo('desa', true, 5)).toBe(true);
    expect(appliesTo('kecamatan', true, 5)).toBe(false);
    expect(appliesTo('desa', false, 5)).toBe(false);
    expect(appliesTo('desa', true, 0)).toBe(false);
  });
});
