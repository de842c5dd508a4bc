/**
 * The dry run ("Periksa"): what a run would make of a file, without loading anything. It is the
 * run's own code (run.ts `ingest` with a PreviewCollector): the same readers, value rules,
 * DUPLIKAT key and slices, so a preview's rejects are exactly the run's. Nothing is written to
 * the lake, the inbox, the archive or the run history; values in examples are masked by the
 * run's one masking rule (mask.ts). The maps for uploaded files (mappings.ts) apply as in a run,
 * and what they could still fix is listed: missing columns, unknown values, unknown area names.
 *
 * `npm run etl -- --check PATH [--feed NAME]` prints it; the upload page will serve it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  FEED_NAMES,
  feedSpecs,
  isMergePath,
  mapHeader,
  normaliseHeader,
  periodeFromPath,
  type FeedName,
} from './feeds.js';
import type { TakenFile } from './inbox.js';
import { parseKey } from './key.js';
import { emptyMappings, readMappings, type Mappings } from './mappings.js';
import { BPS_HEADER } from './crosswalk.js';
import { sniffCsv } from './readers.js';
import {
  ingest,
  PREVIEW_UNKNOWN_AREAS,
  PREVIEW_UNKNOWN_VALUES,
  storedSliceSql,
  type PreviewCollector,
} from './run.js';
import { todayWib } from '../warehouse/calendar.js';
import { dataFolder } from '../warehouse/data-folder.js';
import type { FeedSummary, RunSummary } from '../warehouse/runs.js';

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
  /** The maps for uploaded files; else the latest of `dataDir` (none without one). */
  mappings?: Mappings;
  /**
   * Merge into the stored slices instead of replacing them (a file in `gabung/`); default: whether
   * `name` has a `gabung` folder.
   */
  merge?: boolean;
  /**
   * The pseudonym key (hex) when configured (PSEUDONYM_KEY); else `dataDir`'s key file. Used only
   * to count the stored rows a merge keeps; no pseudonym leaves the dry run.
   */
  pseudonymKey?: string;
}

export interface HeaderMapping {
  header: string;
  /** The contract column this header is read as; null: not read (never stored). */
  column: string | null;
  /** kontrak: the contract's name; peta: the admin's column map; sinonim: a known synonym. */
  via: 'kontrak' | 'sinonim' | 'peta' | null;
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
  /** A workbook's sheet read (the first one). */
  sheet: string | null;
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
  /**
   * Stored slices the file would replace (`ganti`) or merge into (`gabung`): new rows, the rows
   * stored there today and, merging, those of them kept (their key is not among the new rows; null:
   * not known without the data folder's pseudonym key).
   */
  slices: {
    slice: string;
    rows: number;
    stored_rows: number;
    mode: 'ganti' | 'gabung';
    kept_rows?: number | null;
  }[];
  periodes: string[];
  anggota_tanpa_keluarga?: number;
  /** Required contract columns not found (also when the file is refused KOLOM_TIDAK_ADA). */
  missing_columns: string[];
  /**
   * Enum values the rules would reject: distinct (masked), most frequent first, at most 50; with
   * the contract's values of the column (feeds.ts), the ones a value map may name.
   */
  unknown_values: { column: string; value: string; count: number; allowed: string[] }[];
  /** Kecamatan + desa name pairs that found no desa, most rows first, at most 200. */
  unknown_areas: { kecamatan: string; desa: string; count: number }[];
  /**
   * BPS desa codes (masked) of a `kode_desa_bps` column that found no Kemendagri code, most rows
   * first, at most 200: not in the crosswalk, or every one while none is loaded (`crosswalk`).
   */
  unknown_bps: { kode_bps: string; count: number }[];
  /** Whether a BPS → Kemendagri crosswalk is loaded (etl/crosswalk.ts). */
  crosswalk: boolean;
  /** The version of the maps applied (0: none). */
  mappings_version: number;
}

/** The feed a file's header fits: every required column found; most columns found wins. */
export async function detectFeed(
  file: string,
  name: string,
  mappings?: Mappings,
): Promise<{ feed: FeedName; from: 'judul' | 'nama' } | null> {
  const header = await readHeader(file);
  const periode = periodeFromPath(name);
  const fits: { feed: FeedName; found: number }[] = [];
  if (header)
    for (const feed of FEED_NAMES)
      for (const spec of feedSpecs(feed)) {
        const found = mapHeader(spec, header, mappings?.columns[feed]);
        const complete = spec.columns.every(
          (c) =>
            !(c.required || c.headerRequired) ||
            found.has(c.name) ||
            (c.name === 'periode' && periode !== null) ||
            (c.name === 'kode_desa' &&
              (hasAreaNames(header) || header.map(normaliseHeader).includes(BPS_HEADER))),
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

function headerMappings(
  feed: FeedName,
  kind: string | null,
  header: readonly string[],
  columnMap: Readonly<Record<string, string>> = {},
): HeaderMapping[] {
  const spec = feedSpecs(feed).find((s) => s.name === kind) ?? feedSpecs(feed)[0];
  const found = mapHeader(spec, header, columnMap);
  const byIndex = new Map([...found.entries()].map(([column, index]) => [index, column]));
  return header.map((h, i) => {
    const column = byIndex.get(i) ?? null;
    const mapped = column !== null && columnMap[column];
    const via =
      column === null
        ? null
        : normaliseHeader(h) === column
          ? 'kontrak'
          : mapped && normaliseHeader(mapped) === normaliseHeader(h)
            ? 'peta'
            : 'sinonim';
    return { header: h, column, via };
  });
}

/** The key of the data folder (configured, else its key file), or null when there is none. */
async function dataFolderKey(
  dataDir: string | undefined,
  configured?: string,
): Promise<Buffer | null> {
  if (configured) return parseKey(configured, 'PSEUDONYM_KEY');
  if (!dataDir) return null;
  try {
    const file = dataFolder(dataDir).key;
    return parseKey(await readFile(file, 'utf8'), file);
  } catch {
    return null;
  }
}

export async function previewFile(options: PreviewOptions): Promise<FilePreview> {
  const name = options.name ?? path.basename(options.file);
  const maps =
    options.mappings ?? (options.dataDir ? await readMappings(options.dataDir) : emptyMappings());
  const chosen = options.feed
    ? { feed: options.feed, from: 'pilihan' as const }
    : await detectFeed(options.file, name, maps);
  const empty: FilePreview = {
    file: name,
    feed: chosen?.feed ?? null,
    feed_from: chosen?.from ?? null,
    kind: null,
    encoding: null,
    delimiter: null,
    sheet: null,
    by_name: false,
    columns: [],
    file_error: null,
    rows_read: 0,
    would_load: 0,
    would_reject: 0,
    rejects: [],
    slices: [],
    periodes: [],
    missing_columns: [],
    unknown_values: [],
    unknown_areas: [],
    unknown_bps: [],
    crosswalk: false,
    mappings_version: maps.version,
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
    merge: options.merge ?? isMergePath(name),
  };
  // The data folder's key makes the new rows' pseudonyms those of the stored rows, so a merge
  // can tell which stored rows it keeps; without one no pseudonym matches anything.
  const key = taken.merge ? await dataFolderKey(options.dataDir, options.pseudonymKey) : null;
  const workDir = await mkdtemp(path.join(tmpdir(), 'slrt-periksa-'));
  const collected: PreviewCollector & {
    rejects: FilePreview['rejects'];
    stored: Map<string, number>;
  } = {
    files: [],
    slices: [],
    unknownValues: [],
    unknownAreas: [],
    unknownBps: [],
    crosswalk: false,
    pseudonyms: key !== null,
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
      key: key ?? randomBytes(32), // no pseudonym leaves a dry run
      mappings: maps,
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
    sheet: read?.sheet ?? null,
    by_name: read?.byName ?? false,
    columns: read ? headerMappings(feed, read.table, read.header, maps.columns[feed]) : [],
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
      mode: s.merge ? ('gabung' as const) : ('ganti' as const),
      ...(s.merge ? { kept_rows: s.kept } : {}),
    })),
    missing_columns: read?.missing ?? [],
    unknown_values: collected.unknownValues
      .slice(0, PREVIEW_UNKNOWN_VALUES)
      .map((v) => ({ ...v, allowed: contractValues(feed, v.column) })),
    unknown_areas: collected.unknownAreas.slice(0, PREVIEW_UNKNOWN_AREAS),
    unknown_bps: collected.unknownBps.slice(0, PREVIEW_UNKNOWN_AREAS),
    crosswalk: collected.crosswalk,
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

/** The contract's values of a feed's enum column (any of its file kinds), in contract order. */
function contractValues(feed: FeedName, column: string): string[] {
  const spec = feedSpecs(feed)
    .flatMap((s) => s.columns)
    .find((c) => c.name === column && c.kind === 'enum');
  return [...(spec?.values ?? [])];
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
  const stored = await storedSliceSql(dataFolder(dataDir).lake, path.join(table, slice));
  if (!stored) return 0;
  const counted = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${stored}`);
  return Number(counted.getRowObjectsJS()[0].n);
}
