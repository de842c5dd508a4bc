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
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FEEDS, type FeedName, type FeedSpec } from './feeds.js';
import {
  changed,
  DEFAULT_SETTLE_SECONDS,
  stillWriting,
  takeInbox,
  type BadEntry,
  type InboxTake,
  type TakenFile,
} from './inbox.js';
import { loadOrCreateKey } from './key.js';
import { acquireLock } from '../warehouse/lock.js';
import { evaluateGuard } from '../warehouse/guard.js';
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
import { readFeedFile, safeErrorText, type ReadLimits } from './readers.js';
import {
  checkSql,
  dupColumnOf,
  duplicateSql,
  failureSql,
  lakeSelect,
  macroSql,
  pseudonymSql,
  type RejectReason,
} from './validate.js';
import { buildWarehouse } from '../warehouse/build.js';
import { indicatorChanges } from '../warehouse/compare.js';
import type { FeedSummary, RunSummary } from '../warehouse/runs.js';
import { todayWib } from '../warehouse/calendar.js';
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
  /** Publish guard (guard.ts): the share a figure may fall by; 0 = off. Default 0.5. */
  publishGuardDrop?: number;
  /** Publish even when the guard would hold the run (`--accept-drop`). */
  acceptDrop?: boolean;
  /** A file is taken once its size and mtime have not changed for this long (default 10 s). */
  settleSeconds?: number;
  /** What one file may cost (etl/README.md, ETL_XLSX_MAX_*); defaults for those not given. */
  limits?: Partial<ReadLimits>;
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
      ingest({ ...options, asOf, runId, workDir, key, summary, progress, inbox }),
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
    Object.assign(summary, journal.summary, { stage_seconds: summary.stage_seconds });
    keepWorkDir = hold;
  } catch (error) {
    summary.status = 'FAILED';
    summary.error = safeErrorText(error, 500);
  } finally {
    summary.finished_at ??= new Date().toISOString();
    summary.peak_rss_mib = Math.round(process.resourceUsage().maxRSS / 1024);
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
  try {
    return await work();
  } finally {
    summary.stage_seconds[stage] = Math.round(performance.now() - started) / 1000;
  }
}

// ------------------------------------------------------------------ ingest

interface IngestContext extends EtlOptions {
  asOf: string;
  runId: string;
  workDir: string;
  key: Buffer;
  summary: RunSummary;
  progress: (event: ProgressEvent) => void;
  inbox: InboxTake;
}

interface Staged {
  /** Lake-relative folders (or files) this run replaces or adds. */
  partitions: string[];
  /** Inbox files read in this run, per feed, to archive. */
  files: { feed: FeedName; name: string }[];
}

const sqlList = (values: string[]): string => `[${values.map(sqlString).join(', ')}]`;

async function ingest(ctx: IngestContext): Promise<Staged> {
  // In memory, spilling to the scratch folder beyond the limit: large feeds stay bounded
  // without paying for a database file that is thrown away at the end of the run.
  const db = await DuckDBInstance.create(':memory:', {
    memory_limit: ctx.memoryLimit ?? '2GB',
    temp_directory: path.join(ctx.workDir, 'spill'),
    preserve_insertion_order: 'true',
  });
  const conn = await db.connect();
  const staged: Staged = { partitions: [], files: [] };
  try {
    await prepareReference(conn, ctx);
    await conn.run(`CREATE TABLE rejects (run_id VARCHAR, feed VARCHAR, file VARCHAR,
      line INTEGER, column_name VARCHAR, reason VARCHAR, value VARCHAR)`);
    for (const spec of FEEDS) {
      const files = ctx.inbox.files.filter((f) => f.feed === spec.name);
      const bad = ctx.inbox.bad.filter((f) => f.feed === spec.name);
      if (files.length + bad.length === 0) continue;
      const { partitions, read } = await ingestFeed(conn, spec, files, bad, ctx);
      staged.partitions.push(...partitions);
      staged.files.push(...read.map((name) => ({ feed: spec.name, name })));
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
}

/** Reads, checks and stages one feed; returns its lake partitions and the files to archive. */
async function ingestFeed(
  conn: DuckDBConnection,
  spec: FeedSpec,
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
  ctx.summary.feeds[spec.name] = summary;
  const started = performance.now();
  const parts: string[] = [];
  const files = taken.map((f) => f.name);
  const read = bad.filter((b) => b.archive).map((b) => b.name);
  const rejectFile = async (name: string, reason: RejectReason, message: string) => {
    summary.rejects[reason] = (summary.rejects[reason] ?? 0) + 1;
    await conn.run(
      `INSERT INTO rejects VALUES (${sqlString(ctx.runId)}, ${sqlString(spec.name)}, ${sqlString(name)}, 0, NULL, ${sqlString(reason)}, ${maskValueSql(sqlString(message), null)})`,
    );
    ctx.progress({ stage: 'read', feed: spec.name, file: name, message });
  };
  for (const entry of bad) await rejectFile(entry.name, 'BERKAS_RUSAK', entry.message);
  for (const [seq, file] of taken.entries()) {
    const name = file.name;
    ctx.progress({ stage: 'read', feed: spec.name, file: name });
    const table = `rawfile_${spec.name}_${seq}`;
    const result = await readFeedFile(conn, spec, file.path, table, {
      limits: ctx.limits,
      scratchDir: ctx.workDir,
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
      continue;
    }
    if (result.broken > 0) {
      // Lines that could not be split into the header's fields: read, and rejected.
      summary.rows_read += result.broken;
      summary.rows_rejected += result.broken;
      summary.rejects.BARIS_RUSAK = (summary.rejects.BARIS_RUSAK ?? 0) + result.broken;
      await conn.run(`INSERT INTO rejects SELECT ${sqlString(ctx.runId)}, ${sqlString(spec.name)},
        ${sqlString(name)}, line, NULL, 'BARIS_RUSAK', value FROM ${table}_broken`);
      await conn.run(`DROP TABLE ${table}_broken`);
    }
    const cols = spec.columns.map((c) => `"${c.name}"`).join(', ');
    const notBlank = spec.columns.map((c) => `coalesce(trim("${c.name}"), '') <> ''`).join(' OR ');
    parts.push(`SELECT ${seq} AS _file_seq,
      coalesce(_line, CAST(rowid AS INTEGER) + 2) AS _line, ${cols} FROM ${table} WHERE ${notBlank}`);
    ctx.progress({ stage: 'read', feed: spec.name, file: name, rows: result.rows });
  }
  if (parts.length === 0) return { partitions: [], read };
  await conn.run(`CREATE OR REPLACE VIEW raw_${spec.name} AS ${parts.join('\nUNION ALL\n')}`);
  ctx.progress({ stage: 'validate', feed: spec.name });
  await conn.run(checkSql(spec, `raw_${spec.name}`));
  const duplicates = await findDuplicates(conn, spec);
  // The raw copies are done with: freeing them now leaves the pseudonym joins and the lake COPY
  // the memory they need (at 10× demo scale, holding them made that COPY spill and run 3× longer).
  await conn.run(`DROP VIEW raw_${spec.name}`);
  for (let seq = 0; seq < taken.length; seq++)
    await conn.run(`DROP TABLE IF EXISTS rawfile_${spec.name}_${seq}`);
  const failure = failureSql(spec);
  const counts = await conn.runAndReadAll(
    `SELECT ${failure.reason} AS reason, count(*)::INTEGER AS n FROM checked_${spec.name} GROUP BY ALL`,
  );
  for (const row of counts.getRowObjectsJS()) {
    const n = Number(row.n);
    summary.rows_read += n;
    if (row.reason === null) summary.rows_loaded += n - duplicates;
    else {
      summary.rows_rejected += n;
      summary.rejects[String(row.reason)] = (summary.rejects[String(row.reason)] ?? 0) + n;
    }
  }
  if (duplicates > 0) {
    summary.rows_rejected += duplicates;
    summary.rejects.DUPLIKAT = duplicates;
  }
  const fileName = `list_extract(${sqlList(files)}, _file_seq + 1)`;
  await conn.run(`INSERT INTO rejects SELECT ${sqlString(ctx.runId)}, ${sqlString(spec.name)},
    ${fileName}, _line, ${failure.column}, ${failure.reason}, _value
    FROM checked_${spec.name} WHERE _fail IS NOT NULL`);
  if (spec.key)
    await conn.run(`INSERT INTO rejects SELECT ${sqlString(ctx.runId)}, ${sqlString(spec.name)},
      ${fileName}, _line, ${sqlString(dupColumnOf(spec))}, 'DUPLIKAT', value FROM dup_${spec.name}`);
  ctx.progress({ stage: 'lake', feed: spec.name, rows: summary.rows_loaded });
  const staged = await stageLake(conn, spec, fileName, ctx);
  await conn.run(`DROP TABLE checked_${spec.name}`);
  await conn.run(`DROP TABLE IF EXISTS dup_${spec.name}`);
  for (const col of spec.columns.filter((c) => c.kind === 'nik'))
    await conn.run(`DROP TABLE IF EXISTS pseudonym_${spec.name}_${col.name}`);
  summary.seconds = Math.round(performance.now() - started) / 1000;
  return { partitions: staged, read };
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
  await conn.run(sql.finish(`raw_${spec.name}`));
  await conn.run(`DROP TABLE dupkeys_${spec.name}`);
  const found = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM dup_${spec.name}`);
  return Number(found.getRowObjectsJS()[0].n);
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
  fileName: string,
  ctx: IngestContext,
): Promise<string[]> {
  const partition = spec.partition;
  const label =
    partition.by === 'columns'
      ? partition.columns
          .map((c) =>
            spec.columns.find((s) => s.name === c)?.kind === 'periode'
              ? `'${c}=' || strftime(n_${c}, '%Y-%m')`
              : `'${c}=' || CAST(n_${c} AS VARCHAR)`,
          )
          .join(` || '/' || `)
      : partition.by === 'run'
        ? sqlString(`run=${ctx.runId}`)
        : `''`;
  const valid = `FROM checked_${spec.name} WHERE _fail IS NULL`;
  for (const statement of pseudonymSql(spec)) await conn.run(statement);
  const lake = lakeSelect(spec);
  const labels = (await conn.runAndReadAll(`SELECT DISTINCT ${label} AS label ${valid} ORDER BY 1`))
    .getRowObjectsJS()
    .map((r) => String(r.label));
  // The latest run that brings rows replaces a register; a run with none changes nothing.
  if (labels.length === 0) return [];
  const out = path.join(ctx.workDir, 'partitions', spec.name);
  await mkdir(path.dirname(out), { recursive: true });
  const copied = await conn.runAndReadAll(
    `COPY (SELECT ${lake.columns}, ${sqlString(ctx.runId)} AS _run_id, ${fileName} AS _file,
        CAST(_file_seq AS INTEGER) AS _file_seq, CAST(_line AS INTEGER) AS _line,
        list_position(${sqlList(labels)}, ${label}) AS _part
      FROM ${lake.from})
     TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_part))`,
  );
  // The lake must hold exactly the rows counted as loaded: a join that lost or repeated rows
  // (pseudonyms) fails the run here instead of skewing every indicator.
  const written = Number(copied.getRowsJS()[0]?.[0] ?? -1);
  const loaded = ctx.summary.feeds[spec.name]?.rows_loaded ?? 0;
  if (written !== loaded)
    throw new Error(`${spec.name}: ${written} baris ditulis ke lake, ${loaded} lolos validasi`);
  const staged: string[] = [];
  for (const [i, value] of labels.entries()) {
    const relative = path.join(spec.name, ...value.split('/').filter(Boolean));
    const folder = path.join(dataFolder(ctx.workDir).lake, relative);
    await mkdir(folder, { recursive: true });
    const written = path.join(out, `_part=${i + 1}`);
    const [file] = await readdir(written);
    await rename(path.join(written, file), path.join(folder, 'data.parquet'));
    staged.push(relative);
  }
  return staged;
}
