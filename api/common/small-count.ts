/**
 * Small-count protection (issue 6): in presentation mode and public exports, desa-level counts of
 * 1 to threshold − 1 people are not sent at all (`publik=true`); the web app writes "< 5". The
 * rule looks only at the catalogue unit of the indicator, so no formula is repeated here:
 *
 * - `count`: value (= numerator) small → value and numerator null.
 * - `rupiah`: the numerator is the gap count behind the amount (value = count × premium × 12,
 *   so the amount gives the count back) → numerator and value null.
 * - `percent`: numerator or denominator small → numerator, denominator and value null. Keeping
 *   the percentage alone is not enough: the denominator is often public elsewhere (dtks_individu
 *   is the denominator of pbi_dtks_pct), and 1 of 3 is 33.3% whatever is hidden.
 * - `days` (a median): the denominator is the number of records; small → denominator and value
 *   null (the median of one to four complaints is close to one person's own case).
 *
 * Zero stays zero (no person is revealed by "none"). Kecamatan and higher levels are never
 * suppressed. Not covered: differencing (a kecamatan total minus its other desa) and complements
 * (a percentage near 100% of a known denominator); see api/README.md.
 */
export interface Figures {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Percent indicators whose numerator and denominator count desa, not people. */
const AREA_COUNTS = new Set(['puskesos_desa_pct']);

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
  if (!mustSuppress(indicator, row, threshold)) return { ...row, suppressed: false };
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
