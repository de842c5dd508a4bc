/**
 * Warehouse build benchmark on a synthetic lake; skipped unless WAREHOUSE_BENCH=<people> is set:
 *   WAREHOUSE_BENCH=2000000 npx vitest run --project server warehouse/bench.test.ts
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWarehouse } from './build.js';
import { writeSyntheticLake } from '../tests/fixtures/warehouse/syntheticLake.js';

const people = Number(process.env.WAREHOUSE_BENCH ?? 0);

describe.skipIf(!people)('warehouse build benchmark', () => {
  it(`builds ${people} DTKS people × 2 snapshots`, { timeout: 3_600_000 }, async () => {
    const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'warehouse-bench-'));
    // BENCH_LAKE=<dir>: reuse (or keep) a synthetic lake between runs
    const lakeDir = process.env.BENCH_LAKE ?? path.join(dir, 'lake');
    let t = Date.now();
    if (!existsSync(path.join(lakeDir, 'dtks'))) await writeSyntheticLake(lakeDir, people);
    console.log(`lake ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    let peakRss = 0;
    const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    // CPU time (all DuckDB threads) besides wall time: the machine may be shared
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const timings: [string, number][] = [];
    let last = cpuMs();
    let lastModel = '';
    t = Date.now();
    const cpuStart = cpuMs();
    const outFile = path.join(dir, 'warehouse.duckdb');
    const result = await buildWarehouse({
      lakeDir,
      outFile,
      asOf: '2024-07-05',
      regionCode: '62.03',
      runId: 'run-bench',
      onProgress: (model) => {
        if (lastModel) timings.push([lastModel, cpuMs() - last]);
        lastModel = model;
        last = cpuMs();
      },
    });
    timings.push([`${lastModel} + checks`, cpuMs() - last]);
    clearInterval(timer);
    const seconds = (Date.now() - t) / 1000;
    const cpuSeconds = (cpuMs() - cpuStart) / 1000;
    console.log(
      timings
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([m, ms]) => `${m}: ${(ms / 1000).toFixed(1)} s CPU`)
        .join('\n'),
    );
    console.log(
      `build ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, peak RSS ${(peakRss / 2 ** 30).toFixed(2)} GiB, file ${(statSync(outFile).size / 2 ** 20).toFixed(0)} MiB`,
    );
    console.log(JSON.stringify(result.marts));
    expect(result.marts.indicator_values).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
