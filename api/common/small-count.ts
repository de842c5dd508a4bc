/**
 * Small-count protection (issue 6): in presentation mode and public exports, desa-level counts of
 * 1 to threshold − 1 people are not sent at all (`publik=true`); the web app writes "< 5". The
 * rule looks only at the catalogue unit of the indicator, so no formula is repeated here:
 *
 * - `count`: value (= numerator) small → value and numerator null.
 * - `rupiah`: the numerator is the gap count behind the amount (value = count × premium × 12,
 *   so the amount gives the count back) → numerator and value null.
 * - `percent`: numerator or denominator small → numerator, denominator and value null. Keeping
 *   the percentage alone is not enough: the denominator is often public elsewhere (the registry
 *   head count is the denominator of the PBI share), and 1 of 3 is 33.3% whatever is hidden.
 * - `days` (a median): the denominator is the number of records; small → denominator and value
 *   null (the median of one to four complaints is close to one person's own case).
 *
 * Zero stays zero (no person is revealed by "none"). Kecamatan and higher levels are never
 * suppressed. That rule alone (`mustSuppress`) marks the primary cells; `suppressionPattern` adds
 * the complementary ones, so that a kecamatan total minus its published desa never gives a
 * withheld desa back. Not covered: complements (a percentage near 100% of a known denominator);
 * see api/README.md.
 */
import { catalogue } from '../../warehouse/catalogue.js';

export interface Figures {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Percent indicators whose numerator and denominator count desa, not people (`area_count`). */
const AREA_COUNTS = new Set(catalogue.filter((e) => e.area_count).map((e) => e.id));

/** True for a count that must not be shown: 1 ≤ n < threshold. Threshold 0 turns it off. */
export function isSmall(n: number | null | undefined, threshold: number): boolean {
  return n !== null && n !== undefined && n > 0 && n < threshold;
}

/** Whether the figures of one indicator (by id and unit) reveal a small number of people. */
export function mustSuppress(
  indicator: { id: string; unit: string },
  f: Figures,
  threshold: number,
): boolean {
  const small = (n: number | null) => isSmall(n, threshold);
  switch (indicator.unit) {
    case 'count':
      return small(f.value) || small(f.numerator);
    case 'rupiah':
      return small(f.numerator);
    case 'percent':
      return !AREA_COUNTS.has(indicator.id) && (small(f.numerator) || small(f.denominator));
    case 'days':
      return small(f.denominator);
    default:
      return false;
  }
}

/** The figures with every number that could reveal a small count replaced by null. */
export function suppressFigures<T extends Figures>(
  indicator: { id: string; unit: string },
  row: T,
  threshold: number,
): T & { suppressed: boolean } {
  return withhold(row, mustSuppress(indicator, row, threshold));
}

/** The figures as published: all three null and marked when `withheld` (suppressionPattern). */
export function withhold<T extends Figures>(
  row: T,
  withheld: boolean,
): T & { suppressed: boolean } {
  if (!withheld) return { ...row, suppressed: false };
  return { ...row, numerator: null, denominator: null, value: null, suppressed: true };
}

/** A plain people count (breakdown cells, aging buckets): null when small. */
export function suppressCount(n: number | null, threshold: number): number | null {
  return isSmall(n, threshold) ? null : n;
}

/** Publik rules apply only to desa rows, and only when the threshold is on. */
export function appliesTo(level: string, publik: boolean, threshold: number): boolean {
  return publik && threshold > 0 && level === 'desa';
}

/** A desa cell of one indicator and period: its figures and its area code. */
export interface Cell extends Figures {
  code: string;
}

/**
 * The figures of a unit that add up from desa to kecamatan and are published for the kecamatan
 * (warehouse/structure.test.ts "rollup"): the ones a kecamatan total minus its other desa gives
 * back. A percent's value and a median are no such figures (they hide with their cell).
 */
const ADDITIVE: Record<string, readonly (keyof Figures)[]> = {
  count: ['value'],
  rupiah: ['numerator'],
  percent: ['numerator', 'denominator'],
  days: ['denominator'],
};

/** The additive figures of a unit (none for an unknown one). */
export function additiveFigures(unit: string): readonly (keyof Figures)[] {
  return ADDITIVE[unit] ?? [];
}

/**
 * The desa cells to withhold among ALL desa cells of one kecamatan, for one indicator and period
 * (api/README.md, "Small counts"). The one place the pattern is decided, so every endpoint
 * withholds the same cells: the union, over the unit's additive figures, of `figurePattern` —
 * plus the `forced` cells (withheld for another reason), which need the same protection.
 *
 * Per figure, not per indicator, so that indicators carrying the same figure (the registry head count
 * is the denominator of the PBI share and of the verified share) withhold it in the same desa:
 * its pattern depends on its values only. Deterministic: the same cells give the same set
 * whatever their order.
 */
export function suppressionPattern(
  indicator: { id: string; unit: string },
  cells: readonly Cell[],
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
): Set<string> {
  if (threshold <= 0) return new Set();
  const out = new Set(
    cells
      .filter((c) => forced.has(c.code) || mustSuppress(indicator, c, threshold))
      .map((c) => c.code),
  );
  // An `area_count` indicator counts desa, not people: only forced cells need hiding there.
  const onlyForced = indicator.unit === 'percent' && AREA_COUNTS.has(indicator.id);
  for (const f of additiveFigures(indicator.unit)) {
    const amounts = cells.map((c) => ({ code: c.code, n: Math.max(0, c[f] ?? 0) }));
    for (const code of figurePattern(amounts, threshold, forced, onlyForced)) out.add(code);
  }
  return out;
}

/**
 * One additive figure of every desa of a kecamatan (`n`), the kecamatan's total being published:
 *
 * 1. primary: the desa where it is small (1..threshold − 1), and `forced` ones where it is not 0;
 * 2. complementary: while fewer than two desa are withheld, or what they add up to is itself
 *    small, the next-smallest non-zero desa is withheld too (smallest first, ties by area code).
 *    A zero never helps: zeros stay published;
 * 3. when no choice of desa gets there (the kecamatan total is small, or it has one non-zero
 *    desa), every desa of the kecamatan is withheld: the kecamatan total (never withheld) then
 *    says how many, but not where.
 *
 * `onlyForced`: small figures are not withheld for themselves (they count desa, not people).
 */
export function figurePattern(
  cells: readonly { code: string; n: number }[],
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
  onlyForced = false,
): Set<string> {
  if (threshold <= 0) return new Set();
  const first = cells.filter(
    (c) => c.n > 0 && (forced.has(c.code) || (!onlyForced && c.n < threshold)),
  );
  if (first.length === 0) return new Set();
  const withheld = new Set(first.map((c) => c.code));
  let sum = first.reduce((s, c) => s + c.n, 0);
  const hidden = () => withheld.size >= 2 && sum >= threshold;
  const candidates = cells
    .filter((c) => !withheld.has(c.code) && c.n > 0)
    .sort((a, b) => a.n - b.n || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const c of candidates) {
    if (hidden()) break;
    withheld.add(c.code);
    sum += c.n;
  }
  return hidden() ? withheld : new Set(cells.map((c) => c.code));
}
