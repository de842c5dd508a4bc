/** Calendar arithmetic on day numbers (days since 1970-01-01, UTC); all demo dates are WIB dates. */

const DAY_MS = 86_400_000;

export function dayOf(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Civil date of a day number, without allocating a Date (hot path: millions of rows). */
export function ymd(day: number): { y: number; m: number; d: number } {
  // Howard Hinnant's civil_from_days.
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** `DD/MM/YYYY`, the Indonesian-locale export format. */
export function dmy(day: number): string {
  const { y, m, d } = ymd(day);
  return `${p2(d)}/${p2(m)}/${y}`;
}

export function iso(day: number): string {
  const { y, m, d } = ymd(day);
  return `${y}-${p2(m)}-${p2(d)}`;
}

/** A timestamp given as day + minutes after midnight WIB. */
export function wibStamp(day: number, minutes: number, isoForm: boolean): string {
  const hh = p2(Math.floor(minutes / 60));
  const mm = p2(minutes % 60);
  return isoForm ? `${iso(day)}T${hh}:${mm}:00+07:00` : `${dmy(day)} ${hh}:${mm}`;
}

/** A month as an index: y * 12 + (m - 1). */
export type MonthIndex = number;

export function parseMonth(text: string): MonthIndex | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return Number(m[1]) * 12 + month - 1;
}

export function monthYear(mi: MonthIndex): number {
  return Math.floor(mi / 12);
}

export function monthNumber(mi: MonthIndex): number {
  return (mi % 12) + 1;
}

export function monthLabel(mi: MonthIndex): string {
  return `${monthYear(mi)}-${p2(monthNumber(mi))}`;
}

export function firstDay(mi: MonthIndex): number {
  return dayOf(monthYear(mi), monthNumber(mi), 1);
}

export function lastDay(mi: MonthIndex): number {
  return firstDay(mi + 1) - 1;
}

/** Today's date in WIB (UTC+7), as a day number. */
export function todayWib(now = Date.now()): number {
  return Math.floor((now + 7 * 3_600_000) / DAY_MS);
}

/** Whole years between a birth day and a reference day. */
export function ageOn(birth: number, ref: number): number {
  const b = ymd(birth);
  const r = ymd(ref);
  let age = r.y - b.y;
  if (r.m < b.m || (r.m === b.m && r.d < b.d)) age--;
  return age;
}
