/**
 * Warehouse build benchmark on a synthetic lake; skipped unless WAREHOUSE_BENCH=<people> is set:
 *   WAREHOUSE_BENCH=2000000 npx vitest run --project server warehouse/bench.test.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWarehouse } from './build.js';
import { writeSyntheticLake } from '../tests/fixtures/warehouse/syntheticLake.js';

const people = Number(process.env.WAREHOUSE_BENCH ?? 0);

describe.skipIf(!people)('warehouse build benchmark', () => {
  it(`builds ${people} DTKS people × 2 snapshots`, { timeout: 3_600_000 }, async () => {
    const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'warehouse-bench-'));
    const lakeDir = path.join(dir, 'lake');
    let t = Date.now();
    await writeSyntheticLake(lakeDir, people);
    console.log(`lake written in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    let peakRss = 0;
    const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const timings: [string, number][] = [];
    let last = Date.now();
    let lastModel = '';
    t = Date.now();
    const outFile = path.join(dir, 'warehouse.duckdb');
    const result = await buildWarehouse({
      lakeDir,
      outFile,
      asOf: '2024-07-05',
      regionCode: '62.03',
      runId: 'run-bench',
      onProgress: (model) => {
        if (lastModel) timings.push([lastModel, Date.now() - last]);
        lastModel = model;
        last = Date.now();
      },
    });
    timings.push([lastModel, Date.now() - last]);
    clearInterval(timer);
    const seconds = (Date.now() - t) / 1000;
    console.log(
      timings
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([m, ms]) => `${m}: ${(ms / 1000).toFixed(1)} s`)
        .join('\n'),
    );
    console.log(
      `build ${seconds.toFixed(1)} s, peak RSS ${(peakRss / 2 ** 30).toFixed(2)} GiB, file ${(statSync(outFile).size / 2 ** 20).toFixed(0)} MiB`,
    );
    console.log(JSON.stringify(result.marts));
    expect(result.marts.indicator_values).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
