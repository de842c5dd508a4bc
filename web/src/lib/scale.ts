// Classed colour scale for choropleths and rankings. Colour-blind safe (ColorBrewer PRGn, 5
// classes, which keeps purple and green apart for deuteranopes) and direction-aware: the good end
// is always green, whether higher or lower is better. Areas without data get a neutral grey.
import type { Direction } from '../api/client.js';

/** From bad (purple) to good (green). */
export const PALETTE_BAD_TO_GOOD = ['#7b3294', '#c2a5cf', '#f7f7f7', '#a6dba0', '#008837'] as const;
export const NO_DATA_COLOUR = '#bdbdbd';
/** A desa whose count the API withheld (publik, 1–4 people): neutral, darker than "no data". */
export const SUPPRESSED_COLOUR = '#8a8f98';

export interface ColourClass {
  /** Inclusive lower bound. */
  from: number;
  /** Inclusive upper bound. */
  to: number;
  colour: string;
}

export interface ClassedScale {
  classes: ColourClass[];
  colourOf(value: number | null | undefined): string;
}

/** Rounds a break to two significant figures so the legend reads cleanly. */
function niceBreak(v: number): number {
  if (v === 0) return 0;
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Math.round(v / mag) * mag;
}

/**
 * Quantile classes over the values present (at most five; fewer when there are fewer distinct
 * values), coloured from bad to good according to the indicator's direction.
 */
export function classedScale(
  values: (number | null | undefined)[],
  direction: Direction,
): ClassedScale {
  const present = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  const distinct = [...new Set(present)];
  const n = Math.min(5, distinct.length);
  const bounds: number[] = [];
  if (n > 0) {
    const min = present[0]!;
    const max = present[present.length - 1]!;
    bounds.push(min);
    for (let i = 1; i < n; i++) {
      const q = present[Math.floor((i * present.length) / n)]!;
      const b = niceBreak(q);
      if (b > bounds[bounds.length - 1]! && b < max) bounds.push(b);
    }
    bounds.push(max);
  }
  const k = Math.max(0, bounds.length - 1) || (n === 1 ? 1 : 0);
  const colours = pickColours(k, direction);
  const classes: ColourClass[] = [];
  if (n === 1) classes.push({ from: distinct[0]!, to: distinct[0]!, colour: colours[0]! });
  else
    for (let i = 0; i < bounds.length - 1; i++)
      classes.push({ from: bounds[i]!, to: bounds[i + 1]!, colour: colours[i]! });

  return {
    classes,
    colourOf(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return NO_DATA_COLOUR;
      for (const c of classes) if (value <= c.to) return c.colour;
      return classes.length ? classes[classes.length - 1]!.colour : NO_DATA_COLOUR;
    },
  };
}

/** k colours spread over the palette, ordered from low value to high value. */
function pickColours(k: number, direction: Direction): string[] {
  const p = [...PALETTE_BAD_TO_GOOD];
  const spread: Record<number, number[]> = {
    1: [2],
    2: [0, 4],
    3: [0, 2, 4],
    4: [0, 1, 3, 4],
    5: [0, 1, 2, 3, 4],
  };
  const picked = (spread[k] ?? []).map((i) => p[i]!);
  return direction === 'higher_better' ? picked : picked.reverse();
}

/** Black or white text, whichever reads better on the given fill. */
export function textColourOn(fill: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
  if (!m) return '#000';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16) / 255);
  const lum = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return lum > 0.5 ? '#111' : '#fff';
}

/**
 * Legend text per class. A value on a break belongs to the lower class (`value <= to`), so for
 * whole numbers a class reads from the previous break + 1: '0 – 1', '2 – 5', '6 – 7'.
 */
export function classLabels(
  classes: ColourClass[],
  fmt: (v: number) => string,
  wholeNumbers: boolean,
): string[] {
  return classes.map((c, i) => {
    let from = c.from;
    if (wholeNumbers && i > 0) from = Math.floor(classes[i - 1]!.to) + 1;
    if (from >= c.to) return fmt(c.to);
    return `${fmt(from)} – ${fmt(c.to)}`;
  });
}
