/**
 * `npm run -s build:server && node dist/tests/bench/login-stall.js [-- --rate 8 --seconds 15]`
 *
 * What valid logins cost everybody else: the API (its own process, sample data) answers a steady
 * stream of figure requests, first alone, then while `--rate` logins a second arrive (scrypt is
 * deliberately slow). Prints p50/p95/max of /api/indicators and of a values request in both
 * phases. A figure, not a test: the machine's load moves it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../api/common/paths.js';
import { buildSampleData, sampleProductEnv } from '../support/sample-data.js';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '15' },
  },
});
const PASSWORD = 'bench-dinsos-kapuas-2024';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A request that takes longer than this counts as this long (and the run goes on). */
const CUT_MS = 60_000;

async function login(url: string): Promise<number> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    signal: AbortSignal.timeout(CUT_MS),
  });
  await res.arrayBuffer();
  return res.status;
}

async function start(
  dataDir: string,
  inboxDir: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/api/main.js')], {
    env: { ...process.env, ...sampleProductEnv(dataDir, inboxDir, PASSWORD) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600; i++) {
    const url = /siap di (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (url) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('API tidak siap');
}

/** Sequential requests to `paths` in turn until `until`; latency per path. */
async function probe(url: string, cookie: string, paths: string[], until: number) {
  const times = new Map(paths.map((p) => [p, [] as number[]]));
  while (Date.now() < until) {
    for (const p of paths) {
      const t0 = performance.now();
      try {
        const res = await fetch(url + p, {
          headers: { cookie },
          signal: AbortSignal.timeout(CUT_MS),
        });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${p}: ${res.status}`);
        times.get(p)!.push(performance.now() - t0);
      } catch (error) {
        if ((error as Error).name !== 'TimeoutError') throw error;
        times.get(p)!.push(CUT_MS);
      }
    }
  }
  return times;
}

function report(phase: string, times: Map<string, number[]>): void {
  for (const [p, list] of times) {
    const s = [...list].sort((a, b) => a - b);
    console.log(
      `${phase.padEnd(22)} ${p.padEnd(52)} n=${String(s.length).padStart(5)}` +
        `  p50 ${percentile(s, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(s, 95).toFixed(1).padStart(7)} ms` +
        `  max ${(s.at(-1) ?? NaN).toFixed(1).padStart(7)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-login-'));
  const { dataDir, inboxDir } = await buildSampleData(root);
  const { child, url } = await start(dataDir, inboxDir);
  try {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const paths = ['/api/indicators', '/api/indicators/pbi_sasaran_pct/values?parent=62.03.01'];
    const ms = Number(args.seconds) * 1000;
    await probe(url, cookie, paths, Date.now() + 1000); // warm the memoised answers
    report('alone', await probe(url, cookie, paths, Date.now() + ms));
    const rate = Number(args.rate);
    const statuses = new Map<number, number>();
    const pending: Promise<void>[] = [];
    const timer = setInterval(() => {
      pending.push(
        login(url).then(
          (s) => void statuses.set(s, (statuses.get(s) ?? 0) + 1),
          () => void statuses.set(0, (statuses.get(0) ?? 0) + 1),
        ),
      );
    }, 1000 / rate);
    // The logins stop when the phase ends, whether or not the probe could keep up.
    setTimeout(() => clearInterval(timer), ms);
    const during = await probe(url, cookie, paths, Date.now() + ms);
    await Promise.all(pending);
    report(`${rate} logins/s`, during);
    console.log(
      `login answers (status: count, 0 = no answer within ${CUT_MS / 1000} s): ` +
        JSON.stringify(Object.fromEntries(statuses)),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(root, { recursive: true, force: true });
  }
}

await main();
