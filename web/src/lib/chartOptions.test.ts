import { describe, expect, it } from 'vitest';
import { rankingOption } from './chartOptions.js';
import { indicatorFixture } from '../test/setup.js';

const rows = [
  { code: 'a', name: 'A', numerator: 1, denominator: 4, value: 25 },
  { code: 'b', name: 'B', numerator: 0, denominator: 0, value: null },
  { code: 'c', name: 'C', numerator: 3, denominator: 4, value: 75 },
];

describe('rankingOption', () => {
  it('puts the best first by direction and no-data last', () => {
    const up = rankingOption(rows, indicatorFixture(), 'id') as { yAxis: { data: string[] } };
    expect(up.yAxis.data).toEqual(['C', 'A', 'B']);
    const down = rankingOption(rows, indicatorFixture({ direction: 'lower_better' }), 'id') as {
      yAxis: { data: string[] };
    };
    expect(down.yAxis.data).toEqual(['A', 'C', 'B']);
  });
});
