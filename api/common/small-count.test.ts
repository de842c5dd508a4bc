/** The small-count rule per catalogue unit (api/README.md, "Small counts"), on plain figures. */
import { describe, expect, it } from 'vitest';
import {
  appliesTo,
  figurePattern,
  isSmall,
  mustSuppress,
  suppressFigures,
  suppressionPattern,
} from './small-count.js';

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

/** Cells of one kecamatan: [code, numerator, denominator, value]. */
const cells = (...rows: [string, number | null, number | null, number | null][]) =>
  rows.map(([code, numerator, denominator, value]) => ({ code, numerator, denominator, value }));
const count = { id: 'registri_individu', unit: 'count' };
const sorted = (s: Set<string>) => [...s].sort();

describe('complementary suppression (differencing against the kecamatan total)', () => {
  it('nothing small: nothing withheld', () => {
    expect(suppressionPattern(count, cells(['a', 5, null, 5], ['b', 0, null, 0]), 5).size).toBe(0);
  });

  it('one small cell takes the next-smallest non-zero one with it (zeros do not hide)', () => {
    const kec = cells(['a', 1, null, 1], ['b', 0, null, 0], ['c', 7, null, 7], ['d', 6, null, 6]);
    expect(sorted(suppressionPattern(count, kec, 5))).toEqual(['a', 'd']);
  });

  it('ties go to the lower area code', () => {
    const kec = cells(['a', 2, null, 2], ['c', 6, null, 6], ['b', 6, null, 6]);
    expect(sorted(suppressionPattern(count, kec, 5))).toEqual(['a', 'b']);
  });

  it('two small cells whose sum is small take a third', () => {
    const kec = cells(['a', 1, null, 1], ['b', 2, null, 2], ['c', 9, null, 9], ['d', 8, null, 8]);
    expect(sorted(suppressionPattern(count, kec, 5))).toEqual(['a', 'b', 'd']);
  });

  it('small cells that already hide each other take nothing more', () => {
    const kec = cells(['a', 1, null, 1], ['b', 4, null, 4], ['c', 9, null, 9]);
    expect(sorted(suppressionPattern(count, kec, 5))).toEqual(['a', 'b']);
  });

  it('when no choice of cells can hide it (the kecamatan total is small), every desa goes', () => {
    const kec = cells(['a', 0, null, 0], ['b', 3, null, 3], ['c', 0, null, 0]);
    expect(sorted(suppressionPattern(count, kec, 5))).toEqual(['a', 'b', 'c']);
    const empty = cells(['a', 1, null, 1], ['b', 2, null, 2], ['c', null, null, null]);
    expect(sorted(suppressionPattern(count, empty, 5))).toEqual(['a', 'b', 'c']);
  });

  it('percent: numerator and denominator are both protected', () => {
    const pct = { id: 'pbi_sasaran_pct', unit: 'percent' };
    // small denominators, numerators 0: their sum (0) tells nothing new
    const zeroNum = cells(['a', 0, 1, 0], ['b', 0, 4, 0], ['c', 5, 10, 50]);
    expect(sorted(suppressionPattern(pct, zeroNum, 5))).toEqual(['a', 'b']);
    // a small numerator: the withheld numerators must add up to ≥ 5; the smallest non-zero one
    const smallNum = cells(['a', 2, 20, 10], ['b', 0, 10, 0], ['c', 6, 30, 20], ['d', 9, 40, 22.5]);
    expect(sorted(suppressionPattern(pct, smallNum, 5))).toEqual(['a', 'c']);
    // the kecamatan numerator is 2: no choice hides it, every desa goes
    const lone = cells(['a', 2, 20, 10], ['b', 0, 30, 0], ['c', 0, 40, 0]);
    expect(sorted(suppressionPattern(pct, lone, 5))).toEqual(['a', 'b', 'c']);
  });

  it('rupiah follows its gap count, days its number of complaints; puskesos_desa_pct never', () => {
    const rp = { id: 'anggaran_pbi_apbd', unit: 'rupiah' };
    const gaps = cells(['a', 1, null, 504000], ['b', 6, null, 3024000], ['c', 0, null, 0]);
    expect(sorted(suppressionPattern(rp, gaps, 5))).toEqual(['a', 'b']);
    const days = { id: 'rujukan_median_hari', unit: 'days' };
    const medians = cells(['a', null, 2, 9], ['b', null, 7, 3], ['c', null, 6, 4]);
    expect(sorted(suppressionPattern(days, medians, 5))).toEqual(['a', 'c']);
    const desaPct = { id: 'puskesos_desa_pct', unit: 'percent' };
    expect(suppressionPattern(desaPct, cells(['a', 1, 1, 100], ['b', 0, 1, 0]), 5).size).toBe(0);
  });

  it('forced cells (withheld elsewhere) count as withheld ones; threshold 0 withholds nothing', () => {
    const kec = cells(['a', 9, null, 9], ['b', 6, null, 6], ['c', 7, null, 7]);
    expect(sorted(suppressionPattern(count, kec, 5, new Set(['a'])))).toEqual(['a', 'b']);
    expect(suppressionPattern(count, cells(['a', 1, null, 1], ['b', 6, null, 6]), 0).size).toBe(0);
  });

  it('indicators sharing a figure withhold it in the same desa (per figure, not per indicator)', () => {
    // individu: 3, 10, 20, 30; terverifikasi: 3, 10, 2, 30. registri_individu hides individu in
    // {a, b}; registri_verifikasi_pct must not publish b's individu (its denominator) — else
    // the kecamatan's individu − c − d − b gives a's 3 back.
    const individu = cells(
      ['a', 3, null, 3],
      ['b', 10, null, 10],
      ['c', 20, null, 20],
      ['d', 30, null, 30],
    );
    const verif = cells(['a', 3, 3, 100], ['b', 10, 10, 100], ['c', 2, 20, 10], ['d', 30, 30, 100]);
    const pct = { id: 'registri_verifikasi_pct', unit: 'percent' };
    expect(sorted(suppressionPattern(count, individu, 5))).toEqual(['a', 'b']);
    expect(sorted(suppressionPattern(pct, verif, 5))).toEqual(['a', 'b', 'c']);
  });

  it('figurePattern: one figure, forced non-zero cells protected like small ones', () => {
    const n = (...v: [string, number][]) => v.map(([code, x]) => ({ code, n: x }));
    expect(sorted(figurePattern(n(['a', 9], ['b', 6], ['c', 0]), 5, new Set(['a'])))).toEqual([
      'a',
      'b',
    ]);
    // a forced zero needs nothing (zero is public); onlyForced ignores small ones
    expect(figurePattern(n(['a', 0], ['b', 6]), 5, new Set(['a'])).size).toBe(0);
    expect(figurePattern(n(['a', 1], ['b', 6]), 5, new Set(), true).size).toBe(0);
  });

  it('does not depend on the order of the cells', () => {
    const kec = cells(['d', 8, null, 8], ['c', 9, null, 9], ['b', 2, null, 2], ['a', 1, null, 1]);
    expect(sorted(suppressionPattern(count, kec, 5))).toEqual(['a', 'b', 'd']);
  });
});
