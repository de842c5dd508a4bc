/**
 * Cleaning what older versions of the masking rule (warehouse/mask.ts) stored: the lake's rejects
 * and the run history's error texts, under the ETL lock (run.ts).
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { syncFile, writeDurably } from '../warehouse/durable.js';
import { dataFolder } from '../warehouse/data-folder.js';
import { MASK_VERSION, maskStoredValueSql, maskValueSql } from '../warehouse/mask.js';
import { sqlString } from '../warehouse/wilayah.js';

/**
 * Applies the rule again to everything an older version stored: every rejects file of the lake
 * (rewritten beside, then renamed over) and the error text of every run summary. The warehouse
 * and later backups derive from these. Runs under the ETL lock (run.ts); returns whether anything
 * had to be cleaned.
 */
export async function remaskStoredRejects(dataDir: string): Promise<boolean> {
  const { runs: runsDir, rejects: dir, maskMarker: marker } = dataFolder(dataDir);
  if ((await readFile(marker, 'utf8').catch(() => '')).trim() === MASK_VERSION) return false;
  await mkdir(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    for (const name of (await readdir(dir)).filter((f) => f.endsWith('.parquet'))) {
      const file = path.join(dir, name);
      await conn.run(`COPY (SELECT * REPLACE (${maskStoredValueSql('value', 'feed', 'column_name')} AS value)
        FROM read_parquet(${sqlString(file)})) TO ${sqlString(`${file}.tmp`)} (FORMAT parquet)`);
      await syncFile(`${file}.tmp`);
      await rename(`${file}.tmp`, file);
    }
    for (const name of (await readdir(runsDir)).filter((f) => f.endsWith('.json'))) {
      const file = path.join(runsDir, name);
      let summary: { error?: unknown };
      try {
        summary = JSON.parse(await readFile(file, 'utf8')) as { error?: unknown };
      } catch {
        continue; // a summary cut short by a kill: the warehouse skips it as well
      }
      if (typeof summary.error !== 'string') continue;
      const result = await conn.runAndReadAll(
        `SELECT ${maskValueSql(sqlString(summary.error), null)} AS v`,
      );
      const error = String(result.getRowObjectsJS()[0].v);
      if (error === summary.error) continue;
      await writeFile(`${file}.tmp`, JSON.stringify({ ...summary, error }, null, 2));
      await syncFile(`${file}.tmp`);
      await rename(`${file}.tmp`, file);
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  await writeDurably(marker, `${MASK_VERSION}\n`);
  return true;
}
