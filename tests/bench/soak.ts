/**
 * `npm run soak [-- --minutes 10 --users 8 --think 50 --scale 1 --data DIR]`
 *
 * Soak test: the API as its own process (`node dist/api/main.js`, loopback only) serves mixed
 * traffic from several simulated users — dashboard pages, maps, Arrow tables, the budget
 * simulator, Pokja pages — for the whole duration, while an admin starts two ETL runs
 * (POST /api/etl/run, at one third and two thirds of the time) that rebuild and publish the
 * warehouse. Reports failed requests (target 0), latency p50/p95/p99 overall and per endpoint,
 * and the API's resident memory at start, at the end and its peak.
 *
 * All simulated users share the loopback address, so the per-client rate limit is off here
 * (RATE_LIMIT=0); tests/api/hardening.test.ts covers it.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoDataFolder, startApi } from './product.js';
import { benchFetch } from './session.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    users: { type: 'string', default: '8' },
    think: { type: 'string', default: '50' },
    scale: { type: 'string', default: '1' },
    data: { type: 'string' },
  },
});

const ARROW = 'application/vnd.apache.arrow.stream';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The given data folder, or Kapuas demo data at --scale, generated once into the temp folder. */
async function dataFolder(): Promise<string> {
  if (args.data) return path.resolve(args.data);
  return demoDataFolder(path.join(tmpdir(), `dasbor-soak-scale${args.scale}`), args.scale);
}

/** Resident memory of a process in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

interface Call {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  accept?: string;
  body?: unknown;
}

/** What a dashboard user does, weighted by how often the pages are opened. */
function calls(period: string, kecamatan: string[], desa: string[]): Call[] {
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const ind = () =>
    pick([
      'pbi_sasaran_pct',
      'gap_jkn_sasaran',
      'rujukan_median_hari',
      'pkh_pct',
      'bpu_rentan_pct',
    ]);
  return [
    { name: 'meta', path: '/api/meta' },
    { name: 'indicators', path: '/api/indicators' },
    { name: 'values desa', path: `/api/indicators/${ind()}/values?level=desa&period=${period}` },
    { name: 'values kec', path: `/api/indicators/${ind()}/values` },
    {
      name: 'values arrow',
      path: `/api/indicators/${ind()}/values?level=desa`,
      accept: ARROW,
    },
    { name: 'series', path: `/api/indicators/${ind()}/series?area=${pick(desa)}` },
    {
      name: 'values publik',
      path: `/api/indicators/${ind()}/values?level=desa&publik=true`,
    },
    { name: 'scorecard desa publik', path: `/api/scorecard?area=${pick(desa)}&publik=true` },
    { name: 'scorecard', path: `/api/scorecard?area=${pick(kecamatan)}` },
    { name: 'rujukan', path: `/api/rujukan/breakdown?area=${pick(kecamatan)}` },
    { name: 'gaps', path: `/api/coverage/gaps?area=${pick(kecamatan)}` },
    { name: 'gaps arrow', path: '/api/coverage/gaps', accept: ARROW },
    { name: 'areas', path: `/api/areas?q=${pick(['ka', 'se', 'ma', 'pu'])}` },
    { name: 'geo', path: '/api/geo' },
    {
      name: 'budget',
      path: '/api/budget/simulate',
      method: 'POST',
      body: { max_desil: 1 + Math.floor(Math.random() * 10), kecamatan: [pick(kecamatan)] },
    },
    { name: 'etl status', path: '/api/etl/status' },
    { name: 'freshness', path: '/api/etl/freshness' },
    { name: 'actions', path: `/api/pokja/actions?kecamatan=${pick(kecamatan)}` },
    { name: 'rakor', path: '/api/pokja/rakor' },
  ];
}

interface Stats {
  latencies: Map<string, number[]>;
  failures: string[];
  count: number;
}

async function request(url: string, call: Call, stats: Stats): Promise<void> {
  const start = performance.now();
  try {
    const res = await benchFetch(`${url}${call.path}`, {
      method: call.method ?? 'GET',
      headers: {
        accept: call.accept ?? 'application/json',
        ...(call.body ? { 'content-type': 'application/json' } : {}),
      },
      body: call.body ? JSON.stringify(call.body) : undefined,
    });
    await res.arrayBuffer();
    if (!res.ok) stats.failures.push(`${res.status} ${call.method ?? 'GET'} ${call.path}`);
  } catch (error) {
    stats.failures.push(`${call.path}: ${String(error)}`);
  }
  const list = stats.latencies.get(call.name) ?? [];
  list.push(performance.now() - start);
  stats.latencies.set(call.name, list);
  stats.count += 1;
}

async function user(url: string, until: number, stats: Stats, ctx: Parameters<typeof calls>) {
  while (Date.now() < until) {
    const list = calls(...ctx);
    await request(url, list[Math.floor(Math.random() * list.length)]!, stats);
    await sleep(Math.random() * Number(args.think));
  }
}

/** The admin's two manual runs; returns each run's id and status. */
async function admin(url: string, durationMs: number, stats: Stats): Promise<string[]> {
  const results: string[] = [];
  const t0 = Date.now();
  for (const at of [durationMs / 3, (2 * durationMs) / 3]) {
    await sleep(Math.max(0, t0 + at - Date.now()));
    const started = await benchFetch(`${url}/api/etl/run`, { method: 'POST' });
    if (started.status !== 202) stats.failures.push(`ETL start: ${started.status}`);
    for (;;) {
      const status = (await (await benchFetch(`${url}/api/etl/status`)).json()) as {
        running: boolean;
        last_run: { run_id: string; status: string } | null;
      };
      if (!status.running) {
        results.push(`${status.last_run?.run_id} ${status.last_run?.status}`);
        if (status.last_run?.status !== 'SUCCESS')
          stats.failures.push(`ETL run: ${results.at(-1)}`);
        break;
      }
      await sleep(500);
    }
  }
  return results;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const dataDir = await dataFolder();
  const { child, url } = await startApi(dataDir);
  const pid = child.pid!;
  try {
    const meta = (await (await benchFetch(`${url}/api/meta`)).json()) as { latest_period: string };
    const kec = (await (
      await benchFetch(`${url}/api/indicators/pbi_sasaran_pct/values`)
    ).json()) as {
      rows: { code: string }[];
    };
    const desa = (await (
      await benchFetch(`${url}/api/indicators/pbi_sasaran_pct/values?level=desa`)
    ).json()) as { rows: { code: string }[] };
    const ctx: Parameters<typeof calls> = [
      meta.latest_period,
      kec.rows.map((r) => r.code),
      desa.rows.map((r) => r.code),
    ];
    const durationMs = Number(args.minutes) * 60_000;
    const stats: Stats = { latencies: new Map(), failures: [], count: 0 };
    const rssStart = rssMiB(pid);
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 1000);
    console.log(
      `\nSoak ${args.minutes} menit, ${args.users} pengguna, API ${url} (pid ${pid}), data ${dataDir}\n`,
    );
    const until = Date.now() + durationMs;
    const [runs] = await Promise.all([
      admin(url, durationMs, stats),
      ...Array.from({ length: Number(args.users) }, () => user(url, until, stats, ctx)),
    ]);
    clearInterval(sampler);
    const rssEnd = rssMiB(pid);
    report(stats, runs, { start: rssStart, end: rssEnd, peak: Math.max(rssPeak, rssEnd) });
    process.exitCode = stats.failures.length === 0 ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
  }
}

function report(stats: Stats, runs: string[], rss: { start: number; end: number; peak: number }) {
  const all = [...stats.latencies.values()].flat().sort((a, b) => a - b);
  console.log('endpoint         requests   p50 ms   p95 ms   p99 ms');
  for (const [name, list] of [...stats.latencies.entries()].sort()) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `${name.padEnd(16)} ${String(sorted.length).padStart(8)} ${percentile(sorted, 50).toFixed(1).padStart(8)}` +
        ` ${percentile(sorted, 95).toFixed(1).padStart(8)} ${percentile(sorted, 99).toFixed(1).padStart(8)}`,
    );
  }
  console.log(
    `\nETL runs: ${runs.join(', ')}\n` +
      `Requests: ${stats.count}, failed: ${stats.failures.length} (target 0)\n` +
      `Latency all: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, ` +
      `p99 ${percentile(all, 99).toFixed(1)} ms\n` +
      `API RSS: start ${rss.start.toFixed(0)} MiB, end ${rss.end.toFixed(0)} MiB, peak ${rss.peak.toFixed(0)} MiB`,
  );
  for (const f of stats.failures.slice(0, 20)) console.log(`  GAGAL ${f}`);
}

await main();
