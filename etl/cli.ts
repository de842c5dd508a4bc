/**
 * `npm run etl -- --inbox DIR --data DIR [--as-of YYYY-MM-DD] [--json] [--progress jsonl]`
 *
 * Exit 0 when the run published (with or without rejects), 1 when it failed (the previous
 * warehouse still serves), 2 for bad arguments or settings (the reason on the first line), 3 when
 * the publish guard held the run for an admin (figures would fall by more than
 * PUBLISH_GUARD_DROP; the previous warehouse still serves). `--accept-drop` publishes anyway.
 * `--json` prints one summary on stdout and no
 * progress display; `--progress jsonl` writes progress events as JSON lines on stderr (used by
 * the API, which runs the ETL as a child process).
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../warehouse/config.js';
import { etlConfigFromEnv, type EtlConfig } from './config.js';
import { FEED_NAMES, type FeedName } from './feeds.js';
import {
  type MappingChange,
  MappingError,
  mappingHistory,
  readMappings,
  saveMappings,
} from './mappings.js';
import { detectFeed, previewFile, type FilePreview } from './preview.js';
import { installCrosswalk } from './crosswalk.js';
import { safeErrorText } from './readers.js';
import { runEtl, type ProgressEvent } from './run.js';
import type { RunSummary } from '../warehouse/runs.js';

const USAGE =
  'Pemakaian: npm run etl -- --inbox DIR --data DIR [--as-of YYYY-MM-DD] [--json] [--progress jsonl] [--accept-drop]\n' +
  '       npm run etl -- --check BERKAS_ATAU_FOLDER [--feed NAMA] [--name JALUR] [--merge] [--detect] [--data DIR] [--as-of YYYY-MM-DD] [--json]\n' +
  '       npm run etl -- --data DIR --peta [--peta-ubah JSON --oleh NAMA [--catatan TEKS]]\n' +
  '       npm run etl -- --data DIR --crosswalk BERKAS.csv';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    const { values } = parseArgs({
      options: {
        inbox: { type: 'string' },
        data: { type: 'string' },
        'as-of': { type: 'string' },
        region: { type: 'string' },
        json: { type: 'boolean', default: false },
        progress: { type: 'string' },
        'accept-drop': { type: 'boolean', default: false },
        check: { type: 'string' },
        feed: { type: 'string' },
        name: { type: 'string' },
        merge: { type: 'boolean', default: false },
        detect: { type: 'boolean', default: false },
        peta: { type: 'boolean', default: false },
        'peta-ubah': { type: 'string' },
        oleh: { type: 'string' },
        catatan: { type: 'string' },
        crosswalk: { type: 'string' },
      },
      strict: true,
    });
    return values;
  } catch (error) {
    fail((error as Error).message);
  }
}

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

function terminalProgress(): (event: ProgressEvent) => void {
  const tty = process.stderr.isTTY;
  return (event) => {
    const where = [event.feed, event.file].filter(Boolean).join(' / ');
    const rows = event.rows === undefined ? '' : ` ${event.rows.toLocaleString('id-ID')} baris`;
    const text = `[${event.stage}] ${where}${rows}${event.message ? ` ${event.message}` : ''}`;
    process.stderr.write(
      tty ? `\r\x1b[2K${text}${event.stage === 'done' ? '\n' : ''}` : `${text}\n`,
    );
  };
}

function printSummary(summary: RunSummary): void {
  const lines = [`Run ${summary.run_id}: ${summary.status} (as-of ${summary.as_of})`];
  for (const [feed, f] of Object.entries(summary.feeds)) {
    const rejects = Object.entries(f.rejects)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    lines.push(
      `  ${feed.padEnd(22)} ${f.files} berkas, ${f.rows_loaded} dimuat, ${f.rows_rejected} ditolak${rejects ? ` (${rejects})` : ''}`,
    );
  }
  for (const d of summary.guard?.differences.slice(0, 10) ?? [])
    lines.push(
      `  ⚠ ${d.indicator_id} ${d.period} ${d.area_code}: ${d.previous} → ${d.current ?? 0}`,
    );
  for (const w of summary.waiting ?? [])
    lines.push(`  … menunggu ${w.feed}/${w.file}: ${w.reason}`);
  for (const warning of summary.warnings ?? []) lines.push(`  Peringatan: ${warning}`);
  for (const c of summary.changes ?? [])
    if (c.flagged)
      lines.push(`  ! ${c.indicator_id}: ${c.previous} → ${c.current} (${c.change_pct}%)`);
  if (summary.error) lines.push(`  Galat: ${summary.error}`);
  process.stderr.write(lines.join('\n') + '\n');
}

/** `--check PATH`: the dry run of each file (preview.ts); nothing is loaded. */
async function check(args: ReturnType<typeof parse>, config: EtlConfig): Promise<void> {
  const target = args.check as string;
  const feed = args.feed as FeedName | undefined;
  if (feed && !FEED_NAMES.includes(feed))
    fail(`--feed harus salah satu dari ${FEED_NAMES.join(', ')}.`);
  const info = await stat(target).catch(() => fail(`--check: "${target}" tidak ditemukan.`));
  // A folder: its files, the feed from a feed-named folder (an inbox), names below it.
  const files = info.isDirectory()
    ? (await readdir(target, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort()
    : [target];
  const mappings = args.data ? await readMappings(args.data) : undefined;
  if (args.detect) {
    // The feed only (the upload page, on arrival): no rows read.
    const found = [];
    for (const file of files)
      found.push({
        file,
        ...((await detectFeed(file, args.name ?? path.basename(file), mappings)) ?? {
          feed: null,
          from: null,
        }),
      });
    process.stdout.write(JSON.stringify(found) + '\n');
    return;
  }
  const previews = [];
  for (const file of files) {
    const relative = path.relative(info.isDirectory() ? target : path.dirname(target), file);
    const [top, ...rest] = relative.split(path.sep);
    const fromFolder = FEED_NAMES.includes(top as FeedName) && rest.length > 0;
    previews.push(
      await previewFile({
        file,
        // --name: the file's path below its feed folder (gives a periode), for a single file.
        name: args.name ?? (fromFolder ? rest.join('/') : path.basename(file)),
        feed: feed ?? (fromFolder ? (top as FeedName) : undefined),
        dataDir: args.data,
        regionCode: args.region ?? config.regionCode,
        asOf: args['as-of'],
        pseudonymKey: config.pseudonymKey,
        mappings,
        merge: args.merge,
      }),
    );
  }
  if (args.json) process.stdout.write(JSON.stringify(previews) + '\n');
  else for (const p of previews) process.stdout.write(previewText(p) + '\n');
  process.exitCode = previews.some((p) => p.file_error) ? 1 : 0;
}

function previewText(p: FilePreview): string {
  const lines = [
    `${p.file}: feed ${p.feed ?? '?'}${p.kind && p.kind !== p.feed ? ` (${p.kind})` : ''}${p.feed_from ? ` [${p.feed_from}]` : ''}`,
  ];
  if (p.encoding) lines.push(`  pengodean ${p.encoding}, pemisah ${JSON.stringify(p.delimiter)}`);
  if (p.sheet) lines.push(`  lembar kerja ${JSON.stringify(p.sheet)} (yang pertama)`);
  for (const c of p.columns)
    lines.push(
      `  kolom ${JSON.stringify(c.header)} → ${c.column ?? '(tidak dibaca)'}${c.via === 'sinonim' || c.via === 'peta' ? ` (${c.via})` : ''}`,
    );
  if (p.missing_columns.length > 0)
    lines.push(`  kolom wajib tidak ditemukan: ${p.missing_columns.join(', ')}`);
  if (p.by_name) lines.push('  wilayah menurut nama kecamatan + desa');
  if (p.file_error)
    lines.push(`  DITOLAK SELURUHNYA ${p.file_error.reason}: ${p.file_error.message}`);
  lines.push(
    `  ${p.rows_read} baris dibaca, ${p.would_load} akan dimuat, ${p.would_reject} akan ditolak`,
  );
  for (const r of p.rejects) {
    lines.push(`  ${r.reason} ${r.count}`);
    for (const e of r.examples)
      lines.push(
        `    baris ${e.line}${e.column ? `, kolom ${e.column}` : ''}: ${e.value ?? '(kosong)'}`,
      );
  }
  for (const v of p.unknown_values)
    lines.push(`  nilai tidak dikenal ${v.column} ${JSON.stringify(v.value)}: ${v.count} baris`);
  for (const a of p.unknown_areas)
    lines.push(`  wilayah tidak dikenal ${a.kecamatan} / ${a.desa}: ${a.count} baris`);
  for (const b of p.unknown_bps)
    lines.push(
      p.crosswalk
        ? `  kode desa BPS ${b.kode_bps} tidak ada di crosswalk BPS–Kemendagri: ${b.count} baris`
        : `  kode desa BPS ${b.kode_bps} tanpa crosswalk BPS–Kemendagri (belum dimuat: npm run etl -- --crosswalk BERKAS): ${b.count} baris`,
    );
  for (const s of p.slices)
    lines.push(
      s.mode === 'gabung'
        ? `  menggabung ke ${s.slice}: ${s.stored_rows} baris tersimpan (${s.kept_rows ?? '?'} tetap) + ${s.rows} baris baru`
        : `  mengganti ${s.slice}: ${s.stored_rows} baris tersimpan → ${s.rows} baris baru`,
    );
  if (p.mappings_version > 0) lines.push(`  peta berkas versi ${p.mappings_version}`);
  if (p.anggota_tanpa_keluarga) lines.push(`  anggota tanpa keluarga: ${p.anggota_tanpa_keluarga}`);
  return lines.join('\n');
}

/**
 * `--peta`: the admin's maps (mappings.ts) as JSON, the current version and the history.
 * `--peta-ubah JSON --oleh NAMA`: saves a change (a MappingChange) as a new version first; a
 * change the contract does not allow exits 4 with the reason on stderr.
 */
async function maps(args: ReturnType<typeof parse>, config: EtlConfig): Promise<void> {
  if (!args.data) fail('--data wajib diisi (folder data tempat peta disimpan).');
  if (args['peta-ubah'] !== undefined) {
    if (!args.oleh) fail('--oleh wajib diisi: siapa yang mengubah peta.');
    let change: MappingChange;
    try {
      change = JSON.parse(args['peta-ubah']) as MappingChange;
    } catch {
      fail('--peta-ubah harus JSON: {"columns": [...], "values": [...], "areas": [...]}.');
    }
    try {
      await saveMappings(
        args.data,
        change,
        args.oleh,
        args.catatan || null,
        args.region ?? config.regionCode,
      );
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 4;
      return;
    }
  }
  const current = await readMappings(args.data);
  process.stdout.write(
    JSON.stringify({ current, history: await mappingHistory(args.data) }) + '\n',
  );
}

/**
 * `--crosswalk FILE`: checks a BPS → Kemendagri crosswalk (etl/crosswalk.ts) and, without errors,
 * loads it into the data folder for the next run. Exit 0 loaded, 1 refused (every reason listed).
 */
async function crosswalk(args: ReturnType<typeof parse>, config: EtlConfig): Promise<void> {
  if (!args.data) fail('--data wajib diisi (folder data tempat crosswalk disimpan).');
  const file = args.crosswalk as string;
  await stat(file).catch(() => fail(`--crosswalk: "${file}" tidak ditemukan.`));
  const region = args.region ?? config.regionCode;
  const result = await installCrosswalk(file, args.data, region);
  if (args.json)
    process.stdout.write(
      JSON.stringify({
        loaded: result.installed !== null,
        file: result.installed,
        codes: result.crosswalk.size,
        errors: result.errors,
      }) + '\n',
    );
  else if (result.installed)
    process.stderr.write(
      `Crosswalk BPS–Kemendagri dimuat: ${result.crosswalk.size} kode desa (${result.installed}). Run berikutnya memakainya.\n`,
    );
  else
    process.stderr.write(
      `Crosswalk BPS–Kemendagri tidak dimuat; perbaiki berkasnya lalu ulangi:\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`,
    );
  process.exitCode = result.installed ? 0 : 1;
}

/** The environment's settings; a wrong one ends the process with its reason (exit 2). */
function configOrExit(): EtlConfig {
  try {
    return etlConfigFromEnv();
  } catch (error) {
    // One line: the run history keeps only the first line of an error.
    const text = error instanceof ConfigError ? error.line : (error as Error).message;
    process.stderr.write(`${text}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = parse();
  if (args['as-of'] && !validDate(args['as-of']))
    fail(`--as-of harus tanggal YYYY-MM-DD yang valid, bukan "${args['as-of']}".`);
  if (args.check !== undefined) return check(args, configOrExit());
  if (args.peta || args['peta-ubah'] !== undefined) return maps(args, configOrExit());
  if (args.crosswalk !== undefined) return crosswalk(args, configOrExit());
  if (!args.inbox) fail('--inbox wajib diisi (folder inbox berisi subfolder per feed).');
  if (!args.data) fail('--data wajib diisi (folder data: lake, warehouse, arsip).');
  if (args.progress && args.progress !== 'jsonl') fail('--progress hanya menerima "jsonl".');
  const config = configOrExit();
  await mkdir(args.data, { recursive: true });
  const progress =
    args.progress === 'jsonl'
      ? (event: ProgressEvent) => process.stderr.write(JSON.stringify(event) + '\n')
      : args.json
        ? undefined
        : terminalProgress();
  const summary = await runEtl({
    inboxDir: args.inbox,
    dataDir: args.data,
    asOf: args['as-of'],
    regionCode: args.region ?? config.regionCode,
    pseudonymKey: config.pseudonymKey,
    memoryLimit: config.memoryLimit,
    publishGuardDrop: config.publishGuardDrop,
    acceptDrop: args['accept-drop'],
    settleSeconds: config.settleSeconds,
    limits: config.limits,
    onProgress: progress,
  });
  if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else printSummary(summary);
  process.exitCode =
    summary.status === 'SUCCESS' ? 0 : summary.status === 'MENUNGGU_PERSETUJUAN' ? 3 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`ETL gagal: ${safeErrorText(error, 500)}\n`);
  process.exitCode = 1;
});
