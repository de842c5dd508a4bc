/**
 * The dry run ("Periksa"): what a run would make of a file, without loading anything. It is the
 * run's own code (run.ts `ingest` with a PreviewCollector): the same readers, value rules,
 * DUPLIKAT key and slices, so a preview's rejects are exactly the run's. Nothing is written to
 * the lake, the inbox, the archive or the run history; values in examples are masked by the
 * run's one masking rule (mask.ts).
 *
 * `npm run etl -- --check PATH [--feed NAME]` prints it; the upload page will serve it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  FEED_NAMES,
  feedSpecs,
  mapHeader,
  normaliseHeader,
  periodeFromPath,
  type FeedName,
} from './feeds.js';
import type { TakenFile } from './inbox.js';
import { sniffCsv } from './readers.js';
import { ingest, type PreviewCollector } from './run.js';
import { todayWib } from '../warehouse/calendar.js';
import { dataFolder } from '../warehouse/data-folder.js';
import type { FeedSummary, RunSummary } from '../warehouse/runs.js';
import { sqlString } from '../warehouse/wilayah.js';

export interface PreviewOptions {
  /** The file to check and the name it would have below its feed folder (gives a periode). */
  file: string;
  name?: string;
  /** The feed, when known; else detected from the header, then from the file name. */
  feed?: FeedName;
  /** The data folder whose lake the slices are compared with (may not exist yet). */
  dataDir?: string;
  regionCode: string;
  asOf?: string;
  examplesPerReason?: number;
}

export interface HeaderMapping {
  header: string;
  /** The contract column this header is read as; null: not read (never stored). */
  column: string | null;
  via: 'kontrak' | 'sinonim' | null;
}

export interface FilePreview {
  file: string;
  feed: FeedName | null;
  /** How the feed was chosen. */
  feed_from: 'pilihan' | 'judul' | 'nama' | null;
  /** The file kind (lake table), for a feed with several (dtsen). */
  kind: string | null;
  encoding: string | null;
  delimiter: string | null;
  by_name: boolean;
  columns: HeaderMapping[];
  /** The whole file is refused (KOLOM_TIDAK_ADA, BERKAS_RUSAK, …): why. */
  file_error: { reason: string; message: string } | null;
  rows_read: number;
  would_load: number;
  would_reject: number;
  rejects: {
    reason: string;
    count: number;
    examples: { line: number; column: string | null; value: string | null }[];
  }[];
  /** Stored slices the file would replace: new rows, and the rows stored there today. */
  slices: { slice: string; rows: number; stored_rows: number }[];
  periodes: string[];
  anggota_tanpa_keluarga?: number;
}

/** The feed a file's header fits: every required column found; most columns found wins. */
export async function detectFeed(
  file: string,
  name: string,
): Promise<{ feed: FeedName; from: 'judul' | 'nama' } | null> {
  const header = await readHeader(file);
  const periode = periodeFromPath(name);
  const fits: { feed: FeedName; found: number }[] = [];
  if (header)
    for (const feed of FEED_NAMES)
      for (const spec of feedSpecs(feed)) {
        const found = mapHeader(spec, header);
        const complete = spec.columns.every(
          (c) =>
            !(c.required || c.headerRequired) ||
            found.has(c.name) ||
            (c.name === 'periode' && periode !== null) ||
            (c.name === 'kode_desa' && hasAreaNames(header)),
        );
        if (complete) fits.push({ feed, found: found.size });
      }
  fits.sort((a, b) => b.found - a.found);
  const byName = feedInName(name);
  if (fits.length > 0) {
    const best = fits.filter((f) => f.found === fits[0].found);
    const hinted = best.find((f) => f.feed === byName);
    return { feed: (hinted ?? best[0]).feed, from: 'judul' };
  }
  return byName ? { feed: byName, from: 'nama' } : null;
}

function hasAreaNames(header: readonly string[]): boolean {
  const h = header.map(normaliseHeader);
  return h.includes('kecamatan') && h.some((x) => /^(nama_)?(desa|kelurahan)(_|$)/.test(x));
}

/** A feed named in a file name (`jkn_2024-06.txt` is bpjs_kesehatan's usual name). */
function feedInName(name: string): FeedName | null {
  const lower = name.toLowerCase();
  const hints: [string, FeedName][] = [
    ['bpjs_ketenagakerjaan', 'bpjs_ketenagakerjaan'],
    ['bpjstk', 'bpjs_ketenagakerjaan'],
    ['bpjs_kesehatan', 'bpjs_kesehatan'],
    ['jkn', 'bpjs_kesehatan'],
    ['dtsen', 'dtsen'],
    ['dtks', 'dtks'],
    ['rujukan', 'rujukan'],
    ['pkh', 'pkh'],
    ['puskesos', 'puskesos'],
    ['penduduk', 'penduduk'],
  ];
  return hints.find(([hint]) => lower.includes(hint))?.[1] ?? null;
}

/** The header of a CSV/TXT (first line, any of the contract's delimiters) or a Parquet file. */
async function readHeader(file: string): Promise<readonly string[] | null> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.txt') return null; // .xlsx, .parquet: chosen, or in the name
  // The readers' own header sniffing: encoding, delimiter and quotes as a run reads them.
  const head = await sniffCsv(file);
  return 'error' in head ? null : head.header;
}

function mappings(feed: FeedName, kind: string | null, header: readonly string[]): HeaderMapping[] {
  const spec = feedSpecs(feed).find((s) => s.name === kind) ?? feedSpecs(feed)[0];
  const found = mapHeader(spec, header);
  const byIndex = new Map([...found.entries()].map(([column, index]) => [index, column]));
  return header.map((h, i) => {
    const column = byIndex.get(i) ?? null;
    const via = column === null ? null : normaliseHeader(h) === column ? 'kontrak' : 'sinonim';
    return { header: h, column, via };
  });
}

export async function previewFile(options: PreviewOptions): Promise<FilePreview> {
  const name = options.name ?? path.basename(options.file);
  const chosen = options.feed
    ? { feed: options.feed, from: 'pilihan' as const }
    : await detectFeed(options.file, name);
  const empty: FilePreview = {
    file: name,
    feed: chosen?.feed ?? null,
    feed_from: chosen?.from ?? null,
    kind: null,
    encoding: null,
    delimiter: null,
    by_name: false,
    columns: [],
    file_error: null,
    rows_read: 0,
    would_load: 0,
    would_reject: 0,
    rejects: [],
    slices: [],
    periodes: [],
  };
  if (!chosen)
    return {
      ...empty,
      file_error: {
        reason: 'FEED_TIDAK_DIKENALI',
        message:
          'Feed berkas ini tidak dapat dikenali dari judul kolom atau namanya: pilih feed-nya.',
      },
    };
  const feed = chosen.feed;
  const info = await stat(options.file);
  const taken: TakenFile = {
    feed,
    name,
    path: options.file,
    size: info.size,
    mtimeMs: info.mtimeMs,
  };
  const workDir = await mkdtemp(path.join(tmpdir(), 'slrt-periksa-'));
  const collected: PreviewCollector & {
    rejects: FilePreview['rejects'];
    stored: Map<string, number>;
  } = {
    files: [],
    slices: [],
    rejects: [],
    stored: new Map(),
    inspect: async (conn) => {
      collected.rejects = await rejectExamples(conn, options.examplesPerReason ?? 3);
      for (const s of collected.slices)
        collected.stored.set(
          `${s.table}/${s.slice}`,
          await storedRows(conn, options.dataDir, s.table, s.slice),
        );
    },
  };
  const summary: RunSummary = {
    run_id: 'periksa',
    status: 'RUNNING',
    as_of: options.asOf ?? todayWib(),
    region_code: options.regionCode,
    started_at: new Date().toISOString(),
    finished_at: null,
    feeds: {},
    stage_seconds: {},
  };
  try {
    await ingest({
      inboxDir: path.dirname(options.file),
      dataDir: options.dataDir ?? workDir,
      regionCode: options.regionCode,
      asOf: summary.as_of,
      runId: 'periksa',
      workDir,
      key: randomBytes(32), // no pseudonym leaves a dry run
      summary,
      progress: () => undefined,
      inbox: { files: [taken], bad: [], waiting: [], warnings: [] },
      preview: collected,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const f: FeedSummary | undefined = summary.feeds[feed];
  const read = collected.files[0];
  const fileReject = collected.rejects.find((r) => r.examples.some((e) => e.line === 0));
  return {
    ...empty,
    kind: read?.table ?? null,
    encoding: read?.encoding ?? null,
    delimiter: read?.delimiter ?? null,
    by_name: read?.byName ?? false,
    columns: read ? mappings(feed, read.table, read.header) : [],
    file_error: fileReject
      ? { reason: fileReject.reason, message: String(fileReject.examples[0].value ?? '') }
      : null,
    rows_read: f?.rows_read ?? 0,
    would_load: f?.rows_loaded ?? 0,
    would_reject: f?.rows_rejected ?? 0,
    rejects: collected.rejects.filter((r) => r !== fileReject),
    slices: collected.slices.map((s) => ({
      slice: s.slice,
      rows: s.rows,
      stored_rows: collected.stored.get(`${s.table}/${s.slice}`) ?? 0,
    })),
    periodes: [
      ...new Set(
        collected.slices
          .map((s) => /(?:periode|tahun)=([0-9-]+)/.exec(s.slice)?.[1])
          .filter((p): p is string => p !== undefined),
      ),
    ].sort(),
    ...(f?.anggota_tanpa_keluarga === undefined
      ? {}
      : { anggota_tanpa_keluarga: f.anggota_tanpa_keluarga }),
  };
}

/** The rejects a run would record, per reason, with the first examples (masked values). */
async function rejectExamples(
  conn: DuckDBConnection,
  perReason: number,
): Promise<FilePreview['rejects']> {
  const rows = (
    await conn.runAndReadAll(`SELECT reason, count(*) OVER (PARTITION BY reason)::INTEGER AS n,
        line, column_name, value
      FROM rejects QUALIFY row_number() OVER (PARTITION BY reason ORDER BY line) <= ${perReason}
      ORDER BY reason, line`)
  ).getRowObjectsJS();
  const out = new Map<string, FilePreview['rejects'][number]>();
  for (const r of rows) {
    const reason = String(r.reason);
    const entry = out.get(reason) ?? { reason, count: Number(r.n), examples: [] };
    entry.examples.push({
      line: Number(r.line),
      column: r.column_name === null ? null : String(r.column_name),
      value: r.value === null ? null : String(r.value),
    });
    out.set(reason, entry);
  }
  return [...out.values()];
}

/** Rows the lake stores today in a slice (also in an older one-file-per-period folder). */
async function storedRows(
  conn: DuckDBConnection,
  dataDir: string | undefined,
  table: string,
  slice: string,
): Promise<number> {
  if (!dataDir) return 0;
  const lake = dataFolder(dataDir).lake;
  const dir = path.join(lake, table, slice);
  let n = 0;
  if (
    existsSync(dir) &&
    (await readdir(dir, { recursive: true })).some((f) => String(f).endsWith('.parquet'))
  )
    n += Number(
      (
        await conn.runAndReadAll(
          `SELECT count(*) AS n FROM read_parquet(${sqlString(path.join(dir, '**', '*.parquet'))}, hive_partitioning = false)`,
        )
      ).getRowObjectsJS()[0].n,
    );
  const legacy = path.join(path.dirname(dir), 'data.parquet');
  const kab = /kab=([0-9.]+)$/.exec(slice)?.[1];
  if (kab && existsSync(legacy))
    n += Number(
      (
        await conn.runAndReadAll(
          `SELECT count(*) AS n FROM read_parquet(${sqlString(legacy)}, hive_partitioning = false)
           WHERE left(kode_desa, 5) = ${sqlString(kab)}`,
        )
      ).getRowObjectsJS()[0].n,
    );
  return n;
}
