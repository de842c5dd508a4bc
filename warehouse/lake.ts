/**
 * The lake as the warehouse reads it. A feed folder that was never received must behave as an
 * empty table, so every feed's columns are listed here once (they mirror the lake table of
 * warehouse/README.md) and a missing feed becomes an empty typed relation instead of a read error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { maskStoredValueSql } from './mask.js';
import { lakeRejectsDir, lakeRunsDir } from './data-folder.js';
import { sqlString } from './wilayah.js';

const bookkeeping = {
  _run_id: 'VARCHAR',
  _file: 'VARCHAR',
  _file_seq: 'INTEGER',
  _line: 'INTEGER',
};

export const lakeFeeds = {
  penduduk: {
    kode_desa: 'VARCHAR',
    tahun: 'INTEGER',
    jumlah_penduduk: 'INTEGER',
    jumlah_kk: 'INTEGER',
  },
  dtks: {
    periode: 'DATE',
    id_dtks: 'VARCHAR',
    nik: 'UUID',
    no_kk: 'UUID',
    kode_desa: 'VARCHAR',
    tanggal_lahir: 'DATE',
    jenis_kelamin: 'VARCHAR',
    hubungan_keluarga: 'VARCHAR',
    desil: 'INTEGER',
    disabilitas: 'VARCHAR',
    hamil: 'VARCHAR',
    pekerjaan: 'VARCHAR',
    tanggal_verifikasi: 'DATE',
  },
  // DTSEN releases (feed `dtsen`, docs/registry.md): family and member files, each replaced per
  // periode × kabupaten/kota on its own. A member's slice is its family's kabupaten.
  dtsen_keluarga: {
    periode: 'DATE',
    no_kk: 'UUID',
    kode_desa: 'VARCHAR',
    desil_nasional: 'INTEGER',
    desil_provinsi: 'INTEGER',
    desil_kabupaten_kota: 'INTEGER',
    pbi_nas: 'VARCHAR',
    pbi_pemda: 'VARCHAR',
    tanggal_verifikasi: 'DATE',
  },
  dtsen_anggota: {
    periode: 'DATE',
    nik: 'UUID',
    no_kk: 'UUID',
    tanggal_lahir: 'DATE',
    jenis_kelamin: 'VARCHAR',
    hubungan_keluarga: 'VARCHAR',
    disabilitas: 'VARCHAR',
    hamil: 'VARCHAR',
    pekerjaan: 'VARCHAR',
  },
  rujukan: {
    id_rujukan: 'VARCHAR',
    tanggal_keluhan: 'DATE',
    nik: 'UUID',
    kode_desa: 'VARCHAR',
    kategori: 'VARCHAR',
    kanal: 'VARCHAR',
    lembaga_tujuan: 'VARCHAR',
    status: 'VARCHAR',
    tanggal_selesai: 'DATE',
    diperbarui_pada: 'TIMESTAMPTZ',
  },
  bpjs_kesehatan: {
    periode: 'DATE',
    nik: 'UUID',
    kode_desa: 'VARCHAR',
    segmen: 'VARCHAR',
    status: 'VARCHAR',
  },
  bpjs_ketenagakerjaan: {
    periode: 'DATE',
    nik: 'UUID',
    kode_desa: 'VARCHAR',
    kategori: 'VARCHAR',
    status: 'VARCHAR',
  },
  pkh: {
    tahun: 'INTEGER',
    tahap: 'INTEGER',
    no_kk: 'UUID',
    kode_desa: 'VARCHAR',
    status_salur: 'VARCHAR',
    nominal: 'BIGINT',
  },
  puskesos: {
    kode_desa: 'VARCHAR',
    nama_puskesos: 'VARCHAR',
    status: 'VARCHAR',
    tanggal_sk: 'DATE',
  },
} as const satisfies Record<string, Record<string, string>>;

export type LakeFeed = keyof typeof lakeFeeds;

const rejectColumns = {
  run_id: 'VARCHAR',
  feed: 'VARCHAR',
  file: 'VARCHAR',
  line: 'INTEGER',
  column_name: 'VARCHAR',
  reason: 'VARCHAR',
  value: 'VARCHAR',
};

function hasFile(dir: string, suffix: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith(suffix));
}

function emptyRelation(columns: Record<string, string>): string {
  const list = Object.entries(columns).map(([name, type]) => `NULL::${type} AS ${name}`);
  return `(SELECT ${list.join(', ')} WHERE false)`;
}

/** Whether the lake holds at least one Parquet file of the feed. */
export function feedPresent(lakeDir: string, feed: LakeFeed): boolean {
  return hasFile(path.join(lakeDir, feed), '.parquet');
}

/** A FROM-able relation over a feed's Parquet files, or an empty one with the same columns. */
export function feedRelation(lakeDir: string, feed: LakeFeed): string {
  const dir = path.join(lakeDir, feed);
  if (!hasFile(dir, '.parquet')) return emptyRelation({ ...lakeFeeds[feed], ...bookkeeping });
  const glob = sqlString(path.join(dir, '**', '*.parquet'));
  return `read_parquet(${glob}, hive_partitioning = false, union_by_name = true)`;
}

/**
 * SELECT * over stored lake files of a feed (a glob or one file) as the ETL reads them back to
 * merge or look up: pseudonyms (the UUID columns) as UUID values, also where an older lake stored
 * them as 32 hex characters, so old and new rows compare and write alike.
 */
export function storedFilesSql(feed: LakeFeed, files: string): string {
  const read = `read_parquet(${sqlString(files)}, hive_partitioning = false, union_by_name = true)`;
  const pseudonyms = Object.entries(lakeFeeds[feed])
    .filter(([, type]) => type === 'UUID')
    .map(([column]) => `CAST(${column} AS UUID) AS ${column}`);
  return pseudonyms.length > 0
    ? `SELECT * REPLACE (${pseudonyms.join(', ')}) FROM ${read}`
    : `SELECT * FROM ${read}`;
}

/**
 * Run summaries, one JSON object per file: `json` column. A file that does not parse (a run killed
 * while writing it) is skipped: it must not stop every later build.
 */
export function runsRelation(lakeDir: string): string {
  const dir = lakeRunsDir(lakeDir);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => path.join(dir, f))
        .filter(parsesAsObject)
    : [];
  if (files.length === 0) return `(SELECT NULL::JSON AS json WHERE false)`;
  return `read_json_objects([${files.map(sqlString).join(', ')}], format = 'auto')`;
}

function parsesAsObject(file: string): boolean {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

export function rejectsRelation(lakeDir: string): string {
  const dir = lakeRejectsDir(lakeDir);
  const any = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.parquet'));
  if (!any) return emptyRelation(rejectColumns);
  const glob = sqlString(path.join(dir, '*.parquet'));
  // The ETL masks every value before storing it (warehouse/mask.ts) and cleans older stores; the rule
  // is applied once more here, so a value an older version stored never reaches a warehouse.
  return `(SELECT * REPLACE (${maskStoredValueSql('value', 'feed', 'column_name')} AS value)
    FROM read_parquet(${glob}, hive_partitioning = false, union_by_name = true))`;
}
