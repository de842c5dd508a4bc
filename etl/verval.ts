/**
 * Named action lists for the Musdes / verval team, made on the server by the key holder only:
 *
 *   npm run daftar-verval -- --data DIR --desa KODE --daftar INDICATOR --tujuan "TEXT" --out FILE.xlsx
 *
 * The list's pseudonyms come from the published warehouse (mart daftar_aksi, opened read-only);
 * they are re-identified by re-reading the raw exports the ETL archived in `<data>/archive/`
 * with the ETL's own readers (etl/readers.ts), normalising NIK / no_kk with the ETL's rules and
 * hashing them with the same HMAC and the data folder's key (`PSEUDONYM_KEY`, else
 * `<data>/pseudonym.key`; etl/key.ts). The workbook (mode 0600) holds the purpose, the date and
 * who made it on its first sheet, then the rows with NIK, no_kk and name as found. Every use is
 * appended to `<data>/audit-offline.jsonl` (warehouse/data-folder.ts: who, when, desa, list, row
 * count, output file; never a name or NIK), which the API imports into its audit log: this
 * command never opens app.duckdb, which the running API holds.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { catalogue } from '../warehouse/catalogue.js';
import { loadSharedConfig } from '../warehouse/config.js';
import { dataFolder } from '../warehouse/data-folder.js';
import { sqlString, wilayahCsv } from '../warehouse/wilayah.js';
import { feedSpecs, type ColumnSpec, type FeedName, type FeedSpec } from './feeds.js';
import { parseKey } from './key.js';
import { readMappings } from './mappings.js';
import { readFeedFile, SUPPORTED_EXTENSIONS } from './readers.js';
import { macroSql } from './validate.js';

export const USAGE =
  'Pemakaian: npm run daftar-verval -- --data DIR --desa KODE --daftar INDIKATOR ' +
  '--tujuan "TEKS" --out BERKAS.xlsx';

export class VervalError extends Error {}

export interface VervalOptions {
  data: string;
  desa: string;
  daftar: string;
  tujuan: string;
  out: string;
  /** Who runs it (the OS user by default). */
  actor?: string;
  /** Hex key; else PSEUDONYM_KEY, else `<data>/pseudonym.key`. */
  key?: string;
}

export interface VervalResult {
  out: string;
  period: string;
  rows: number;
  /** Rows re-identified from the archive. */
  found: number;
}

export function parseArgs(argv: readonly string[]): VervalOptions {
  const opts: Partial<VervalOptions> = {};
  const flags: Record<string, keyof VervalOptions> = {
    '--data': 'data',
    '--desa': 'desa',
    '--daftar': 'daftar',
    '--tujuan': 'tujuan',
    '--out': 'out',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s) as [string, string])
      : [arg, undefined];
    const field = flags[flag];
    if (!field) throw new VervalError(`Opsi tidak dikenal: ${flag}. ${USAGE}`);
    const v = inline ?? argv[++i];
    if (v === undefined || v.startsWith('--'))
      throw new VervalError(`${flag} butuh nilai. ${USAGE}`);
    opts[field] = v;
  }
  for (const [flag, field] of Object.entries(flags))
    if (!opts[field]?.trim()) throw new VervalError(`${flag} wajib. ${USAGE}`);
  return opts as VervalOptions;
}

/** The key of the data folder, never a new one (etl/key.ts creates; this only reads). */
async function loadKey(dataDir: string, configured: string | undefined): Promise<Buffer> {
  if (configured) return parseKey(configured, 'PSEUDONYM_KEY');
  const file = dataFolder(dataDir).key;
  if (!existsSync(file))
    throw new VervalError(
      `Kunci pseudonim tidak ada (${file}) dan PSEUDONYM_KEY tidak diisi: hanya pemegang kunci ` +
        `yang dapat membuat daftar bernama.`,
    );
  return parseKey(await readFile(file, 'utf8'), file);
}

interface ListRow {
  pseudonym: string;
  jenis: string;
  kelompok_umur: string | null;
  desil: number | null;
  program: string;
  sejak: string;
}

/** The list's rows, from the published warehouse opened read-only. */
async function listRows(
  dataDir: string,
  list: string,
  desa: string,
): Promise<{ period: string; rows: ListRow[] }> {
  const file = dataFolder(dataDir).warehouse;
  if (!existsSync(file))
    throw new VervalError(`Warehouse belum ada (${file}): jalankan ETL dulu (npm run etl).`);
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const meta = (
      await conn.runAndReadAll(`SELECT value FROM warehouse_meta WHERE key = 'latest_period'`)
    ).getRowObjectsJS();
    const period = String(meta[0]?.value ?? '');
    const rows = (
      await conn.runAndReadAll(
        `SELECT pseudonym, jenis, kelompok_umur, CAST(desil AS INTEGER) AS desil, program, sejak
         FROM daftar_aksi WHERE list_id = $list AND period = $period AND kode_desa = $desa
         ORDER BY pseudonym`,
        { list, period, desa },
      )
    ).getRowObjectsJS() as unknown as ListRow[];
    return { period, rows };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The contract columns plus the name column the ETL never reads (`nama` and its headers). */
const NAME_COLUMN: ColumnSpec = {
  name: 'nama',
  kind: 'text',
  required: false,
  headers: ['NAMA LENGKAP', 'NAMA ART', 'NAMA ANGGOTA', 'NAMA PESERTA', 'NAMA KEPALA KELUARGA'],
};
const withName = (spec: FeedSpec): FeedSpec => ({
  ...spec,
  columns: [...spec.columns, NAME_COLUMN],
});

/** The feeds whose raw files carry the people (NIK) or households (no_kk) of a list. */
const FEEDS_OF: Record<string, FeedName[]> = {
  individu: ['dtks', 'dtsen', 'bpjs_kesehatan', 'bpjs_ketenagakerjaan'],
  keluarga: ['dtks', 'dtsen', 'pkh'],
};

interface Found {
  nik: string | null;
  no_kk: string | null;
  nama: string | null;
  kepala: boolean;
  sumber: string;
}

async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && SUPPORTED_EXTENSIONS.includes(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads the archived raw files (newest run first) and keeps, per wanted pseudonym, what the
 * rows say: NIK, no_kk, name; for a household its head where a row says so. Raw values stay in
 * this process's in-memory database and the workbook.
 */
async function reidentify(
  dataDir: string,
  key: Buffer,
  asOf: string,
  wanted: Set<string>,
  jenis: 'individu' | 'keluarga',
): Promise<Map<string, Found>> {
  const found = new Map<string, Found>();
  const archive = dataFolder(dataDir).archive;
  if (!existsSync(archive) || wanted.size === 0) return found;
  const runs = (await readdir(archive)).sort().reverse();
  const mappings = await readMappings(dataDir).catch(() => null);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const provinces = (
      await conn.runAndReadAll(
        `SELECT code FROM read_csv(${sqlString(wilayahCsv.provinces)}, header=true,
           columns={'code': 'VARCHAR', 'name': 'VARCHAR'})`,
      )
    )
      .getRowObjectsJS()
      .map((r) => String(r.code));
    await conn.run(macroSql({ asOf, provinceCodes: provinces, key }));
    // p: the list's pseudonym as etl_pseudo gives it (a UUID value); ref: as the list has it (text).
    await conn.run(`CREATE TEMP TABLE wanted (p UUID, ref VARCHAR)`);
    await insertWanted(conn, [...wanted]);
    let n = 0;
    for (const run of runs) {
      for (const feed of FEEDS_OF[jenis]!) {
        const dir = dataFolder(dataDir).archiveOf(run, feed);
        for (const file of await filesBelow(dir)) {
          const table = `raw_${n++}`;
          const read = await readFeedFile(conn, feedSpecs(feed).map(withName), file, table, {
            name: path.relative(dir, file),
            scratchDir: os.tmpdir(),
            columnMap: mappings?.columns[feed],
          });
          if (!read.ok) continue;
          const cols = new Set(read.spec.columns.map((c) => c.name));
          const has = async (c: string) =>
            cols.has(c) &&
            (
              await conn.runAndReadAll(
                `SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = '${table}' AND column_name = '${c}'`,
              )
            ).getRowObjectsJS()[0]?.n !== 0n;
          const match = jenis === 'individu' ? 'nik' : 'no_kk';
          if (!(await has(match))) {
            await conn.run(`DROP TABLE ${table}`);
            continue;
          }
          const col = (c: string) => (cols.has(c) ? `"${c}"` : 'NULL');
          const rows = (
            await conn.runAndReadAll(
              `SELECT w.ref AS p,
                 CAST(etl_nik(${col('nik')}) AS VARCHAR) AS nik,
                 CAST(etl_nik(${col('no_kk')}) AS VARCHAR) AS no_kk,
                 trim(${col('nama')}) AS nama,
                 coalesce(upper(${col('hubungan_keluarga')}) LIKE '%KEPALA%', false) AS kepala
               FROM ${table} JOIN wanted AS w ON w.p = etl_pseudo(etl_nik(${col(match)}))`,
            )
          ).getRowObjectsJS();
          for (const r of rows) {
            const p = String(r.p);
            const prev = found.get(p);
            const row: Found = {
              nik: r.nik === null ? null : String(r.nik).padStart(16, '0'),
              no_kk: r.no_kk === null ? null : String(r.no_kk).padStart(16, '0'),
              nama: (r.nama as string | null) || null,
              kepala: Boolean(r.kepala),
              sumber: `${run}/${feed}/${path.relative(dir, file)}`,
            };
            // newest run first: keep the first find, unless a later one names a missing name or
            // (households) the head
            if (
              !prev ||
              (!prev.nama && row.nama) ||
              (jenis === 'keluarga' && !prev.kepala && row.kepala)
            )
              found.set(p, row);
          }
          await conn.run(`DROP TABLE ${table}`);
          await conn.run(`DROP TABLE IF EXISTS ${table}_broken`);
        }
      }
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return found;
}

async function insertWanted(conn: DuckDBConnection, values: string[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500).filter((v) => /^[0-9a-f]{32}$/.test(v));
    if (chunk.length)
      await conn.run(
        `INSERT INTO wanted VALUES ${chunk.map((v) => `('${v}', '${v}')`).join(', ')}`,
      );
  }
}

/** Appends one line to `<data>/audit-offline.jsonl` (mode 0600): no name, NIK or purpose text. */
export async function recordOffline(
  dataDir: string,
  entry: { actor: string; action: string; target: string; detail: Record<string, unknown> },
): Promise<void> {
  const file = dataFolder(dataDir).auditOffline;
  const line = { id: randomUUID(), at: new Date().toISOString(), ...entry };
  await appendFile(file, JSON.stringify(line) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
}

export async function runVerval(opts: VervalOptions): Promise<VervalResult> {
  const dataDir = path.resolve(opts.data);
  const out = path.resolve(opts.out);
  if (!out.toLowerCase().endsWith('.xlsx'))
    throw new VervalError(`--out harus berakhiran .xlsx, bukan ${opts.out}`);
  if (existsSync(out))
    throw new VervalError(`${out} sudah ada: pilih nama berkas lain (tidak ditimpa).`);
  if (!(await stat(path.dirname(out)).catch(() => null))?.isDirectory())
    throw new VervalError(`Folder ${path.dirname(out)} tidak ada.`);
  if (opts.tujuan.trim().length < 10)
    throw new VervalError(
      '--tujuan harus menjelaskan keperluannya (minimal 10 karakter), misalnya "Musdes verval PBI Desa X, 12 Agustus".',
    );
  if (!/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(opts.desa))
    throw new VervalError(
      `--desa harus kode desa bertitik (contoh 62.03.01.1010), bukan ${opts.desa}`,
    );
  const indicator = catalogue.find((e) => e.id === opts.daftar);
  if (!indicator?.action_list) {
    const ids = catalogue.filter((e) => e.action_list).map((e) => e.id);
    throw new VervalError(`--daftar harus salah satu dari ${ids.join(', ')}, bukan ${opts.daftar}`);
  }
  const key = await loadKey(dataDir, opts.key ?? loadSharedConfig().pseudonymKey);
  const { period, rows } = await listRows(dataDir, indicator.action_list, opts.desa);
  const jenis = rows[0]?.jenis === 'keluarga' ? 'keluarga' : 'individu';
  const asOf = new Date().toISOString().slice(0, 10);
  const found = await reidentify(dataDir, key, asOf, new Set(rows.map((r) => r.pseudonym)), jenis);
  const actor = opts.actor ?? os.userInfo().username;
  const made = new Date();

  const book = new ExcelJS.Workbook();
  const about = book.addWorksheet('Keterangan');
  about.columns = [{ width: 26 }, { width: 80 }];
  for (const [k, v] of [
    ['Tujuan', opts.tujuan.trim()],
    ['Daftar', `${indicator.label_id} (${indicator.id})`],
    ['Desa', opts.desa],
    ['Periode', period],
    ['Jumlah baris', rows.length],
    ['Ditemukan di arsip', found.size],
    ['Dibuat oleh', actor],
    ['Tanggal', made.toISOString()],
    [
      'Kerahasiaan',
      'Berisi NIK dan nama (data pribadi, UU PDP): hanya untuk tim Musdes/verval, jangan dibagikan ' +
        'atau diunggah; hapus setelah dipakai. Pembuatan berkas ini tercatat di log audit.',
    ],
  ] as const)
    about.addRow([k, v]);
  const sheet = book.addWorksheet('Daftar');
  sheet.columns = [
    { header: 'No', key: 'no', width: 5 },
    { header: 'Referensi', key: 'ref', width: 12 },
    { header: 'NIK', key: 'nik', width: 20 },
    { header: 'No KK', key: 'no_kk', width: 20 },
    { header: 'Nama', key: 'nama', width: 30 },
    { header: 'Kelompok umur', key: 'kelompok_umur', width: 14 },
    { header: 'Desil', key: 'desil', width: 7 },
    { header: 'Program / segmen', key: 'program', width: 26 },
    { header: 'Sejak', key: 'sejak', width: 10 },
    { header: 'Sumber (arsip)', key: 'sumber', width: 40 },
  ];
  for (const [i, r] of rows.entries()) {
    const f = found.get(r.pseudonym);
    sheet.addRow({
      no: i + 1,
      ref: r.pseudonym.slice(0, 10),
      nik: f?.nik ?? '',
      no_kk: f?.no_kk ?? '',
      nama: f?.nama ?? (f ? '' : '(tidak ditemukan di arsip)'),
      kelompok_umur: r.kelompok_umur ?? '',
      desil: r.desil ?? '',
      program: r.program,
      sejak: r.sejak,
      sumber: f?.sumber ?? '',
    });
  }
  // NIK and no_kk as text: a spreadsheet would round a 16-digit number
  for (const c of ['nik', 'no_kk']) sheet.getColumn(c).numFmt = '@';
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  await writeFile(out, buffer, { mode: 0o600, flag: 'wx' });
  await chmod(out, 0o600);

  await recordOffline(dataDir, {
    actor,
    action: 'DAFTAR_VERVAL',
    target: indicator.id,
    detail: {
      area: opts.desa,
      list: indicator.action_list,
      period,
      rows: rows.length,
      found: found.size,
      out,
      host: os.hostname(),
    },
  });
  return { out, period, rows: rows.length, found: found.size };
}
