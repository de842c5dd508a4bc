/**
 * npm run demo-data -- --out DIR [--seed N] [--scale N] [--end YYYY-MM] [--months N]
 *   [--region NN.NN]
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DemoOptionsError, generateDemoInbox, type DemoOptions } from './generate.js';

const USAGE =
  'Pemakaian: npm run demo-data -- --out DIR [--seed N] [--scale N] [--end YYYY-MM] [--months N]' +
  ' [--region NN.NN]';

export function parseArgs(argv: readonly string[]): DemoOptions {
  const opts: DemoOptions = { out: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s) as [string, string])
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--'))
        throw new DemoOptionsError(`${flag} butuh nilai. ${USAGE}`);
      return v;
    };
    const number = (name: string): number => {
      const v = value();
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n))
        throw new DemoOptionsError(`${name} harus angka, bukan "${v}"`);
      return n;
    };
    switch (flag) {
      case '--out':
        opts.out = value();
        break;
      case '--seed':
        opts.seed = number('--seed');
        break;
      case '--scale':
        opts.scale = number('--scale');
        break;
      case '--end':
        opts.end = value();
        break;
      case '--months':
        opts.months = number('--months');
        break;
      case '--region':
        opts.region = value();
        break;
      case '--help':
      case '-h':
        throw new DemoOptionsError(USAGE);
      default:
        throw new DemoOptionsError(`Argumen tidak dikenal: ${arg}. ${USAGE}`);
    }
  }
  if (!opts.out) throw new DemoOptionsError(`--out DIR wajib diisi. ${USAGE}`);
  return opts;
}

async function main(): Promise<void> {
  let opts: DemoOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const counts = new Map<string, number>();
  let lastReport = 0;
  opts.onProgress = (feed, rows) => {
    counts.set(feed, rows);
    if (Date.now() - lastReport < 2000) return;
    lastReport = Date.now();
    const line = [...counts].map(([f, n]) => `${f} ${n.toLocaleString('id-ID')}`).join(' · ');
    process.stderr.write(`  … ${line}\n`);
  };
  try {
    const result = await generateDemoInbox(opts);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    let bytes = 0;
    for (const f of result.files) bytes += statSync(f).size;
    process.stderr.write(
      `Inbox demo Kabupaten Kapuas ditulis ke ${path.resolve(opts.out)} (${seconds} detik)\n`,
    );
    for (const [feed, rows] of Object.entries(result.rows)) {
      const n = result.files.filter(
        (f) => path.relative(opts.out, f).split(path.sep)[0] === feed,
      ).length;
      process.stderr.write(
        `  ${feed.padEnd(22)} ${String(n).padStart(3)} file  ${rows.toLocaleString('id-ID')} baris\n`,
      );
    }
    process.stderr.write(`  total ${(bytes / 1e6).toFixed(1)} MB\n`);
  } catch (err) {
    const e = err as Error;
    process.stderr.write(
      `${e instanceof DemoOptionsError ? '' : 'Gagal membuat data demo: '}${e.message}\n`,
    );
    process.exitCode = e instanceof DemoOptionsError ? 2 : 1;
  }
}

// Only when run as a program, so that tests can import parseArgs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
