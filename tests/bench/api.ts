/**
 * `npm run bench:api [-- --scale 10 --duration 10 --data DIR]`
 *
 * Load test of the API over HTTP with autocannon, at 10 and 50 connections, against a warehouse
 * built from the Kapuas demo data (`--scale 10` by default; generated once and kept in the temp
 * folder unless --data is given). The API runs as its own process (`node dist/api/main.js`) so
 * that the load generator does not share its event loop. Reports req/s and p50/p95/p99 latency
 * per endpoint and format, and JSON vs Arrow payload sizes. Target (issue): `values` at desa
 * level, p95 < 25 ms at 50 connections.
 *
 * Note: responses are memoised per published warehouse file (the file is immutable), so after the
 * first request this measures the serving path, which is what users hit between nightly runs.
 */
import autocannon from 'autocannon';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoDataFolder, startApi } from './product.js';
import { benchFetch, sessionCookie } from './session.js';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    data: { type: 'string' },
    end: { type: 'string', default: '2026-10' },
  },
});

const ARROW = 'application/vnd.apache.arrow.stream';
const TARGET_P95_MS = 25;

/** A data folder with a warehouse: the given one, or demo data at --scale built once and kept. */
async function dataFolder(): Promise<string> {
  if (args.data) return path.resolve(args.data);
  return demoDataFolder(
    path.join(tmpdir(), `dasbor-bench-api-scale${args.scale}-${args.end}`),
    args.scale,
    args.end,
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Measured {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
}

async function measure(url: string, connections: number, accept: string): Promise<Measured> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: Number(args.duration),
    headers: { accept, cookie: sessionCookie() },
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
    latencies.push(ms),
  );
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function size(url: string, accept: string): Promise<number> {
  const res = await benchFetch(url, { headers: { accept } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.arrayBuffer()).byteLength;
}

async function main(): Promise<void> {
  const dataDir = await dataFolder();
  const { child, url } = await startApi(dataDir);
  try {
    const meta = (await (await benchFetch(`${url}/api/meta`)).json()) as { latest_period: string };
    const kecamatan = '62.03.01';
    const desa = '62.03.01.1010';
    const endpoints = [
      [
        'values (desa)',
        `/api/indicators/pbi_sasaran_pct/values?level=desa&period=${meta.latest_period}`,
      ],
      ['scorecard', `/api/scorecard?area=${kecamatan}&period=${meta.latest_period}`],
      ['series', `/api/indicators/pbi_sasaran_pct/series?area=${desa}`],
    ] as const;
    console.log(`\nAPI ${url}, data ${dataDir}, ${args.duration} s per run\n`);
    console.log('endpoint         format  conn    req/s   p50 ms   p95 ms   p99 ms  failed');
    let valuesP95At50 = NaN;
    for (const [name, pathAndQuery] of endpoints) {
      for (const [format, accept] of [
        ['json', 'application/json'],
        ['arrow', ARROW],
      ] as const) {
        for (const connections of [10, 50]) {
          const m = await measure(url + pathAndQuery, connections, accept);
          if (name.startsWith('values') && format === 'json' && connections === 50)
            valuesP95At50 = m.p95;
          console.log(
            `${name.padEnd(16)} ${format.padEnd(6)} ${String(connections).padStart(5)} ${m.rps.toFixed(0).padStart(8)}` +
              ` ${m.p50.toFixed(1).padStart(8)} ${m.p95.toFixed(1).padStart(8)} ${m.p99.toFixed(1).padStart(8)} ${String(m.failed).padStart(7)}`,
          );
        }
      }
    }
    console.log('\npayload          JSON bytes  Arrow bytes  Arrow/JSON');
    for (const [name, pathAndQuery] of endpoints) {
      const json = await size(url + pathAndQuery, 'application/json');
      const arrow = await size(url + pathAndQuery, ARROW);
      console.log(
        `${name.padEnd(16)} ${String(json).padStart(10)} ${String(arrow).padStart(12)} ${(arrow / json).toFixed(2).padStart(11)}`,
      );
    }
    const ok = valuesP95At50 < TARGET_P95_MS;
    console.log(
      `\nTarget values p95 < ${TARGET_P95_MS} ms at 50 connections: ${valuesP95At50.toFixed(1)} ms — ${ok ? 'OK' : 'GAGAL'}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
