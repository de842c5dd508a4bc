/**
 * One ETL run (data-contract.md, "Run semantics"): read the inbox, validate, pseudonymise, stage
 * the lake partitions, swap them in, archive the inbox files, rebuild the warehouse into a new
 * file and publish it by rename.
 *
 * Everything before the lake swap happens in a scratch folder (`<data>/.work/<run>`), so a run
 * that fails or is killed there leaves the lake, the inbox and the published warehouse as they
 * were. The warehouse is always built into a new file and renamed over the old one: readers see
 * the old or the new file, never a half-built one.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FEED_NAMES, feedSpecs, isMergePath, type FeedName, type FeedSpec } from './feeds.js';
import {
  changed,
  DEFAULT_SETTLE_SECONDS,
  stillWriting,
  takeInbox,
  type BadEntry,
  type InboxTake,
  type TakenFile,
} from './inbox.js';
import { resolveAreaNames, unresolvedAreaNames } from './area-by-name.js';
import { applyCrosswalk, readCrosswalk, unresolvedBpsCodes, type Crosswalk } from './crosswalk.js';
import { applyValueMap, readMappings, type Mappings } from './mappings.js';
import { loadOrCreateKey } from './key.js';
import { acquireLock } from '../warehouse/lock.js';
import { evaluateGuard } from '../warehouse/guard.js';
import { storedFilesSql, type LakeFeed } from '../warehouse/lake.js';
import { maskValueSql } from '../warehouse/mask.js';
import { remaskStoredRejects } from './mask.js';
import {
  archiveFiles,
  candidateLake,
  completeUnit,
  heldRun,
  HeldRunError,
  type Journal,
  killPoint,
  readJournal,
  recoverInterrupted,
  writeJournal,
  writeSummary,
} from '../warehouse/publish.js';
import { lineOfRowSql, readFeedFile, safeErrorText, type ReadLimits } from './readers.js';
import {
  checkSql,
  dupColumnOf,
  duplicateSql,
  failureSql,
  lakeSelect,
  macroSql,
  pseudonymSql,
  PSEUDONYMS_TABLE_SQL,
  topUnknownValuesSql,
  unknownValuesSql,
  type RejectReason,
} from './validate.js';
import { buildWarehouse } from '../warehouse/build.js';
import { indicatorChanges } from '../warehouse/compare.js';
import type { FeedSummary, RunSummary } from '../warehouse/runs.js';
import { todayWib } from '../warehouse/calendar.js';
import { duckdbMemoryOptions, memoryBytes } from '../warehouse/config.js';
import { dataFolder, rejectsPartition } from '../warehouse/data-folder.js';
import { sqlString, wilayahCsv } from '../warehouse/wilayah.js';

export interface EtlOptions {
  inboxDir: string;
  dataDir: string;
  /** YYYY-MM-DD; default today in WIB. */
  asOf?: string;
  regionCode: string;
  /** Hex pseudonymisation key from configuration; else `<data>/pseudonym.key`. */
  pseudonymKey?: string;
  /** DuckDB memory limit of the run's scratch database and warehouse build. */
  memoryLimit?: string;
  /**
   * The share of the memory limit the run's tables may hold before they are compressed (after
   * a file's check; compressing costs time, so not while there is room). Default 0.4; 0: after
   * every file.
   */
  compressAt?: number;
  /** Publish guard (guard.ts): the share a figure may fall by; 0 = off. Default 0.5. */
  publishGuardDrop?: number;
  /** Publish even when the guard would hold the run (`--accept-drop`). */
  acceptDrop?: boolean;
  /** A file is taken once its size and mtime have not changed for this long (default 10 s). */
  settleSeconds?: number;
  /** What one file may cost (etl/README.md, ETL_XLSX_MAX_*); defaults for those not given. */
  limits?: Partial<ReadLimits>;
  /** The maps for uploaded files (etl/mappings.ts); else the latest of the data folder. */
  mappings?: Mappings;
  /** BPS → Kemendagri desa codes (etl/crosswalk.ts); else the data folder's (null: none loaded). */
  crosswalk?: Crosswalk | null;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  stage:
    'start' | 'inbox' | 'read' | 'validate' | 'lake' | 'archive' | 'warehouse' | 'publish' | 'done';
  feed?: FeedName;
  file?: string;
  rows?: number;
  message?: string;
}

/** Sortable and unique per data folder (the lock serialises runs). */
export function newRunId(now = new Date()): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

export async function runEtl(options: EtlOptions): Promise<RunSummary> {
  const { dataDir } = options;
  const asOf = options.asOf ?? todayWib();
  const runId = newRunId();
  const progress = options.onProgress ?? (() => undefined);
  const folder = dataFolder(dataDir);
  await mkdir(folder.rejects, { recursive: true });
  const lock = await acquireLock(dataDir, runId);
  const summary: RunSummary = {
    run_id: runId,
    status: 'RUNNING',
    as_of: asOf,
    region_code: options.regionCode,
    started_at: new Date().toISOString(),
    finished_at: null,
    feeds: {},
    stage_seconds: {},
  };
  const workDir = folder.workOf(runId);
  let keepWorkDir = false;
  try {
    // What a killed run left: its publish completed from the journal, its summary no longer
    // RUNNING, its scratch folder gone. Then rejects stored by an older version are re-masked.
    await recoverInterrupted(dataDir, runId);
    await remaskStoredRejects(dataDir);
    const held = await heldRun(dataDir);
    if (held)
      throw new HeldRunError(
        `Run ${held.run_id} menunggu persetujuan admin (halaman Data): terima atau tolak dulu / a held run awaits a decision`,
      );
    // The maps in force when the run starts apply to every file it reads.
    const mappings = options.mappings ?? (await readMappings(dataDir));
    summary.mappings_version = mappings.version;
    await writeSummary(dataDir, summary);
    progress({ stage: 'start', message: `run ${runId}, as-of ${asOf}` });
    await mkdir(workDir, { recursive: true });
    const key = await loadOrCreateKey(dataDir, options.pseudonymKey);
    const inbox = await timed(summary, 'inbox', () =>
      takeInbox(options.inboxDir, {
        settleSeconds: options.settleSeconds ?? DEFAULT_SETTLE_SECONDS,
        onWait: (message) => progress({ stage: 'inbox', message }),
      }),
    );
    summary.waiting = inbox.waiting;
    summary.warnings = inbox.warnings;
    for (const warning of inbox.warnings) progress({ stage: 'inbox', message: warning });
    const staged = await timed(summary, 'ingest', () =>
      ingest({ ...options, mappings, asOf, runId, workDir, key, summary, progress, inbox }),
    );
    killPoint('after-ingest');
    // The warehouse is built from the lake as it will be (hard links in the scratch folder): the
    // real lake changes only when the run publishes.
    const lakeDir = await timed(summary, 'lake', () =>
      candidateLake(dataDir, workDir, staged.partitions),
    );
    const built = dataFolder(workDir).warehouse;
    const result = await timed(summary, 'warehouse', () =>
      buildWarehouse({
        lakeDir,
        outFile: built,
        asOf,
        regionCode: options.regionCode,
        runId,
        memoryLimit: options.memoryLimit,
        onProgress: (model, index, total) =>
          progress({ stage: 'warehouse', message: `${index}/${total} ${model}` }),
      }),
    );
    summary.marts = result.marts;
    const published = folder.warehouse;
    summary.changes = await indicatorChanges(built, published, options.regionCode);
    summary.guard = await evaluateGuard(
      built,
      published,
      options.regionCode,
      options.publishGuardDrop ?? 0.5,
    );
    const hold = summary.guard.held && !options.acceptDrop;
    await rm(lakeDir, { recursive: true, force: true });
    const journal: Journal = {
      run_id: runId,
      state: hold ? 'held' : 'commit',
      inbox_dir: options.inboxDir,
      partitions: staged.partitions,
      files: staged.files,
      summary: { ...summary, status: hold ? 'MENUNGGU_PERSETUJUAN' : 'SUCCESS' },
    };
    if (hold) journal.summary.error = heldMessage(summary.guard);
    journal.summary.finished_at = new Date().toISOString();
    await writeJournal(dataDir, journal);
    progress({ stage: hold ? 'archive' : 'publish', message: hold ? 'ditahan' : undefined });
    await timed(summary, 'publish', async () => {
      if (hold) await archiveFiles(options.inboxDir, dataDir, runId, staged.files);
      else await completeUnit(dataDir, journal);
    });
    Object.assign(summary, journal.summary, {
      stage_seconds: summary.stage_seconds,
      stage_cpu_seconds: summary.stage_cpu_seconds,
    });
    keepWorkDir = hold;
  } catch (error) {
    summary.status = 'FAILED';
    summary.error = safeErrorText(error, 500);
  } finally {
    summary.finished_at ??= new Date().toISOString();
    const usage = process.resourceUsage();
    summary.peak_rss_mib = Math.round(usage.maxRSS / 1024);
    summary.cpu_seconds = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1e4) / 100;
    if (summary.status !== 'FAILED' || (await readJournal(dataDir))?.run_id !== runId) {
      await writeSummary(dataDir, summary).catch(() => undefined);
      if (!keepWorkDir) await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
    await lock.release();
    progress({ stage: 'done', message: summary.status });
  }
  return summary;
}

function heldMessage(guard: NonNullable<RunSummary['guard']>): string {
  const first = guard.differences[0];
  const what = first
    ? ` (${first.indicator_id} ${first.period} ${first.area_code}: ${first.previous} → ${first.current ?? 0})`
    : '';
  return (
    `Ditahan: ${guard.differences.length} angka turun lebih dari ${Math.round(guard.drop_share * 100)} % ` +
    `atau kosong${what}. Warehouse lama tetap dipakai; terima atau tolak di halaman Data ` +
    `(atau jalankan ulang dengan --accept-drop).`
  );
}

async function timed<T>(summary: RunSummary, stage: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await work();
  } finally {
    summary.stage_seconds[stage] = Math.round(performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    summary.stage_cpu_seconds = {
      ...summary.stage_cpu_seconds,
      [stage]: Math.round((used.user + used.system) / 1e4) / 100,
    };
  }
}

// ------------------------------------------------------------------ ingest

/**
 * A dry run (etl/preview.ts): the run's own reading and checks, nothing staged, archived or
 * published. It collects what each file looked like and the slices the rows would replace, and
 * inspects the scratch database (rejects) before it closes.
 */
export interface PreviewCollector {
  /** The files read, also one refused for missing columns (with them, `missing`). */
  files: {
    name: string;
    table: string | null;
    header: readonly string[];
    encoding?: string;
    delimiter?: string;
    sheet?: string;
    byName: boolean;
    missing?: string[];
  }[];
  /**
   * `merge`: the slice is merged into (files in `gabung/`); `kept`: then the stored rows it keeps
   * (null: not known, `pseudonyms` false and the key holds a NIK or no_kk).
   */
  slices: {
    feed: FeedName;
    table: string;
    slice: string;
    rows: number;
    merge: boolean;
    kept: number | null;
  }[];
  /** Enum values the rules reject (masked), per column, most frequent first. */
  unknownValues: { column: string; value: string; count: number }[];
  /** Name pairs of a by-name file that found no desa. */
  unknownAreas: { kecamatan: string; desa: string; count: number }[];
  /** BPS desa codes (masked) the crosswalk has no Kemendagri code for, or all while none is loaded. */
  unknownBps: { kode_bps: string; count: number }[];
  /** Whether a crosswalk was loaded when the dry run read the files. */
  crosswalk: boolean;
  /** The run's key is the data folder's: pseudonyms match the stored rows (merge preview). */
  pseudonyms: boolean;
  inspect: (conn: DuckDBConnection) => Promise<void>;
}

/** At most so many unknown enum values and unresolved name pairs in a dry run. */
export const PREVIEW_UNKNOWN_VALUES = 50;
export const PREVIEW_UNKNOWN_AREAS = 200;

export interface IngestContext extends EtlOptions {
  asOf: string;
  runId: string;
  workDir: string;
  key: Buffer;
  summary: RunSummary;
  progress: (event: ProgressEvent) => void;
  inbox: InboxTake;
  preview?: PreviewCollector;
}

/** A run's files of one feed: their inbox names, and which merge (a `gabung` folder). */
interface FeedFiles {
  names: string[];
  merge: boolean[];
}

interface Staged {
  /** Lake-relative folders (or files) this run replaces or adds. */
  partitions: string[];
  /** Inbox files read in this run, per feed, to archive. */
  files: { feed: FeedName; name: string }[];
}

const sqlList = (values: string[]): string => `[${values.map(sqlString).join(', ')}]`;

/** An ENUM type of the distinct values, as SQL. */
const enumType = (values: string[]): string =>
  `ENUM(${[...new Set(values)].map(sqlString).join(', ')})`;

export async function ingest(ctx: IngestContext): Promise<Staged> {
  // In memory, spilling to the scratch folder beyond the limit: large feeds stay bounded
  // without paying for a database file that is thrown away at the end of the run.
  const db = await DuckDBInstance.create(':memory:', {
    ...duckdbMemoryOptions(ctx.memoryLimit ?? '2GB'),
    temp_directory: path.join(ctx.workDir, 'spill'),
    preserve_insertion_order: 'true',
  });
  const conn = await db.connect();
  // Tables of a compressed in-memory database: a CHECKPOINT compresses what was written (checkFile
  // runs one when memory gets tight). A feed's checked rows (file and line, typed values, NULL
  // reject columns) shrink to about a tenth, so the largest feeds stay within the memory limit
  // through the checks, maps and lake COPY.
  await conn.run(`ATTACH ':memory:' AS etl (COMPRESS)`);
  await conn.run(`USE etl`);
  const staged: Staged = { partitions: [], files: [] };
  // The maps in force (runEtl reads them once; a dry run passes them).
  ctx = {
    ...ctx,
    mappings: ctx.mappings ?? (await readMappings(ctx.dataDir)),
    crosswalk:
      ctx.crosswalk !== undefined
        ? ctx.crosswalk
        : await readCrosswalk(ctx.dataDir, ctx.regionCode),
  };
  if (ctx.preview) ctx.preview.crosswalk = ctx.crosswalk !== null;
  try {
    await prepareReference(conn, ctx);
    await conn.run(`CREATE TABLE rejects (run_id VARCHAR, feed VARCHAR, file VARCHAR,
      line INTEGER, column_name VARCHAR, reason VARCHAR, value VARCHAR)`);
    for (const feed of FEED_NAMES) {
      const files = ctx.inbox.files.filter((f) => f.feed === feed);
      const bad = ctx.inbox.bad.filter((f) => f.feed === feed);
      if (files.length + bad.length === 0) continue;
      const { partitions, read } = await ingestFeed(conn, feed, files, bad, ctx);
      staged.partitions.push(...partitions);
      staged.files.push(...read.map((name) => ({ feed, name })));
    }
    if (ctx.preview) {
      await ctx.preview.inspect(conn);
      return staged;
    }
    const rejectsFile = dataFolder(ctx.workDir).rejectsFile(ctx.runId);
    await mkdir(path.dirname(rejectsFile), { recursive: true });
    await conn.run(
      `COPY (SELECT * FROM rejects ORDER BY feed, file, line) TO ${sqlString(rejectsFile)} (FORMAT parquet)`,
    );
    staged.partitions.push(rejectsPartition(ctx.runId));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return staged;
}

async function prepareReference(conn: DuckDBConnection, ctx: IngestContext): Promise<void> {
  await conn.run(`SET TimeZone = 'Asia/Jakarta'`);
  await conn.run(`CREATE TABLE ref_desa AS SELECT code FROM read_csv(${sqlString(wilayahCsv.villages)},
    header=true, columns={'code': 'VARCHAR', 'district_code': 'VARCHAR', 'name': 'VARCHAR'})`);
  const provinces = await conn.runAndReadAll(
    `SELECT code FROM read_csv(${sqlString(
      wilayahCsv.provinces,
    )}, header=true, columns={'code': 'VARCHAR', 'name': 'VARCHAR'})`,
  );
  const codes = provinces.getRowObjectsJS().map((r) => String(r.code));
  await conn.run(macroSql({ asOf: ctx.asOf, provinceCodes: codes, key: ctx.key }));
  await conn.run(PSEUDONYMS_TABLE_SQL);
}

/**
 * Reads, checks and stages one feed; returns its lake partitions and the files to archive. A feed
 * with several file kinds (dtsen) reads each file as the kind its header tells, then checks and
 * stages each kind on its own; the run summary and the rejects count them under the feed.
 */
async function ingestFeed(
  conn: DuckDBConnection,
  feed: FeedName,
  taken: TakenFile[],
  bad: BadEntry[],
  ctx: IngestContext,
): Promise<{ partitions: string[]; read: string[] }> {
  const summary: FeedSummary = {
    files: taken.length + bad.length,
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    rejects: {},
    seconds: 0,
  };
  ctx.summary.feeds[feed] = summary;
  const started = performance.now();
  const specs = feedSpecs(feed);
  // The file kinds (specs) that have rows in checked_<kind>.
  const checked = new Set<string>();
  const files: FeedFiles = {
    names: taken.map((f) => f.name),
    merge: taken.map((f) => f.merge ?? isMergePath(f.name)),
  };
  const read = bad.filter((b) => b.archive).map((b) => b.name);
  const rejectFile = async (name: string, reason: RejectReason, message: string) => {
    summary.rejects[reason] = (summary.rejects[reason] ?? 0) + 1;
    await conn.run(
      `INSERT INTO rejects VALUES (${sqlString(ctx.runId)}, ${sqlString(feed)}, ${sqlString(name)}, 0, NULL, ${sqlString(reason)}, ${maskValueSql(sqlString(message), null)})`,
    );
    ctx.progress({ stage: 'read', feed, file: name, message });
  };
  for (const entry of bad) await rejectFile(entry.name, 'BERKAS_RUSAK', entry.message);
  for (const [seq, file] of taken.entries()) {
    const name = file.name;
    ctx.progress({ stage: 'read', feed, file: name });
    const table = `rawfile_${feed}_${seq}`;
    const result = await readFeedFile(conn, specs, file.path, table, {
      limits: ctx.limits,
      scratchDir: ctx.workDir,
      name,
      columnMap: ctx.mappings?.columns[feed],
    });
    // A file that changed while it was read is still being written: it waits for the next run.
    const change = await changed(file);
    if (change) {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
      if (change === 'gone')
        await rejectFile(
          name,
          'BERKAS_RUSAK',
          'Berkas hilang saat dibaca (dihapus atau dipindahkan).',
        );
      else {
        summary.files--;
        ctx.summary.waiting?.push(stillWriting(file, ctx.settleSeconds ?? DEFAULT_SETTLE_SECONDS));
      }
      continue;
    }
    read.push(name);
    if (!result.ok) {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
      await rejectFile(name, result.reason, result.message);
      // A dry run shows the header and what it lacks, so the column map can be made.
      if (result.header)
        ctx.preview?.files.push({
          name,
          table: result.spec?.name ?? null,
          header: result.header,
          byName: false,
          missing: result.missing ?? [],
        });
      continue;
    }
    if (result.broken > 0) {
      // Lines that could not be split into the header's fields: read, and rejected.
      summary.rows_read += result.broken;
      summary.rows_rejected += result.broken;
      summary.rejects.BARIS_RUSAK = (summary.rejects.BARIS_RUSAK ?? 0) + result.broken;
      await conn.run(`INSERT INTO rejects SELECT ${sqlString(ctx.runId)}, ${sqlString(feed)},
        ${sqlString(name)}, line, NULL, 'BARIS_RUSAK', value FROM ${table}_broken`);
      await conn.run(`DROP TABLE ${table}_broken`);
    }
    const spec = result.spec;
    // The admin's value map, before the value rules see the values (mappings.ts).
    await applyValueMap(conn, spec, table, ctx.mappings?.values[feed]);
    // Areas given by name: an alias, else the served region's reference (area-by-name.ts).
    if (result.byName) {
      await resolveAreaNames(conn, table, ctx.regionCode, ctx.mappings?.areas);
      if (ctx.preview)
        ctx.preview.unknownAreas.push(
          ...(await unresolvedAreaNames(conn, table, PREVIEW_UNKNOWN_AREAS)),
        );
    }
    // Areas given by BPS code: only through the admin's crosswalk (crosswalk.ts).
    if (result.bps) {
      await applyCrosswalk(conn, table, ctx.crosswalk ?? null);
      if (ctx.preview)
        ctx.preview.unknownBps.push(
          ...(await unresolvedBpsCodes(conn, table, PREVIEW_UNKNOWN_AREAS)),
        );
    }
    ctx.preview?.files.push({
      name,
      table: spec.name,
      header: result.header ?? [],
      encoding: result.encoding,
      delimiter: result.delimiter,
      sheet: result.sheet,
      byName: result.byName ?? false,
    });
    ctx.progress({ stage: 'validate', feed, file: name, rows: result.rows });
    await checkFile(conn, spec, seq, table, checked.has(spec.name), ctx, result.skips);
    checked.add(spec.name);
  }
  const staged: string[] = [];
  // Family files before member files: a member's lake slice is its family's kabupaten.
  for (const spec of specs)
    if (checked.has(spec.name)) staged.push(...(await stageKind(conn, spec, files, summary, ctx)));
  summary.seconds = Math.round(performance.now() - started) / 1000;
  return { partitions: staged, read };
}

/**
 * Checks one file's raw rows into `checked_<kind>` (`append`: after the kind's earlier files),
 * then drops its raw copy: only one file's raw text is held at a time. A dry run also keeps the
 * enum values a value map could fix (after the map in force).
 */
async function checkFile(
  conn: DuckDBConnection,
  spec: FeedSpec,
  seq: number,
  table: string,
  append: boolean,
  ctx: IngestContext,
  skips?: number[],
): Promise<void> {
  const cols = spec.columns.map((c) => `"${c.name}"`).join(', ');
  const notBlank = spec.columns.map((c) => `coalesce(trim("${c.name}"), '') <> ''`).join(' OR ');
  // A file read directly or from its unnumbered rewrite numbers its rows by rowid (header = line
  // 1) plus the lines left out before each (readers.ts).
  const rows = `(SELECT ${seq} AS _file_seq, coalesce(_line, ${lineOfRowSql(skips)}) AS _line,
    ${cols} FROM ${table} WHERE ${notBlank})`;
  // The checked rows need no insertion order, which lets DuckDB run the check on every thread
  // without keeping order; reading keeps it (rowid above).
  await conn.run(`SET preserve_insertion_order = false`);
  try {
    await conn.run(checkSql(spec, rows, append));
    if (ctx.preview) {
      if (!append)
        await conn.run(`CREATE OR REPLACE TABLE unknown_${spec.name}
          (column_name VARCHAR, value VARCHAR, n BIGINT)`);
      const unknown = unknownValuesSql(spec, rows);
      if (unknown) await conn.run(`INSERT INTO unknown_${spec.name} ${unknown}`);
    }
  } finally {
    await conn.run(`SET preserve_insertion_order = true`);
  }
  await conn.run(`DROP TABLE ${table}`);
  // Compressing costs time: only once the run's tables hold much of the memory limit.
  const used = await conn.runAndReadAll(
    `SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS n FROM duckdb_memory()`,
  );
  const share = ctx.compressAt ?? 0.4;
  if (Number(used.getRowObjectsJS()[0].n) >= share * memoryBytes(ctx.memoryLimit ?? '2GB'))
    await conn.run(`CHECKPOINT`);
}

/** Finds a file kind's DUPLIKAT rows, records its rejects and stages its valid rows in the lake. */
async function stageKind(
  conn: DuckDBConnection,
  spec: FeedSpec,
  files: FeedFiles,
  summary: FeedSummary,
  ctx: IngestContext,
): Promise<string[]> {
  // The DUPLIKAT search, the pseudonym maps and the lake COPY need no insertion order either.
  await conn.run(`SET preserve_insertion_order = false`);
  try {
    return await stageKindUnordered(conn, spec, files, summary, ctx);
  } finally {
    await conn.run(`SET preserve_insertion_order = true`);
  }
}

async function stageKindUnordered(
  conn: DuckDBConnection,
  spec: FeedSpec,
  files: FeedFiles,
  summary: FeedSummary,
  ctx: IngestContext,
): Promise<string[]> {
  if (ctx.preview) {
    const top = topUnknownValuesSql(`unknown_${spec.name}`, PREVIEW_UNKNOWN_VALUES);
    for (const r of (await conn.runAndReadAll(top)).getRowObjectsJS())
      ctx.preview.unknownValues.push({
        column: String(r.column_name),
        value: String(r.value),
        count: Number(r.n),
      });
    await conn.run(`DROP TABLE unknown_${spec.name}`);
  }
  const duplicates = await findDuplicates(conn, spec);
  const failure = failureSql(spec);
  const counts = await conn.runAndReadAll(
    `SELECT ${failure.reason} AS reason, count(*)::INTEGER AS n FROM checked_${spec.name} GROUP BY ALL`,
  );
  let loaded = 0;
  for (const row of counts.getRowObjectsJS()) {
    const n = Number(row.n);
    summary.rows_read += n;
    if (row.reason === null) loaded += n - duplicates;
    else {
      summary.rows_rejected += n;
      summary.rejects[String(row.reason)] = (summary.rejects[String(row.reason)] ?? 0) + n;
    }
  }
  summary.rows_loaded += loaded;
  if (duplicates > 0) {
    summary.rows_rejected += duplicates;
    summary.rejects.DUPLIKAT = (summary.rejects.DUPLIKAT ?? 0) + duplicates;
  }
  const fileName = `list_extract(${sqlList(files.names)}, _file_seq + 1)`;
  await conn.run(`INSERT INTO rejects SELECT ${sqlString(ctx.runId)}, ${sqlString(spec.feed)},
    ${fileName}, _line, ${failure.column}, ${failure.reason}, _value
    FROM checked_${spec.name} WHERE _fail IS NOT NULL`);
  if (spec.key)
    await conn.run(`INSERT INTO rejects SELECT ${sqlString(ctx.runId)}, ${sqlString(spec.feed)},
      ${fileName}, _line, ${sqlString(dupColumnOf(spec))}, 'DUPLIKAT', value FROM dup_${spec.name}`);
  ctx.progress({ stage: 'lake', feed: spec.feed, rows: summary.rows_loaded });
  const staged = ctx.preview
    ? await previewSlices(conn, spec, files, ctx, ctx.preview)
    : await stageLake(conn, spec, files, loaded, ctx);
  await conn.run(`DROP TABLE checked_${spec.name}`);
  await conn.run(`DROP TABLE IF EXISTS dup_${spec.name}`);
  for (const col of spec.columns.filter((c) => c.kind === 'nik'))
    await conn.run(`DROP TABLE IF EXISTS pseudonym_${spec.name}_${col.name}`);
  return staged;
}

/** Fills `dup_<feed>` (see duplicateSql), one period at a time; returns the number of rows. */
async function findDuplicates(conn: DuckDBConnection, spec: FeedSpec): Promise<number> {
  const sql = duplicateSql(spec);
  if (!sql) return 0;
  await conn.run(sql.create);
  const slices = sql.slice
    ? (
        await conn.runAndReadAll(
          `SELECT DISTINCT CAST(${sql.slice} AS VARCHAR) AS v FROM checked_${spec.name} WHERE _fail IS NULL`,
        )
      )
        .getRowObjectsJS()
        .map((r) => String(r.v))
    : [null];
  for (const value of slices) await conn.run(sql.find(value));
  const found = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM dup_${spec.name}`);
  return Number(found.getRowObjectsJS()[0].n);
}

/**
 * Runs `query` with its joins in the order written (lakeSelect: the checked rows, then each map
 * or family table joined on): DuckDB builds each hash table on the table joined on. Left to
 * itself it estimates the checked rows after `_fail IS NULL` at a fifth and builds the hash table
 * on them, every column of every loading row — at scale 50 the DTSEN member, DTKS and BPJS
 * COPY statements wrote 3.0–6.2 GB each that way (the lake files 0.6–1.5 GB of it).
 */
async function joinedAsWritten<T>(conn: DuckDBConnection, query: () => Promise<T>): Promise<T> {
  await conn.run(`SET disabled_optimizers = 'join_order,build_side_probe_side'`);
  try {
    return await query();
  } finally {
    await conn.run(`RESET disabled_optimizers`);
  }
}

/**
 * Writes the valid rows as lake partitions under the scratch folder, in one pass (DuckDB's
 * partitioned COPY), then names the folders as the lake does; returns their lake-relative paths.
 * Rows are written in whatever order the threads produce them: sorting by file and line doubled
 * the cost of this step, and every reader of the lake orders explicitly (_run_id, _file_seq,
 * _line are stored for that).
 */
async function stageLake(
  conn: DuckDBConnection,
  spec: FeedSpec,
  files: FeedFiles,
  loaded: number,
  ctx: IngestContext,
): Promise<string[]> {
  const partition = spec.partition;
  // The latest run that brings rows replaces a register; a run with none changes nothing.
  if (loaded === 0) return [];
  for (const statement of pseudonymSql(spec)) await conn.run(statement);
  // A member file has no kode_desa: its rows' kabupaten is their family's (same periode; the
  // family rows of this run, else those already in the lake), else the served region's.
  const byFamily = !spec.columns.some((c) => c.name === 'kode_desa');
  const served = sqlString(regionKabupaten(ctx.regionCode));
  // The family is looked up by the member's no_kk as checked (a number), not by its pseudonym:
  // a join on two 8-byte keys instead of a 32-character text over every member row.
  const familyJoin =
    'LEFT JOIN family_kabupaten AS family ON family.periode = n_periode AND family.v = n_no_kk';
  if (byFamily) await familyKabupaten(conn, spec, ctx);
  // Families all in the served kabupaten (a kabupaten's own install): every member's kabupaten
  // is that one, family found or not, and the lake rows need no family join (at scale 50 its
  // hash table made the DTSEN member COPY spill).
  const familyJoined = byFamily && !(await onlyServedKabupaten(conn, served));
  const kabupaten = !byFamily
    ? kabupatenOf('n_kode_desa')
    : familyJoined
      ? `coalesce(family.kab, ${served})`
      : served;
  const label = sliceLabel(spec, kabupaten, ctx.runId);
  const lake = lakeSelect(spec, familyJoined ? familyJoin : '');
  // Slices that only files in `gabung/` bring are merged into (a query of its own, only then).
  const merged = new Set(
    partition.by === 'slice' && files.merge.some(Boolean)
      ? (
          await conn.runAndReadAll(
            `SELECT ${label} AS label FROM ${lake.from} GROUP BY 1 HAVING ${mergeSql(files)}`,
          )
        )
          .getRowObjectsJS()
          .map((r) => String(r.label))
      : [],
  );
  if (byFamily) {
    // Every loading row has its pseudonyms: the count needs only the family join.
    const orphans = await joinedAsWritten(conn, () =>
      conn.runAndReadAll(
        `SELECT count(*)::INTEGER AS n FROM ${lakeSelect(spec, familyJoin, { pseudonyms: false }).from}
         AND family.kab IS NULL`,
      ),
    );
    const summary = ctx.summary.feeds[spec.feed];
    if (summary)
      summary.anggota_tanpa_keluarga =
        (summary.anggota_tanpa_keluarga ?? 0) + Number(orphans.getRowObjectsJS()[0].n);
  }
  const out = path.join(ctx.workDir, 'partitions', spec.name);
  await mkdir(out, { recursive: true });
  // One pass: DuckDB partitions the rows by the slice's parts as they are (a periode's date, the
  // kabupaten), each folder level named by one part (`_s0=2024-06-01/_s1=62.03`); the slice is
  // named from the folder names. Partitioning by the parts instead of by the slice's name saves
  // formatting that name for every row (13 % of this statement).
  const parts = sliceParts(spec, kabupaten);
  // The run id and the file name as ENUM values: Parquet stores them as the same UTF-8 text (read
  // back as VARCHAR), written from the ENUM's few values instead of hashing a string per row
  // (BPJS Kesehatan at scale 10, 15.3 M rows: 2.8 s -> 1.4 s for the two columns).
  const runId = `${sqlString(ctx.runId)}::${enumType([ctx.runId])}`;
  const fileEnum = `list_extract(${sqlList(files.names)}::${enumType(files.names)}[], _file_seq + 1)`;
  const copied = await joinedAsWritten(conn, () =>
    conn.runAndReadAll(
      `COPY (SELECT ${lake.columns}, ${runId} AS _run_id, ${fileEnum} AS _file,
          CAST(_file_seq AS INTEGER) AS _file_seq, CAST(_line AS INTEGER) AS _line
          ${parts.map((part, i) => `, ${part.sql} AS _s${i}`).join('')}
        FROM ${lake.from})
       TO ${sqlString(parts.length ? out : path.join(out, 'data_0.parquet'))} (FORMAT parquet, COMPRESSION zstd${
         parts.length ? `, PARTITION_BY (${parts.map((_, i) => `_s${i}`).join(', ')})` : ''
       })`,
    ),
  );
  // The lake must hold exactly the rows counted as loaded: a join that lost or repeated rows
  // (pseudonyms) fails the run here instead of skewing every indicator.
  const written = Number(copied.getRowsJS()[0]?.[0] ?? -1);
  if (written !== loaded)
    throw new Error(`${spec.name}: ${written} baris ditulis ke lake, ${loaded} lolos validasi`);
  const slices = parts.length
    ? await slicesWritten(spec, out, parts)
    : [{ value: `run=${ctx.runId}`, file: path.join(out, 'data_0.parquet') }];
  const staged: string[] = [];
  for (const { value, file } of slices) {
    const relative = path.join(spec.name, ...value.split('/').filter(Boolean));
    const folder = path.join(dataFolder(ctx.workDir).lake, relative);
    await mkdir(folder, { recursive: true });
    await rename(file, path.join(folder, 'data.parquet'));
    if (merged.has(value)) {
      const kept = await mergeStored(conn, spec, ctx, relative, path.join(folder, 'data.parquet'));
      const summary = ctx.summary.feeds[spec.feed];
      if (summary) summary.rows_kept = (summary.rows_kept ?? 0) + kept;
    }
    staged.push(relative);
  }
  return partition.by === 'slice' ? await splitLegacySlices(conn, spec, staged, ctx) : staged;
}

/**
 * SQL, per group of checked rows: whether every row comes from a file that merges (`gabung/`).
 * A slice that a replacing file also brings is replaced (by all the run's rows of it).
 */
function mergeSql(files: FeedFiles): string {
  if (!files.merge.some(Boolean)) return 'false';
  return `bool_and(list_extract([${files.merge.join(', ')}], _file_seq + 1))`;
}

/**
 * The rows a lake stores today in a slice (`bpjs_kesehatan/periode=2024-06/kab=62.03`), as a
 * parenthesised SELECT, also those of an older one-file-per-period folder; null when none.
 */
export async function storedSliceSql(lakeDir: string, relative: string): Promise<string | null> {
  const dir = path.join(lakeDir, relative);
  const table = relative.split(path.sep)[0] as LakeFeed;
  const parts: string[] = [];
  if (
    existsSync(dir) &&
    (await readdir(dir, { recursive: true })).some((f) => String(f).endsWith('.parquet'))
  )
    parts.push(storedFilesSql(table, path.join(dir, '**', '*.parquet')));
  const legacy = legacyFile(lakeDir, path.dirname(relative));
  const kab = new RegExp(`${KABUPATEN_FOLDER}=([0-9.]+)$`).exec(relative)?.[1];
  if (kab && legacy)
    parts.push(
      `${storedFilesSql(table, legacy)} WHERE ${kabupatenOf('kode_desa')} = ${sqlString(kab)}`,
    );
  return parts.length > 0 ? `(${parts.join(' UNION ALL BY NAME ')})` : null;
}

/**
 * Merges a staged slice file with the rows the lake stores in that slice today: the stored rows
 * whose key (FeedSpec.key, on the lake's columns: pseudonyms, dates) is not among the new rows,
 * then the new rows (a feed without a key: all stored rows). Rewrites the file; returns the
 * stored rows kept.
 */
async function mergeStored(
  conn: DuckDBConnection,
  spec: FeedSpec,
  ctx: IngestContext,
  relative: string,
  file: string,
): Promise<number> {
  const stored = await storedSliceSql(dataFolder(ctx.dataDir).lake, relative);
  if (!stored) return 0;
  const fresh = `read_parquet(${sqlString(file)}, hive_partitioning = false)`;
  const kept = keptSql(spec, stored, `SELECT * FROM ${fresh}`);
  const counted = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (${kept})`);
  const merged = `${file}.gabung`;
  await conn.run(
    `COPY (SELECT * FROM ${fresh} UNION ALL BY NAME ${kept})
     TO ${sqlString(merged)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  await rename(merged, file);
  return Number(counted.getRowObjectsJS()[0].n);
}

/** The stored rows a merge keeps: those whose key no new row has (all, without a key). */
function keptSql(spec: FeedSpec, stored: string, fresh: string): string {
  if (!spec.key) return `SELECT * FROM ${stored}`;
  const key = spec.key.join(', ');
  return `SELECT stored.* FROM ${stored} AS stored
    ANTI JOIN (SELECT DISTINCT ${key} FROM (${fresh})) AS fresh USING (${key})`;
}

/**
 * A lake written before slices were per kabupaten holds one file per period
 * (`dtks/periode=2024-06/data.parquet`, `puskesos/data.parquet`) with every kabupaten's rows.
 * When this run replaces a kabupaten slice below such a file, the period's folder is replaced
 * whole instead: the run's slices plus the old file's rows of the other kabupaten, split into their
 * own slices. Nothing of another kabupaten is lost, and the lake converts as runs touch it.
 */
async function splitLegacySlices(
  conn: DuckDBConnection,
  spec: FeedSpec,
  staged: string[],
  ctx: IngestContext,
): Promise<string[]> {
  const lake = dataFolder(ctx.dataDir).lake;
  const scratch = dataFolder(ctx.workDir).lake;
  const parents = [...new Set(staged.map((s) => path.dirname(s)))];
  const out = staged.filter(
    (s) => !parents.some((p) => legacyFile(lake, p) && path.dirname(s) === p),
  );
  for (const parent of parents) {
    const legacy = legacyFile(lake, parent);
    if (!legacy) continue;
    const brought = new Set(
      staged.filter((s) => path.dirname(s) === parent).map((s) => path.basename(s)),
    );
    const sliceOf = `'${KABUPATEN_FOLDER}=' || ${kabupatenOf('kode_desa')}`;
    const others = (
      await conn.runAndReadAll(
        `SELECT DISTINCT ${sliceOf} AS slice FROM read_parquet(${sqlString(legacy)}, hive_partitioning = false) ORDER BY 1`,
      )
    )
      .getRowObjectsJS()
      .map((r) => String(r.slice))
      .filter((slice) => !brought.has(slice));
    for (const slice of others) {
      const folder = path.join(scratch, parent, slice);
      await mkdir(folder, { recursive: true });
      await conn.run(
        `COPY (SELECT * FROM read_parquet(${sqlString(legacy)}, hive_partitioning = false)
           WHERE ${sliceOf} = ${sqlString(slice)})
         TO ${sqlString(path.join(folder, 'data.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
    // Slices of this period already stored per kabupaten (a mixed folder) are carried over.
    for (const entry of await readdir(path.join(lake, parent), { withFileTypes: true }))
      if (entry.isDirectory() && !brought.has(entry.name) && !others.includes(entry.name))
        await cp(path.join(lake, parent, entry.name), path.join(scratch, parent, entry.name), {
          recursive: true,
        });
    out.push(parent);
  }
  return out;
}

/** The lake-relative slice of a checked row (`periode=2024-06/kab=62.03`), as SQL. */
function sliceLabel(spec: FeedSpec, kabupaten: string, runId: string): string {
  const parts = sliceParts(spec, kabupaten);
  return parts.length
    ? parts.map((part) => part.labelSql).join(` || '/' || `)
    : sqlString(`run=${runId}`);
}

/**
 * One part of a slice (a partition column, the kabupaten): its value as SQL over a checked row,
 * its name as SQL, and its name from the value as a partitioned COPY names a folder.
 */
interface SlicePart {
  sql: string;
  labelSql: string;
  name: (value: string) => string;
}

/** The parts of a feed's slices (`periode=2024-06/kab=62.03`); none for a feed kept per run. */
function sliceParts(spec: FeedSpec, kabupaten: string): SlicePart[] {
  const partition = spec.partition;
  if (partition.by !== 'slice') return [];
  return [
    ...partition.columns.map((c) =>
      spec.columns.find((s) => s.name === c)?.kind === 'periode'
        ? {
            sql: `n_${c}`,
            labelSql: `'${c}=' || strftime(n_${c}, '%Y-%m')`,
            // A periode is a date (the folder shows `2024-06-01`); its slice names the month.
            name: (value: string) => `${c}=${value.slice(0, 7)}`,
          }
        : {
            sql: `n_${c}`,
            labelSql: `'${c}=' || CAST(n_${c} AS VARCHAR)`,
            name: (value: string) => `${c}=${value}`,
          },
    ),
    {
      sql: kabupaten,
      labelSql: `'${KABUPATEN_FOLDER}=' || ${kabupaten}`,
      name: (value: string) => `${KABUPATEN_FOLDER}=${value}`,
    },
  ];
}

/** The slices a partitioned COPY wrote under `dir`: each slice's name and its one file. */
async function slicesWritten(
  spec: FeedSpec,
  dir: string,
  parts: SlicePart[],
  names: string[] = [],
): Promise<{ value: string; file: string }[]> {
  const entries = (await readdir(dir)).sort();
  if (names.length === parts.length) {
    const value = names.join('/');
    if (entries.length !== 1)
      throw new Error(`${spec.name}: ${entries.length} berkas Parquet untuk irisan ${value}`);
    return [{ value, file: path.join(dir, entries[0]) }];
  }
  const prefix = `_s${names.length}=`;
  const found: { value: string; file: string }[] = [];
  for (const entry of entries.filter((e) => e.startsWith(prefix))) {
    const value = decodeURIComponent(entry.slice(prefix.length));
    found.push(
      ...(await slicesWritten(spec, path.join(dir, entry), parts, [
        ...names,
        parts[names.length].name(value),
      ])),
    );
  }
  return found;
}

/**
 * A dry run's slices: the rows that would load, per lake slice, whether the slice would be merged
 * into and then how many stored rows it keeps. A member file's rows are counted in the served
 * region's kabupaten (the family lookup needs the pseudonyms of the stored families).
 */
async function previewSlices(
  conn: DuckDBConnection,
  spec: FeedSpec,
  files: FeedFiles,
  ctx: IngestContext,
  preview: PreviewCollector,
): Promise<string[]> {
  const byFamily = !spec.columns.some((c) => c.name === 'kode_desa');
  const kabupaten = byFamily
    ? sqlString(regionKabupaten(ctx.regionCode))
    : kabupatenOf('n_kode_desa');
  const label = sliceLabel(spec, kabupaten, ctx.runId);
  const duplicates = spec.key
    ? `ANTI JOIN dup_${spec.name} AS dup ON dup._file_seq = checked._file_seq AND dup._line = checked._line`
    : '';
  const rows = await conn.runAndReadAll(
    `SELECT ${label} AS slice, count(*)::INTEGER AS n, ${mergeSql(files)} AS merge
     FROM checked_${spec.name} AS checked ${duplicates} WHERE _fail IS NULL GROUP BY 1 ORDER BY 1`,
  );
  const slices = rows.getRowObjectsJS().map((r) => ({
    feed: spec.feed,
    table: spec.name,
    slice: String(r.slice),
    rows: Number(r.n),
    merge: spec.partition.by === 'slice' && r.merge === true,
    kept: null as number | null,
  }));
  const nikKey = (spec.key ?? []).some(
    (k) => spec.columns.find((c) => c.name === k)?.kind === 'nik',
  );
  const lakeDir = dataFolder(ctx.dataDir).lake;
  if (slices.some((s) => s.merge) && (preview.pseudonyms || !nikKey)) {
    // The new rows as the lake would hold them (pseudonyms of the data folder's key), per slice.
    for (const statement of pseudonymSql(spec)) await conn.run(statement);
    const lake = lakeSelect(spec);
    for (const slice of slices.filter((s) => s.merge)) {
      const stored = await storedSliceSql(lakeDir, path.join(spec.name, slice.slice));
      const fresh = `SELECT * FROM (SELECT ${lake.columns}, ${label} AS _slice FROM ${lake.from})
        WHERE _slice = ${sqlString(slice.slice)}`;
      slice.kept = stored
        ? Number(
            (
              await conn.runAndReadAll(
                `SELECT count(*)::INTEGER AS n FROM (${keptSql(spec, stored, fresh)})`,
              )
            ).getRowObjectsJS()[0].n,
          )
        : 0;
    }
  }
  preview.slices.push(...slices);
  return [];
}

/**
 * `family_kabupaten(periode, v, kab)`: the kabupaten of every DTSEN family the member rows of
 * `spec` belong to — this run's family rows (staged in the scratch lake) before the lake's — keyed
 * by the member's no_kk as checked (`v`, through the members' pseudonym map of no_kk): only the
 * families the members name are kept.
 */
async function familyKabupaten(
  conn: DuckDBConnection,
  spec: FeedSpec,
  ctx: IngestContext,
): Promise<void> {
  const sources = [dataFolder(ctx.workDir).lake, dataFolder(ctx.dataDir).lake]
    .map((lake, rank) => ({ rank, dir: path.join(lake, 'dtsen_keluarga') }))
    .filter(({ dir }) => existsSync(dir));
  const union = sources.map(
    ({ rank, dir }) =>
      `SELECT ${rank} AS rank, periode, no_kk, ${kabupatenOf('kode_desa')} AS kab
       FROM (${storedFilesSql('dtsen_keluarga', path.join(dir, '**', '*.parquet'))})`,
  );
  await conn.run(
    union.length === 0
      ? `CREATE OR REPLACE TEMP TABLE family_kabupaten (periode DATE, v BIGINT, kab VARCHAR)`
      : `CREATE OR REPLACE TEMP TABLE family_kabupaten AS
         SELECT DISTINCT ON (family.periode, member.v) family.periode, member.v, family.kab
         FROM (${union.join(' UNION ALL ')}) AS family
         JOIN pseudonym_${spec.name}_no_kk AS member ON member.p = family.no_kk
         ORDER BY family.periode, member.v, family.rank`,
  );
}

/** Whether every family of `family_kabupaten` is in the kabupaten `served` (an SQL string). */
async function onlyServedKabupaten(conn: DuckDBConnection, served: string): Promise<boolean> {
  const other = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM family_kabupaten WHERE kab IS DISTINCT FROM ${served}`,
  );
  return Number(other.getRowObjectsJS()[0].n) === 0;
}

/** The kabupaten/kota of the served region (`62.03` of `62.03` or `62.03.01`), else `00.00`. */
function regionKabupaten(regionCode: string): string {
  return regionCode.length >= 5 ? regionCode.slice(0, 5) : '00.00';
}

/** The folder of a feed's kabupaten slices: `kab=62.03`. */
const KABUPATEN_FOLDER = 'kab';

/** The kabupaten/kota of a dotted kode_desa (`62.03.01.2001` → `62.03`). */
const kabupatenOf = (column: string): string => `left(${column}, 5)`;

/** The pre-slice file of a period folder, when the lake still has one. */
function legacyFile(lake: string, parent: string): string | null {
  const file = path.join(lake, parent, 'data.parquet');
  return existsSync(file) ? file : null;
}
