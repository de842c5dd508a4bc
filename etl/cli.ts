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
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { etlConfigFromEnv, type EtlConfig } from './config.js';
import { safeErrorText } from './readers.js';
import { runEtl, type ProgressEvent } from './run.js';
import type { RunSummary } from '../warehouse/runs.js';

const USAGE =
  'Pemakaian: npm run etl -- --inbox DIR --data DIR [--as-of YYYY-MM-DD] [--json] [--progress jsonl] [--accept-drop]';

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

async function main(): Promise<void> {
  const args = parse();
  if (!args.inbox) fail('--inbox wajib diisi (folder inbox berisi subfolder per feed).');
  if (!args.data) fail('--data wajib diisi (folder data: lake, warehouse, arsip).');
  if (args['as-of'] && !validDate(args['as-of']))
    fail(`--as-of harus tanggal YYYY-MM-DD yang valid, bukan "${args['as-of']}".`);
  if (args.progress && args.progress !== 'jsonl') fail('--progress hanya menerima "jsonl".');
  let config: EtlConfig;
  try {
    config = etlConfigFromEnv();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
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
