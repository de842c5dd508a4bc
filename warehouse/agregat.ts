/**
 * Aggregate exchange, the import half (docs/exchange.md, "Import"): a province instance takes a
 * kabupaten/kota's signed package (warehouse/exchange.ts), checks it, and publishes it together
 * with a new province warehouse as one unit.
 *
 * 1. The package names its kabupaten (manifest.json `region_code`); that kabupaten must lie in the
 *    province and have a public key registered (`agregat-kunci/<NN.NN>.pub`, `registerKey`); the
 *    signature, the figures' sha256 and every row (level, area inside the kabupaten, month inside
 *    the declared range, a catalogue indicator) are checked. Anything wrong: refused with what to
 *    fix, nothing changed.
 * 2. The kabupaten's slice for every month of the range the package declares is replaced: the
 *    months it carries are written (`lake/agregat/<NN.NN>/<YYYY-MM>.parquet`), the months of the
 *    range it no longer carries are removed, months outside the range stay. A package exported
 *    without --from/--to declares everything: it replaces the kabupaten's whole slice.
 * 3. The import log entry (`lake/agregat_impor/<import_id>.json`) and the kabupaten's new slice
 *    folder are staged in a scratch folder, the province warehouse is built from the lake as it
 *    will be (build.ts; its province step is agregat-marts.ts), and the unit is published with the
 *    journal of publish.ts under the ETL lock, like a run: a kill leaves the old or the new state.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { link, copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  IMPORT_SOURCES,
  isProvinceCode,
  type ImportLogEntry,
  type ImportSource,
} from './agregat-marts.js';
import { buildWarehouse } from './build.js';
import { todayWib } from './calendar.js';
import { catalogue } from './catalogue.js';
import { AGREGAT_DIR, AGREGAT_LOG_DIR, dataFolder } from './data-folder.js';
import { writeDurably } from './durable.js';
import {
  ExchangeError,
  type ExchangeRow,
  keyFingerprint,
  type PackageManifest,
  peekManifest,
  verifyPackage,
} from './exchange.js';
import { acquireLock } from './lock.js';
import {
  candidateLake,
  completeUnit,
  heldRun,
  readJournal,
  recoverInterrupted,
  writeJournal,
  type Journal,
} from './publish.js';
import type { RunSummary } from './runs.js';
import { regionNames, sqlString } from './wilayah.js';

export { IMPORT_SOURCES, type ImportLogEntry, type ImportSource };

/**
 * The province demos (etl/demo/province.ts, `npm run demo` with a province REGION_CODE): the
 * kabupaten each one makes, with their demo seeds. The API's config allows demo mode for these.
 */
export const PROVINCE_DEMOS: Record<string, { region: string; seed: number }[]> = {
  '62': [
    { region: '62.03', seed: 1 },
    { region: '62.71', seed: 2 },
  ],
};

const KABUPATEN = /^\d{2}\.\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const LEVELS = new Set(['desa', 'kecamatan', 'kabupaten']);

/** The kabupaten/kota of a province (code → name), from the wilayah reference. */
export function kabupatenOf(provinceCode: string): Map<string, string> {
  return new Map(
    [...regionNames()].filter(
      ([code]) => KABUPATEN.test(code) && code.startsWith(`${provinceCode}.`),
    ),
  );
}

/** Refuses a kabupaten code that is not a kabupaten/kota of the province. */
export function checkKabupaten(provinceCode: string, kabupaten: string): string {
  if (!isProvinceCode(provinceCode)) {
    throw new ExchangeError(
      `Instans ini bukan provinsi (REGION_CODE ${provinceCode}): impor agregat hanya di instans ` +
        'provinsi, REGION_CODE dua angka seperti 62 / imports need a province instance',
    );
  }
  if (!KABUPATEN.test(kabupaten)) {
    throw new ExchangeError(
      `Kode kabupaten/kota '${kabupaten}' harus NN.NN, mis. 62.03 / a kabupaten code is NN.NN`,
    );
  }
  const name = regionNames().get(kabupaten);
  if (!name) {
    throw new ExchangeError(
      `Kode ${kabupaten} tidak ada di referensi wilayah / not in the wilayah reference`,
    );
  }
  if (!kabupaten.startsWith(`${provinceCode}.`)) {
    throw new ExchangeError(
      `${kabupaten} ${name} tidak berada di provinsi ${provinceCode}: paket ini untuk provinsi lain ` +
        '/ this kabupaten is not in this province',
    );
  }
  return name;
}

/** Registers (or replaces) a kabupaten's public key; returns its fingerprint. */
export async function registerKey(
  dataDir: string,
  provinceCode: string,
  kabupaten: string,
  publicKeyPem: string,
): Promise<string> {
  checkKabupaten(provinceCode, kabupaten);
  let fingerprint: string;
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(String(key.asymmetricKeyType));
    fingerprint = keyFingerprint(publicKeyPem);
  } catch (error) {
    throw new ExchangeError(
      `Berkas kunci bukan kunci publik Ed25519 (PEM, agregat-ed25519.pub dari folder data ` +
        `kabupaten) / not an Ed25519 public key: ${(error as Error).message}`,
    );
  }
  const file = dataFolder(dataDir).registeredKey(kabupaten);
  await mkdir(path.dirname(file), { recursive: true });
  await writeDurably(file, publicKeyPem.trim() + '\n');
  return fingerprint;
}

/** The registered keys: kabupaten code → fingerprint. */
export async function registeredKeys(dataDir: string): Promise<Map<string, string>> {
  const dir = dataFolder(dataDir).exchangeKeys;
  const out = new Map<string, string>();
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    if (!name.endsWith('.pub')) continue;
    try {
      out.set(name.slice(0, -4), keyFingerprint(readFileSync(path.join(dir, name), 'utf8')));
    } catch {
      // an unreadable key is no key
    }
  }
  return out;
}

export interface ImportOptions {
  dataDir: string;
  /** The province instance's REGION_CODE (`NN`). */
  provinceCode: string;
  /** The package's bytes. */
  body: Buffer;
  fileName?: string | null;
  /** The kabupaten the admin expects (CLI `--kabupaten`, or the push token's kabupaten). */
  kabupaten?: string;
  source: ImportSource;
  actor: string;
  /** The province build's as-of date; default today (WIB). */
  asOf?: string;
  onProgress?: (message: string) => void;
}

export interface ImportResult {
  entry: ImportLogEntry;
  summary: RunSummary;
}

/** Sortable and unique per data folder (the lock serialises imports and runs). */
const newImportId = (now = new Date()): string => now.toISOString().replace(/[-:.]/g, '');

async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch(async () => copyFile(from, to));
}

/** What an import reads from the file, checked for its origin but not yet row by row. */
interface Incoming {
  format: 'paket' | 'datavaluesets';
  kab: string;
  name: string;
  manifest: Pick<
    PackageManifest,
    'months' | 'range' | 'catalogue_version' | 'programme_rules' | 'run_id' | 'as_of'
  > & { small_count: ImportLogEntry['small_count'] };
  rows: ExchangeRow[];
  keyFingerprint: string | null;
}

const isGzip = (body: Buffer): boolean => body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;

/** The signed package: the kabupaten it names, its registered key, the signature. */
function readSignedPackage(opts: ImportOptions): Incoming {
  const claimed = peekManifest(opts.body);
  const kab = String(claimed.region_code);
  if (opts.kabupaten && opts.kabupaten !== kab) {
    throw new ExchangeError(
      `Paket ini dari ${kab}, bukan ${opts.kabupaten}: pilih berkas kabupaten yang benar ` +
        '/ the package comes from another kabupaten',
    );
  }
  const name = checkKabupaten(opts.provinceCode, kab);
  const keyFile = dataFolder(opts.dataDir).registeredKey(kab);
  if (!existsSync(keyFile)) {
    throw new ExchangeError(
      `Kunci publik ${kab} ${name} belum didaftarkan: daftarkan agregat-ed25519.pub dari ` +
        `kabupaten itu (halaman Data, atau npm run agregat -- kunci ${kab} FILE.pub --data DIR) ` +
        '/ no key registered for this kabupaten',
    );
  }
  const publicKeyPem = readFileSync(keyFile, 'utf8');
  const { manifest, rows } = verifyPackage(opts.body, publicKeyPem);
  return {
    format: 'paket',
    kab,
    name,
    manifest,
    rows,
    keyFingerprint: keyFingerprint(publicKeyPem),
  };
}

const LEVEL_BY_SEGMENTS: Record<number, string> = { 2: 'kabupaten', 3: 'kecamatan', 4: 'desa' };

/**
 * A DHIS2 `dataValueSets` JSON (as `npm run agregat -- --format datavaluesets` writes it, the
 * mapping of docs/exchange.md) uploaded by an admin: unsigned, so never pushed with a token; its
 * months are the range it replaces; no catalogue version or rules travel with it, so the import
 * is flagged `rules_differ`.
 */
export function readDataValueSets(
  body: Buffer,
  provinceCode: string,
  kabupaten: string | undefined,
  source: ImportSource,
): Incoming {
  let doc: { dataValues?: unknown };
  try {
    doc = JSON.parse(body.toString('utf8')) as { dataValues?: unknown };
  } catch {
    doc = {};
  }
  if (!Array.isArray(doc?.dataValues)) {
    throw new ExchangeError(
      'Berkas bukan paket (.tar.gz dari npm run agregat --format paket) atau dataValueSets DHIS2 ' +
        '(JSON dengan dataValues) / neither a package nor a DHIS2 dataValueSets file',
    );
  }
  if (source === 'kirim') {
    throw new ExchangeError(
      'Kiriman dengan token harus paket bertanda tangan (--format paket), bukan dataValueSets ' +
        '/ a push must be a signed package',
    );
  }
  const ids = new Set(catalogue.map((c) => c.id));
  const byKey = new Map<string, ExchangeRow>();
  for (const dv of doc.dataValues as Record<string, unknown>[]) {
    const element = String(dv?.dataElement ?? '');
    const period = String(dv?.period ?? '');
    const area = String(dv?.orgUnit ?? '');
    const value = Number(dv?.value);
    const where = `${element} ${period} ${area}`;
    const [, id, part] = ids.has(element)
      ? ['', element, 'value']
      : (/^(.*)_(num|den)$/.exec(element) ?? ['', element, '']);
    if (!id || !ids.has(id) || !part)
      throw new ExchangeError(
        `dataElement '${element}' tidak ada di katalog provinsi / unknown data element`,
      );
    if (!/^\d{6}$/.test(period))
      throw new ExchangeError(`Periode '${period}' bukan YYYYMM (${where}) / bad period`);
    const level = LEVEL_BY_SEGMENTS[area.split('.').length];
    if (!level || !/^\d{2}(\.\d{2}){1,2}(\.\d{4})?$/.test(area))
      throw new ExchangeError(`orgUnit '${area}' bukan kode Kemendagri bertitik / bad orgUnit`);
    if (dv?.value === undefined || dv?.value === null || !Number.isFinite(value))
      throw new ExchangeError(`Nilai '${String(dv?.value)}' bukan angka (${where}) / not a number`);
    const month = `${period.slice(0, 4)}-${period.slice(4)}`;
    const key = `${id}|${month}|${area}`;
    const row = byKey.get(key) ?? {
      indicator_id: id,
      period: month,
      level,
      area_code: area,
      numerator: null,
      denominator: null,
      value: null,
    };
    if (part === 'num') row.numerator = value;
    else if (part === 'den') row.denominator = value;
    else row.value = value;
    byKey.set(key, row);
  }
  const rows = [...byKey.values()];
  const found = [...new Set(rows.map((r) => r.area_code.slice(0, 5)))];
  const kab = kabupaten ?? (found.length === 1 ? found[0]! : '');
  if (!kab)
    throw new ExchangeError(
      `Berkas memuat ${found.length} kabupaten (${found.slice(0, 3).join(', ')}): pilih kabupaten ` +
        '(--kabupaten NN.NN) / name the kabupaten',
    );
  const name = checkKabupaten(provinceCode, kab);
  const months = [...new Set(rows.map((r) => r.period))].sort();
  return {
    format: 'datavaluesets',
    kab,
    name,
    manifest: {
      months,
      range: { from: months[0] ?? null, to: months.at(-1) ?? null },
      catalogue_version: null,
      programme_rules: {},
      run_id: null,
      as_of: null,
      small_count: { rule: 'tidak diketahui', threshold: 0, withheld_cells: 0 },
    },
    rows,
    keyFingerprint: null,
  };
}

/** Imports one package (see the top of this file). Throws ExchangeError saying what to fix. */
export async function importPackage(opts: ImportOptions): Promise<ImportResult> {
  const progress = opts.onProgress ?? (() => undefined);
  const folder = dataFolder(opts.dataDir);
  const incoming = isGzip(opts.body)
    ? readSignedPackage(opts)
    : readDataValueSets(opts.body, opts.provinceCode, opts.kabupaten, opts.source);
  const { kab, name, manifest, rows } = incoming;
  const range = { from: manifest.range?.from ?? null, to: manifest.range?.to ?? null };
  for (const m of [range.from, range.to, ...manifest.months]) {
    if (m !== null && !MONTH.test(m))
      throw new ExchangeError(`Bulan '${m}' di manifest bukan YYYY-MM / bad month`);
  }
  const inRange = (m: string) => (!range.from || m >= range.from) && (!range.to || m <= range.to);
  const months = new Set(manifest.months);
  const ids = new Set(catalogue.map((c) => c.id));
  for (const r of rows) {
    const where = `${r.indicator_id} ${r.period} ${r.area_code}`;
    if (!LEVELS.has(r.level))
      throw new ExchangeError(`Baris ${where}: tingkat '${r.level}' tidak diterima / bad level`);
    if (r.area_code !== kab && !r.area_code.startsWith(`${kab}.`))
      throw new ExchangeError(
        `Baris ${where}: wilayah di luar ${kab} / a row lies outside the kabupaten`,
      );
    if (!months.has(r.period) || !inRange(r.period))
      throw new ExchangeError(
        `Baris ${where}: bulan tidak ada di manifest / a month outside the manifest`,
      );
    if (!ids.has(r.indicator_id))
      throw new ExchangeError(
        `Baris ${where}: indikator tidak ada di katalog provinsi; perbarui aplikasi provinsi ` +
          '/ indicator not in the catalogue',
      );
  }

  const importId = newImportId();
  await mkdir(folder.runs, { recursive: true });
  const lock = await acquireLock(opts.dataDir, importId);
  const workDir = folder.workOf(importId);
  try {
    await recoverInterrupted(opts.dataDir, importId);
    const held = await heldRun(opts.dataDir);
    if (held)
      throw new ExchangeError(
        `Run ${held.run_id} menunggu persetujuan admin (halaman Data): terima atau tolak dulu / a held run awaits a decision`,
      );
    progress(
      `${incoming.format} ${kab} ${name}: ${rows.length} baris, ${manifest.months.length} bulan`,
    );
    const sliceRel = path.join(AGREGAT_DIR, kab);
    const logRel = path.join(AGREGAT_LOG_DIR, `${importId}.json`);
    const current = path.join(folder.lake, sliceRel);
    const staged = path.join(dataFolder(workDir).lake, sliceRel);
    await mkdir(staged, { recursive: true });
    const held0 = (await readdir(current).catch(() => [] as string[]))
      .filter((f) => /^\d{4}-\d{2}\.parquet$/.test(f))
      .map((f) => f.slice(0, 7));
    for (const m of held0)
      if (!inRange(m))
        await linkOrCopy(path.join(current, `${m}.parquet`), path.join(staged, `${m}.parquet`));
    const removed = held0.filter((m) => inRange(m) && !months.has(m)).sort();

    const json = path.join(workDir, 'figures.json');
    await writeFile(json, JSON.stringify(rows));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run(
        `CREATE TABLE f AS SELECT * FROM read_json(${sqlString(json)}, format = 'array', columns = {
          indicator_id: 'VARCHAR', period: 'VARCHAR', level: 'VARCHAR', area_code: 'VARCHAR',
          numerator: 'DOUBLE', denominator: 'DOUBLE', value: 'DOUBLE'})`,
      );
      for (const m of manifest.months) {
        await conn.run(
          `COPY (SELECT * FROM f WHERE period = ${sqlString(m)}
                 ORDER BY indicator_id, level, area_code)
           TO ${sqlString(path.join(staged, `${m}.parquet`))} (FORMAT parquet)`,
        );
      }
    } finally {
      conn.closeSync();
      db.closeSync();
    }
    await rm(json, { force: true });

    const entry: ImportLogEntry = {
      import_id: importId,
      kabupaten_code: kab,
      source: opts.source,
      actor: opts.actor,
      imported_at: new Date().toISOString(),
      file_name: opts.fileName ?? null,
      file_sha256: createHash('sha256').update(opts.body).digest('hex'),
      months: [...manifest.months].sort(),
      range,
      removed_months: removed,
      catalogue_version: manifest.catalogue_version,
      programme_rules: manifest.programme_rules,
      run_id: manifest.run_id,
      as_of: manifest.as_of,
      format: incoming.format,
      key_fingerprint: incoming.keyFingerprint,
      row_count: rows.length,
      small_count: manifest.small_count,
    };
    const stagedLog = path.join(dataFolder(workDir).lake, logRel);
    await mkdir(path.dirname(stagedLog), { recursive: true });
    await writeDurably(stagedLog, `${JSON.stringify(entry, null, 2)}\n`);

    const partitions = [sliceRel, logRel];
    const asOf = opts.asOf ?? todayWib();
    const summary: RunSummary = {
      run_id: importId,
      status: 'SUCCESS',
      as_of: asOf,
      region_code: opts.provinceCode,
      started_at: entry.imported_at,
      finished_at: null,
      feeds: {},
      stage_seconds: {},
      agregat: entry,
    };
    progress('gudang data provinsi dibangun');
    const lakeDir = await candidateLake(opts.dataDir, workDir, partitions);
    const started = Date.now();
    try {
      const result = await buildWarehouse({
        lakeDir,
        outFile: dataFolder(workDir).warehouse,
        asOf,
        regionCode: opts.provinceCode,
        runId: importId,
      });
      summary.marts = result.marts;
    } catch (error) {
      throw new ExchangeError(
        `Paket ${kab} tidak bisa dimuat ke gudang data provinsi: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    summary.stage_seconds.warehouse = Math.round((Date.now() - started) / 100) / 10;
    await rm(lakeDir, { recursive: true, force: true });
    summary.finished_at = new Date().toISOString();
    const journal: Journal = {
      run_id: importId,
      state: 'commit',
      inbox_dir: '',
      partitions,
      files: [],
      summary,
    };
    await writeJournal(opts.dataDir, journal);
    progress('terbit');
    await completeUnit(opts.dataDir, journal);
    return { entry, summary };
  } finally {
    // Published units remove their scratch folder; a refused one is removed here (no journal).
    if ((await readJournal(opts.dataDir))?.run_id !== importId)
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    await lock.release();
  }
}

export { isProvinceCode };
