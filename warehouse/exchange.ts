/**
 * Aggregate exchange, the export half (docs/exchange.md): a kabupaten/kota instance sends its
 * figures — never microdata — to a province, as DHIS2 instances do with ADX. Reads
 * `warehouse.duckdb` read-only and writes one of three formats:
 *
 * - `datavaluesets`: DHIS2 `dataValueSets` JSON;
 * - `adx`: ADX XML (`urn:ihe:qrph:adx:2015`);
 * - `paket`: the product's own package, a .tar.gz of `figures.json` + `manifest.json` +
 *   `manifest.sig` (Ed25519 over the manifest's bytes; the manifest holds the sha256 of
 *   figures.json), signed with the instance's key pair kept in the data folder.
 *
 * Only the figures of `indicator_values` leave: indicator id, month, level, area code, numerator,
 * denominator, value. The small-count rule is the exporting admin's choice (`tahan` / `kirim`);
 * which desa cells to withhold is decided by the caller's `pattern` (the API's one rule,
 * api/common/small-count.ts `suppressionPattern`: this part of the product does not import the API).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataFolder } from './data-folder.js';
import { sqlString } from './wilayah.js';

export const EXCHANGE_FORMATS = ['datavaluesets', 'adx', 'paket'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];
export const SMALL_COUNT_CHOICES = ['tahan', 'kirim'] as const;
export type SmallCountChoice = (typeof SMALL_COUNT_CHOICES)[number];

/** Version of the package layout (manifest.json `format`). */
export const PACKAGE_FORMAT = 'dasbor-pokja-agregat/1';
/** The files of a package, in this order. */
export const PACKAGE_FILES = ['manifest.json', 'manifest.sig', 'figures.json'] as const;

/** One exported figure row: the only columns any output has. */
export interface ExchangeRow {
  indicator_id: string;
  period: string;
  level: string;
  area_code: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** The desa cells of one indicator, period and kecamatan, as the pattern receives them. */
export interface PatternCell {
  code: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Which desa cells to withhold among all desa of one kecamatan (one indicator and period). */
export type WithholdPattern = (
  indicator: { id: string; unit: string },
  cells: readonly PatternCell[],
  threshold: number,
) => Set<string>;

export interface ExchangeOptions {
  /** First month, `YYYY-MM` (inclusive); none = the first month with data. */
  from?: string;
  /** Last month, `YYYY-MM` (inclusive); none = the last. */
  to?: string;
  kecil: SmallCountChoice;
  /** Desa counts 1..threshold − 1 are withheld with `tahan`. */
  threshold: number;
  /** Required with `tahan`. */
  pattern?: WithholdPattern;
}

export interface ExchangeMeta {
  region_code: string;
  run_id: string | null;
  as_of: string | null;
  catalogue_version: string | null;
  months: string[];
  /**
   * The months the export was asked for (`--from`/`--to`; null: open). A province replaces the
   * kabupaten's figures for every month of this range (docs/exchange.md, "Import").
   */
  range: { from: string | null; to: string | null };
  programme_rules: Record<string, string | null>;
  data_dates: Record<string, string | null>;
  small_count: { rule: SmallCountChoice; threshold: number; withheld_cells: number };
}

export interface ExchangeData {
  meta: ExchangeMeta;
  rows: ExchangeRow[];
}

export class ExchangeError extends Error {}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const num = (v: unknown): number | null =>
  v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : Number(v);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Reads the figures and their context from a warehouse file (opened read-only). */
export async function readExchange(file: string, opts: ExchangeOptions): Promise<ExchangeData> {
  for (const [name, m] of [
    ['from', opts.from],
    ['to', opts.to],
  ] as const) {
    if (m !== undefined && !MONTH.test(m)) {
      throw new ExchangeError(`--${name} '${m}': harus bulan YYYY-MM / must be a month YYYY-MM`);
    }
  }
  if (opts.from && opts.to && opts.from > opts.to) {
    throw new ExchangeError(`--from ${opts.from} sesudah --to ${opts.to} / from is after to`);
  }
  if (opts.kecil === 'tahan' && !opts.pattern) {
    throw new ExchangeError('aturan angka kecil tahan tanpa pola / tahan needs a pattern');
  }
  if (!existsSync(file)) {
    throw new ExchangeError(
      `Gudang data ${file} belum ada: jalankan ETL dulu / no warehouse yet, run the ETL first`,
    );
  }
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
    const meta = Object.fromEntries(
      (await q('SELECT key, value FROM warehouse_meta')).map((r) => [String(r.key), str(r.value)]),
    );
    const region = meta.region_code;
    if (!region) throw new ExchangeError('warehouse_meta tanpa region_code / no region_code');
    const where = [
      `(v.area_code = ${sqlString(region)} OR v.area_code LIKE ${sqlString(`${region}.%`)})`,
      `v.level IN ('desa', 'kecamatan', 'kabupaten')`,
    ];
    if (opts.from) where.push(`v.period >= ${sqlString(opts.from)}`);
    if (opts.to) where.push(`v.period <= ${sqlString(opts.to)}`);
    const raw = await q(
      `SELECT v.indicator_id, v.period, v.level, v.area_code, v.numerator, v.denominator, v.value,
              c.unit, w.parent_code
       FROM indicator_values v
       JOIN indicator_catalogue c ON c.id = v.indicator_id
       LEFT JOIN dim_wilayah w ON w.code = v.area_code
       WHERE ${where.join(' AND ')}
       ORDER BY v.indicator_id, v.period, v.level, v.area_code`,
    );
    const rows: (ExchangeRow & { unit: string; parent: string | null })[] = raw.map((r) => ({
      indicator_id: String(r.indicator_id),
      period: String(r.period),
      level: String(r.level),
      area_code: String(r.area_code),
      numerator: num(r.numerator),
      denominator: num(r.denominator),
      value: num(r.value),
      unit: String(r.unit),
      parent: str(r.parent_code),
    }));

    let withheldCells = 0;
    let out: ExchangeRow[] = rows;
    if (opts.kecil === 'tahan' && opts.threshold > 0) {
      const groups = new Map<string, typeof rows>();
      for (const r of rows) {
        if (r.level !== 'desa') continue;
        const key = `${r.indicator_id}|${r.period}|${r.parent ?? ''}`;
        const g = groups.get(key);
        if (g) g.push(r);
        else groups.set(key, [r]);
      }
      const withheld = new Set<string>();
      for (const g of groups.values()) {
        const cells = g.map((r) => ({ ...r, code: r.area_code }));
        const codes = opts.pattern!(
          { id: g[0].indicator_id, unit: g[0].unit },
          cells,
          opts.threshold,
        );
        for (const c of codes) withheld.add(`${g[0].indicator_id}|${g[0].period}|${c}`);
      }
      withheldCells = withheld.size;
      out = rows.filter(
        (r) => r.level !== 'desa' || !withheld.has(`${r.indicator_id}|${r.period}|${r.area_code}`),
      );
    }
    const plain = out.map(
      ({ indicator_id, period, level, area_code, numerator, denominator, value }) => ({
        indicator_id,
        period,
        level,
        area_code,
        numerator,
        denominator,
        value,
      }),
    );

    const rules = Object.fromEntries(
      (await q('SELECT rule, value FROM programme_rules ORDER BY rule')).map((r) => [
        String(r.rule),
        str(r.value),
      ]),
    );
    const dates = Object.fromEntries(
      (
        await q(
          'SELECT feed, CAST(newest_period AS VARCHAR) AS d FROM feed_freshness ORDER BY feed',
        )
      ).map((r) => [String(r.feed), str(r.d)]),
    );
    const months = [...new Set(plain.map((r) => r.period))].sort();
    return {
      meta: {
        region_code: region,
        run_id: meta.run_id ?? null,
        as_of: meta.as_of ?? null,
        catalogue_version: meta.model_version ?? null,
        months,
        range: { from: opts.from ?? null, to: opts.to ?? null },
        programme_rules: rules,
        data_dates: dates,
        small_count: { rule: opts.kecil, threshold: opts.threshold, withheld_cells: withheldCells },
      },
      rows: plain,
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A figure in a DHIS2/ADX value: plain decimal, no exponent. */
const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6))));

/**
 * The data values of one row (docs/exchange.md, "Mapping"): `<id>` = value, `<id>_num` =
 * numerator, `<id>_den` = denominator, each only when not null.
 */
export function dataValuesOf(row: ExchangeRow): { dataElement: string; value: string }[] {
  const out: { dataElement: string; value: string }[] = [];
  if (row.value !== null) out.push({ dataElement: row.indicator_id, value: fmt(row.value) });
  if (row.numerator !== null)
    out.push({ dataElement: `${row.indicator_id}_num`, value: fmt(row.numerator) });
  if (row.denominator !== null)
    out.push({ dataElement: `${row.indicator_id}_den`, value: fmt(row.denominator) });
  return out;
}

/** `2024-06` → DHIS2 monthly period `202406`. */
export const dhis2Period = (month: string): string => month.replace('-', '');
/** `2024-06` → ADX period `2024-06-01/P1M`. */
export const adxPeriod = (month: string): string => `${month}-01/P1M`;

/** The data set id both DHIS2 formats name. */
export const DATA_SET = 'DASBOR_POKJA_SLRT';

/** DHIS2 `dataValueSets` JSON (POST /api/dataValueSets). */
export function toDataValueSets(data: ExchangeData): string {
  const dataValues = data.rows.flatMap((r) =>
    dataValuesOf(r).map((dv) => ({
      dataElement: dv.dataElement,
      period: dhis2Period(r.period),
      orgUnit: r.area_code,
      value: dv.value,
    })),
  );
  return `${JSON.stringify({ dataSet: DATA_SET, dataValues }, null, 1)}\n`;
}

const xmlAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** ADX XML: one `group` per (area, month), its data values inside. */
export function toAdx(data: ExchangeData, exported: string = new Date().toISOString()): string {
  const groups = new Map<string, ExchangeRow[]>();
  for (const r of data.rows) {
    const key = `${r.area_code}|${r.period}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<adx xmlns="urn:ihe:qrph:adx:2015" exported="${xmlAttr(exported)}">`,
  ];
  const keys = [...groups.keys()].sort();
  for (const key of keys) {
    const g = groups.get(key)!;
    lines.push(
      `  <group orgUnit="${xmlAttr(g[0].area_code)}" period="${adxPeriod(g[0].period)}" dataSet="${DATA_SET}">`,
    );
    for (const r of g) {
      for (const dv of dataValuesOf(r)) {
        lines.push(`    <dataValue dataElement="${xmlAttr(dv.dataElement)}" value="${dv.value}"/>`);
      }
    }
    lines.push('  </group>');
  }
  lines.push('</adx>', '');
  return lines.join('\n');
}

// --- the package ----------------------------------------------------------------------------

/** The instance's signing key pair in the data folder (created on first use, private 0600). */
export async function exchangeKeyPair(
  dataDir: string,
): Promise<{ privateKeyPem: string; publicKeyPem: string; created: boolean }> {
  const folder = dataFolder(dataDir);
  if (existsSync(folder.exchangeKey)) {
    const privateKeyPem = await readFile(folder.exchangeKey, 'utf8');
    const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    if (!existsSync(folder.exchangePublicKey))
      await writeFile(folder.exchangePublicKey, publicKeyPem);
    return { privateKeyPem, publicKeyPem, created: false };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await mkdir(path.dirname(folder.exchangeKey), { recursive: true });
  await writeFile(folder.exchangeKey, privateKeyPem, { mode: 0o600 });
  await chmod(folder.exchangeKey, 0o600);
  await writeFile(folder.exchangePublicKey, publicKeyPem);
  return { privateKeyPem, publicKeyPem, created: true };
}

/** sha256 of the public key's DER, hex: the fingerprint a province registers and compares. */
export function keyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

export interface PackageManifest {
  format: string;
  region_code: string;
  months: string[];
  /** Absent in packages made before the import existed: read as open at both ends. */
  range?: ExchangeMeta['range'];
  catalogue_version: string | null;
  programme_rules: Record<string, string | null>;
  data_dates: Record<string, string | null>;
  run_id: string | null;
  as_of: string | null;
  created_at: string;
  figures_file: 'figures.json';
  columns: (keyof ExchangeRow)[];
  row_count: number;
  figures_sha256: string;
  small_count: ExchangeMeta['small_count'];
  signature: { algorithm: 'Ed25519'; key_fingerprint: string };
}

/** The package's .tar.gz bytes. */
export function toPackage(
  data: ExchangeData,
  privateKeyPem: string,
  createdAt: string = new Date().toISOString(),
): Buffer {
  const figures = Buffer.from(`${JSON.stringify(data.rows)}\n`);
  const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    region_code: data.meta.region_code,
    months: data.meta.months,
    range: data.meta.range,
    catalogue_version: data.meta.catalogue_version,
    programme_rules: data.meta.programme_rules,
    data_dates: data.meta.data_dates,
    run_id: data.meta.run_id,
    as_of: data.meta.as_of,
    created_at: createdAt,
    figures_file: 'figures.json',
    columns: ['indicator_id', 'period', 'level', 'area_code', 'numerator', 'denominator', 'value'],
    row_count: data.rows.length,
    figures_sha256: createHash('sha256').update(figures).digest('hex'),
    small_count: data.meta.small_count,
    signature: { algorithm: 'Ed25519', key_fingerprint: keyFingerprint(publicKeyPem) },
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const signature = sign(null, manifestBytes, createPrivateKey(privateKeyPem));
  return gzipSync(
    tarOf([
      ['manifest.json', manifestBytes],
      ['manifest.sig', Buffer.from(`${signature.toString('base64')}\n`)],
      ['figures.json', figures],
    ]),
  );
}

export interface VerifiedPackage {
  manifest: PackageManifest;
  rows: ExchangeRow[];
}

/**
 * Checks a package with the sender's registered public key: the signature over manifest.json,
 * then figures.json against the manifest's sha256 and row count. Throws ExchangeError saying what
 * failed.
 */
export function verifyPackage(pkg: Buffer, publicKeyPem: string): VerifiedPackage {
  const { manifestBytes, sig, figures } = packageFiles(pkg);
  const ok = verify(
    null,
    manifestBytes,
    createPublicKey(publicKeyPem),
    Buffer.from(sig.toString('utf8').trim(), 'base64'),
  );
  if (!ok) {
    throw new ExchangeError(
      'Tanda tangan manifest.json tidak cocok dengan kunci publik terdaftar / signature does not verify',
    );
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as PackageManifest;
  const digest = createHash('sha256').update(figures).digest('hex');
  if (digest !== manifest.figures_sha256) {
    throw new ExchangeError(
      'figures.json berubah sesudah ditandatangani (sha256 berbeda) / figures.json changed after signing',
    );
  }
  const rows = JSON.parse(figures.toString('utf8')) as ExchangeRow[];
  if (rows.length !== manifest.row_count) {
    throw new ExchangeError('Jumlah baris tidak sama dengan manifest / row count differs');
  }
  return { manifest, rows };
}

function packageFiles(pkg: Buffer): { manifestBytes: Buffer; sig: Buffer; figures: Buffer } {
  let files: Map<string, Buffer>;
  try {
    files = untar(gunzipSync(pkg));
  } catch (error) {
    throw new ExchangeError(
      `Paket rusak, bukan .tar.gz dari npm run agregat / broken package: ${(error as Error).message}`,
    );
  }
  const manifestBytes = files.get('manifest.json');
  const sig = files.get('manifest.sig');
  const figures = files.get('figures.json');
  if (!manifestBytes || !sig || !figures) {
    throw new ExchangeError(
      `Paket harus berisi ${PACKAGE_FILES.join(', ')}: ekspor ulang dengan format paket / the package must hold these files`,
    );
  }
  return { manifestBytes, sig, figures };
}

/**
 * The manifest of a package, NOT verified: only to learn which kabupaten it claims to come from
 * (whose registered key then verifies it with verifyPackage).
 */
export function peekManifest(pkg: Buffer): PackageManifest {
  const { manifestBytes } = packageFiles(pkg);
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as PackageManifest;
  } catch {
    throw new ExchangeError('manifest.json bukan JSON / manifest.json is not JSON');
  }
  if (manifest?.format !== PACKAGE_FORMAT) {
    throw new ExchangeError(
      `manifest.json format '${String(manifest?.format)}', diharapkan ${PACKAGE_FORMAT}: ` +
        'ekspor ulang dengan versi aplikasi yang sama / unknown package format',
    );
  }
  return manifest;
}

/** A plain ustar archive of regular files (no dependency; read back by `untar`). */
function tarOf(files: [string, Buffer][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, body] of files) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function untar(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (at + 512 <= buf.length) {
    const h = buf.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim(), 8);
    if (!Number.isFinite(size) || at + 512 + size > buf.length) throw new Error('tar terpotong');
    out.set(name, Buffer.from(buf.subarray(at + 512, at + 512 + size)));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** The export in one format, as bytes and a file name/content type for downloads. */
export async function exportAggregates(
  dataDir: string,
  format: ExchangeFormat,
  opts: ExchangeOptions,
): Promise<{ body: Buffer; data: ExchangeData; fileName: string; contentType: string }> {
  const data = await readExchange(dataFolder(dataDir).warehouse, opts);
  const stem = `agregat-${data.meta.region_code}-${data.meta.months[0] ?? 'kosong'}_${data.meta.months.at(-1) ?? 'kosong'}`;
  if (format === 'datavaluesets') {
    return {
      body: Buffer.from(toDataValueSets(data)),
      data,
      fileName: `${stem}.json`,
      contentType: 'application/json',
    };
  }
  if (format === 'adx') {
    return {
      body: Buffer.from(toAdx(data)),
      data,
      fileName: `${stem}.adx.xml`,
      contentType: 'application/adx+xml',
    };
  }
  const { privateKeyPem } = await exchangeKeyPair(dataDir);
  return {
    body: toPackage(data, privateKeyPem),
    data,
    fileName: `${stem}.tar.gz`,
    contentType: 'application/gzip',
  };
}
