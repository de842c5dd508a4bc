/**
 * A run whose memory gets tight compresses its tables as it goes (etl/run.ts, checkFile: a
 * CHECKPOINT of the compressed in-memory database once its tables hold `compressAt` of the
 * memory limit). Compressed after every file (`compressAt: 0`), a run must load exactly what a
 * run that never compresses loads — the same counts, the same lake rows and the same rejects.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/run.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbMemoryOptions, memoryBytes } from '../../warehouse/config.js';
import { query } from '../support/duckdb.js';
import { copySamples, SAMPLE_RUN } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-compress-');

async function runWith(compressAt: number) {
  const root = await tempDir();
  const inboxDir = path.join(root, 'inbox');
  const dataDir = path.join(root, 'data');
  await copySamples(inboxDir);
  const summary = await runEtl({ ...SAMPLE_RUN, inboxDir, dataDir, settleSeconds: 0, compressAt });
  return { summary, lake: path.join(dataDir, 'lake') };
}

/** Every row of every lake feed (and the rejects) without the run id, in a fixed order. */
async function lakeRows(lake: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const feed of (await readdir(lake)).sort()) {
    const glob = path.join(lake, feed, '**', '*.parquet');
    out[feed] = await query(
      ':memory:',
      `SELECT * EXCLUDE (_run_id) FROM read_parquet('${glob}', hive_partitioning = false, union_by_name = true)
       ORDER BY ALL`,
    ).catch(() =>
      query(
        ':memory:',
        `SELECT * EXCLUDE (run_id) FROM read_parquet('${glob}', hive_partitioning = false) ORDER BY ALL`,
      ),
    );
  }
  return out;
}

describe('a run that compresses its tables', () => {
  it('loads and rejects exactly what a run with room does', async () => {
    const roomy = await runWith(2);
    const tight = await runWith(0);
    expect(tight.summary.error ?? null).toBeNull();
    const counts = (s: typeof roomy.summary) =>
      Object.fromEntries(
        Object.entries(s.feeds).map(([feed, f]) => [
          feed,
          [f.rows_read, f.rows_loaded, f.rows_rejected, f.rejects],
        ]),
      );
    expect(counts(tight.summary)).toEqual(counts(roomy.summary));
    const [a, b] = [await lakeRows(roomy.lake), await lakeRows(tight.lake)];
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(8);
    expect(a._runs!.length).toBeGreaterThan(3); // the rejects
    expect(b).toEqual(a);
  });

  it('reads a limit as ETL_MEMORY_LIMIT takes it', () => {
    expect(memoryBytes('2GB')).toBe(2e9);
    expect(memoryBytes('512MB')).toBe(512e6);
    expect(memoryBytes('1.5GiB')).toBe(1.5 * 2 ** 30);
  });

  it('keeps as much memory in the block allocator as the limit allows (etl/README.md)', async () => {
    const db = await DuckDBInstance.create(':memory:', duckdbMemoryOptions('512MB'));
    try {
      const conn = await db.connect();
      const settings = (
        await conn.runAndReadAll(
          `SELECT current_setting('memory_limit') AS memory_limit,
             current_setting('block_allocator_memory') AS block_allocator_memory`,
        )
      ).getRowObjectsJS()[0];
      conn.closeSync();
      expect(settings.memory_limit).toMatch(/^48[0-9.]+ MiB$/);
      expect(settings.block_allocator_memory).toBe(settings.memory_limit);
    } finally {
      db.closeSync();
    }
  });
});
