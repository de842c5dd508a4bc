/** The office's calendar: dates in WIB (Asia/Jakarta, UTC+7, no daylight saving). */

/** Today (or the day of `now`) in WIB, as YYYY-MM-DD. */
export function todayWib(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);
}
