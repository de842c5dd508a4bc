// Formats figures the API computed; nothing here derives one figure from another. Formats follow
// the locale: id-ID by default ('66,7%', 'Rp 1,2 M', '8 hari'), en-GB as the second locale.
import type { Unit } from '../api/client.js';

export type Locale = 'id' | 'en';

const intlLocale = (locale: Locale) => (locale === 'id' ? 'id-ID' : 'en-GB');
const cache = new Map<string, Intl.NumberFormat>();

function nf(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(intlLocale(locale), options);
    cache.set(key, f);
  }
  return f;
}

/** Intl puts a no-break space between "Rp" and the figure; a plain space reads and copies the same. */
const plainSpaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

export function formatInteger(value: number, locale: Locale = 'id'): string {
  return nf(locale, { maximumFractionDigits: 0 }).format(value);
}

export function formatDecimal(value: number, locale: Locale = 'id', digits = 1): string {
  return nf(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatPercent(value: number, locale: Locale = 'id'): string {
  return `${formatDecimal(value, locale, 1)}%`;
}

export function formatDays(value: number, locale: Locale = 'id'): string {
  const digits = Number.isInteger(value) ? 0 : 1;
  const n = formatDecimal(value, locale, digits);
  return locale === 'id' ? `${n} hari` : `${n} ${value === 1 ? 'day' : 'days'}`;
}

/** Full Rupiah: 'Rp 1.234.567'. */
export function formatRupiah(value: number, locale: Locale = 'id'): string {
  return `Rp ${formatInteger(Math.round(value), locale)}`;
}

/** Short Rupiah for tiles and axes: 'Rp 1,2 M' (miliar), 'Rp 345 jt' (juta). */
export function formatRupiahShort(value: number, locale: Locale = 'id'): string {
  if (Math.abs(value) < 1000) return formatRupiah(value, locale);
  const compact = nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  return plainSpaces(`Rp ${compact}`);
}

export interface FormatOptions {
  locale?: Locale;
  /** Short Rupiah ('Rp 1,2 M') instead of the full figure. */
  short?: boolean;
  /** The API withheld this figure (a desa count of 1–4 with publik=true): written '< 5'. */
  suppressed?: boolean;
}

/** SMALL_COUNT_THRESHOLD of the API (GET /api/meta), set once the meta has loaded. */
let smallCountThreshold = 5;
export function setSmallCountThreshold(threshold: number | null | undefined): void {
  if (typeof threshold === 'number' && threshold > 0) smallCountThreshold = threshold;
}
export function getSmallCountThreshold(): number {
  return smallCountThreshold;
}

/**
 * What a withheld small count reads as, in every locale: '< 5'. The one place it is written;
 * the API has already left the figure out (api/README.md, "Small counts").
 */
export function formatSuppressed(): string {
  return `< ${smallCountThreshold}`;
}

/**
 * True when `field` of an API row was withheld. `suppressed` is a flag for rows of one indicator
 * (then every null figure of the row is a withheld one) or a list of field names (wide rows).
 */
export function isSuppressed(row: unknown, field = 'value'): boolean {
  if (!row || typeof row !== 'object' || !('suppressed' in row)) return false;
  const r = row as Record<string, unknown>;
  if (Array.isArray(r.suppressed)) return r.suppressed.includes(field);
  return r.suppressed === true && (r[field] === null || r[field] === undefined);
}

/** The text of a `{ id, en }` pair (catalogue labels and descriptions) in the locale shown. */
export function localised(text: { id: string; en: string }, locale: Locale | string): string {
  return locale === 'en' ? text.en : text.id;
}

/** A value in its indicator's unit; an em dash when there is no value (no data / denominator 0). */
export function formatValue(
  value: number | null | undefined,
  unit: Unit,
  opts: FormatOptions = {},
): string {
  if (opts.suppressed) return formatSuppressed();
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const locale = opts.locale ?? 'id';
  switch (unit) {
    case 'count':
      return formatInteger(value, locale);
    case 'percent':
      return formatPercent(value, locale);
    case 'days':
      return formatDays(value, locale);
    case 'rupiah':
      return opts.short ? formatRupiahShort(value, locale) : formatRupiah(value, locale);
  }
}

/** A change between two months, signed, in the unit's terms ('+2,5 poin' for percentages). */
export function formatChange(
  change: number | null | undefined,
  unit: Unit,
  locale: Locale = 'id',
): string {
  if (change === null || change === undefined || Number.isNaN(change)) return '–';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const abs = Math.abs(change);
  switch (unit) {
    case 'percent':
      return `${sign}${formatDecimal(abs, locale, 1)} ${locale === 'id' ? 'poin' : 'pts'}`;
    case 'count':
      return `${sign}${formatInteger(abs, locale)}`;
    case 'days':
      return `${sign}${formatDays(abs, locale)}`;
    case 'rupiah':
      return `${sign}${formatRupiahShort(abs, locale)}`;
  }
}

/** 'YYYY-MM' → 'Juni 2024'. */
export function formatPeriod(period: string, locale: Locale = 'id'): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(intlLocale(locale), {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/**
 * The month in progress (GET /api/meta `in_progress_period`), always labelled as such:
 * 'Desember 2026, s.d. 2 Des' / 'December 2026, to 2 Dec' (its figures cover the days up to as-of).
 */
export function formatPeriodInProgress(
  period: string,
  asOf: string,
  locale: Locale = 'id',
): string {
  const d = new Date(`${asOf}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return formatPeriod(period, locale);
  const day = new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
    .format(d)
    .replace(/\.$/, '');
  return `${formatPeriod(period, locale)}, ${locale === 'id' ? 's.d.' : 'to'} ${day}`;
}

/** 'YYYY-MM-DD' (or an ISO timestamp) → '30 Juni 2024'. */
export function formatDate(date: string | null | undefined, locale: Locale = 'id'): string {
  if (!date) return '–';
  const d = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

export function formatDateTime(date: string | null | undefined, locale: Locale = 'id'): string {
  if (!date) return '–';
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** The newest date among the feeds behind a figure: what "data per <date>" shows. */
export function newestDataDate(dates: Record<string, string | null> | undefined): string | null {
  if (!dates) return null;
  const all = Object.values(dates)
    .filter((d): d is string => !!d)
    .sort();
  return all.length ? all[all.length - 1]! : null;
}

/**
 * The data date of one indicator: the oldest of the newest periods of the feeds it is computed
 * from (a coverage figure is only as recent as the older of DTKS and the BPJS list).
 */
/** The feeds that are sources of the one registry (DTKS history, DTSEN releases). */
const REGISTRY_FEEDS = ['dtks', 'dtsen'];

export function indicatorDataDate(
  feeds: readonly string[] | undefined,
  dates: Record<string, string | null> | undefined,
): string | null {
  if (!dates) return null;
  if (!feeds?.length) return newestDataDate(dates);
  // DTKS and DTSEN are two sources of one registry (docs/registry.md): the registry's date is
  // the newer of the two, not the old DTKS date that a DTSEN release has replaced.
  const registry = feeds.filter((f) => REGISTRY_FEEDS.includes(f));
  const registryDate = registry
    .map((f) => dates[f])
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  const own = feeds
    .filter((f) => !REGISTRY_FEEDS.includes(f))
    .map((f) => dates[f])
    .concat(registryDate ?? null)
    .filter((d): d is string => !!d)
    .sort();
  return own[0] ?? null;
}
