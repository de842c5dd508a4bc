/**
 * The code lists of the referral (rujukan) feed, once: the ETL accepts exactly these codes
 * (etl/feeds.ts), the warehouse stores them, the API serves them in `GET /api/meta` (`codes`) and
 * the web takes them from there (labels stay in web/src/i18n). Order is meaningful: `status`
 * runs in the order a complaint moves (the funnel of the Rujukan page).
 */
export const rujukanCodes = {
  kategori: [
    'KESEHATAN',
    'PENDIDIKAN',
    'ADMINDUK',
    'BANSOS',
    'JAMINAN_SOSIAL',
    'DISABILITAS',
    'LANSIA',
    'RUMAH_TIDAK_LAYAK',
    'EKONOMI',
    'LAINNYA',
  ],
  kanal: ['PUSKESOS', 'SLRT', 'TKSK', 'PENDAMPING_PKH', 'DARING'],
  lembaga_tujuan: [
    'DINSOS',
    'DINKES',
    'DISDIK',
    'DISDUKCAPIL',
    'BPJS_KESEHATAN',
    'BPJS_KETENAGAKERJAAN',
    'DISNAKER',
    'PERKIM',
    'BAZNAS',
    'PEMDES',
    'LAINNYA',
  ],
  status: ['DITERIMA', 'DIRUJUK', 'DITINDAKLANJUTI', 'SELESAI', 'DITOLAK'],
} as const satisfies Record<string, readonly string[]>;

export type RujukanCodeList = keyof typeof rujukanCodes;

/**
 * Age buckets of open complaints (`rujukan_aging.bucket`), youngest first: a complaint `umur`
 * days old on the month's last day falls in the first bucket with `umur <= max_days`
 * (`max_days` null: every older one). The warehouse computes them from this list (build.ts
 * renders `{{aging_bucket}}`); the API serves them in this order.
 */
export const agingBuckets = [
  { id: '0-7', max_days: 7 },
  { id: '8-14', max_days: 14 },
  { id: '15-30', max_days: 30 },
  { id: '>30', max_days: null },
] as const;

export const AGING_BUCKET_IDS: readonly string[] = agingBuckets.map((b) => b.id);

/** The oldest bucket: complaints the Pokja agenda raises per agency. */
export const OLDEST_AGING_BUCKET: string = agingBuckets[agingBuckets.length - 1].id;

/** SQL CASE mapping the column `umur` (days) to its bucket id. */
export function agingBucketSql(column = 'umur'): string {
  const whens = agingBuckets.map((b) =>
    b.max_days === null ? `ELSE '${b.id}'` : `WHEN ${column} <= ${b.max_days} THEN '${b.id}'`,
  );
  return `CASE ${whens.join(' ')} END`;
}
