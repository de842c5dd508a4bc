/** The few rules the API itself applies (api/README.md, "Rules the API applies"). */
import { describe, expect, it } from 'vitest';
import { targetStatus } from '../indicators/scorecard.service.js';
import { flattenRow } from './arrow.js';
import { previousPeriod } from './params.js';

describe('targetStatus', () => {
  it.each([
    [95, 90, 'higher_better', 'on_target'],
    [90, 90, 'higher_better', 'on_target'],
    [81, 90, 'higher_better', 'near'], // 9 short of 90: within 10%
    [80.9, 90, 'higher_better', 'off'],
    [14, 14, 'lower_better', 'on_target'],
    [15.4, 14, 'lower_better', 'near'], // 1.4 over 14: exactly 10%
    [15.5, 14, 'lower_better', 'off'],
    [0, 0, 'lower_better', 'on_target'],
    [1, 0, 'lower_better', 'off'], // 10% of a zero target is zero
    [null, 90, 'higher_better', null],
    [50, null, 'higher_better', null],
  ] as const)('value %s, target %s, %s → %s', (value, target, direction, status) => {
    expect(targetStatus(value, target, direction)).toBe(status);
  });
});

describe('small helpers', () => {
  it('steps back one calendar month', () => {
    expect(previousPeriod('2024-06')).toBe('2024-05');
    expect(previousPeriod('2024-01')).toBe('2023-12');
  });

  it('flattens nested objects one level for Arrow', () => {
    expect(flattenRow({ code: 'a', kecamatan: { code: 'b', name: 'c' }, v: null })).toEqual({
      code: 'a',
      kecamatan_code: 'b',
      kecamatan_name: 'c',
      v: null,
    });
  });
});
