/** Small pieces of the demo generator: calendar arithmetic, randomness, command line. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli.js';
import { ageOn, dayOf, wibStamp, ymd } from './dates.js';
import { DemoOptionsError } from './generate.js';
import { Rng } from './random.js';

describe('dates', () => {
  it('ymd agrees with the JavaScript calendar from 1900 to 2100', () => {
    for (let day = dayOf(1900, 1, 1); day <= dayOf(2100, 12, 31); day += 7) {
      const dt = new Date(day * 86_400_000);
      expect(ymd(day)).toEqual({
        y: dt.getUTCFullYear(),
        m: dt.getUTCMonth() + 1,
        d: dt.getUTCDate(),
      });
    }
    expect(ymd(dayOf(2024, 2, 29))).toEqual({ y: 2024, m: 2, d: 29 });
  });

  it('age counts whole years, birthday included', () => {
    expect(ageOn(dayOf(1985, 3, 12), dayOf(2024, 3, 11))).toBe(38);
    expect(ageOn(dayOf(1985, 3, 12), dayOf(2024, 3, 12))).toBe(39);
  });

  it('timestamps in both export styles, WIB', () => {
    expect(wibStamp(dayOf(2024, 5, 3), 9 * 60 + 10, false)).toBe('03/05/2024 09:10');
    expect(wibStamp(dayOf(2024, 5, 10), 14 * 60, true)).toBe('2024-05-10T14:00:00+07:00');
  });
});

describe('Rng', () => {
  it('is reproducible per (seed, label) and differs across labels', () => {
    const draw = (seed: number, label: string): number[] => {
      const r = new Rng(seed, label);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
  });

  it('draws uniformly in [0, 1) and weighted keys in proportion', () => {
    const r = new Rng(42, 'uji');
    const counts = { a: 0, b: 0 };
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = r.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      counts[r.weighted({ a: 3, b: 1 })]++;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    expect(counts.a / counts.b).toBeGreaterThan(2.7);
    expect(counts.a / counts.b).toBeLessThan(3.3);
  });
});

describe('command line', () => {
  it('reads every option, with or without =', () => {
    expect(
      parseArgs([
        '--out',
        '/tmp/x',
        '--seed',
        '3',
        '--scale=0.5',
        '--end',
        '2026-06',
        '--months',
        '12',
      ]),
    ).toEqual({
      out: '/tmp/x',
      seed: 3,
      scale: 0.5,
      end: '2026-06',
      months: 12,
    });
  });

  it('explains bad arguments', () => {
    expect(() => parseArgs([])).toThrow(/--out DIR wajib/);
    expect(() => parseArgs(['--out'])).toThrow(/--out butuh nilai/);
    expect(() => parseArgs(['--out', 'x', '--scale', 'besar'])).toThrow(/--scale harus angka/);
    expect(() => parseArgs(['--out', 'x', '--kabupaten', '62.03'])).toThrow(
      /tidak dikenal: --kabupaten/,
    );
    expect(() => parseArgs(['--out', 'x', '--seed'])).toThrow(DemoOptionsError);
  });
});
