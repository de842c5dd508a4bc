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
