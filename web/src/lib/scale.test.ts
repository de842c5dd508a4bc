import { describe, expect, it } from 'vitest';
import { classedScale, classLabels, NO_DATA_COLOUR, PALETTE_BAD_TO_GOOD } from './scale.js';

const GOOD = PALETTE_BAD_TO_GOOD[4];
const BAD = PALETTE_BAD_TO_GOOD[0];

describe('classedScale', () => {
  const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

  it('colours the best values green when higher is better', () => {
    const s = classedScale(values, 'higher_better');
    expect(s.colourOf(100)).toBe(GOOD);
    expect(s.colourOf(10)).toBe(BAD);
  });

  it('colours the best values green when lower is better', () => {
    const s = classedScale(values, 'lower_better');
    expect(s.colourOf(10)).toBe(GOOD);
    expect(s.colourOf(100)).toBe(BAD);
  });

  it('shows missing values as no data', () => {
    const s = classedScale([...values, null], 'higher_better');
    expect(s.colourOf(null)).toBe(NO_DATA_COLOUR);
    expect(s.colourOf(undefined)).toBe(NO_DATA_COLOUR);
  });

  it('has five contiguous classes covering min to max', () => {
    const s = classedScale(values, 'higher_better');
    expect(s.classes).toHaveLength(5);
    expect(s.classes[0]!.from).toBe(10);
    expect(s.classes.at(-1)!.to).toBe(100);
    for (let i = 1; i < s.classes.length; i++)
      expect(s.classes[i]!.from).toBe(s.classes[i - 1]!.to);
  });

  it('copes with one distinct value and with no values', () => {
    expect(classedScale([5, 5, 5], 'higher_better').classes).toHaveLength(1);
    const empty = classedScale([null, null], 'higher_better');
    expect(empty.classes).toHaveLength(0);
    expect(empty.colourOf(3)).toBe(NO_DATA_COLOUR);
  });
});

describe('classLabels', () => {
  it('starts a whole-number class after the previous break, so no count sits in two classes', () => {
    const classes = [
      { from: 0, to: 1, colour: 'a' },
      { from: 1, to: 5, colour: 'b' },
      { from: 5, to: 6, colour: 'c' },
    ];
    expect(classLabels(classes, String, true)).toEqual(['0 – 1', '2 – 5', '6']);
    expect(classLabels(classes, String, false)).toEqual(['0 – 1', '1 – 5', '5 – 6']);
  });
});
