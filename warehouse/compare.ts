/**
 * Comparing a newly built warehouse with the published one (etl/run.ts, before it publishes): the
 * kabupaten value of every indicator in the latest period, and the swings worth a look (more than
 * SWING_PCT %), recorded in the run summary as `changes`. The publish guard (warehouse/guard.ts) makes
 * its own, stricter comparison over the same pair of files.
 */
import { stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { IndicatorChange } from './runs.js';
import { sqlString } from './wilayah.js';

/** A change of more than this (percent of the old value) is flagged. */
export const SWING_PCT = 20;

/** The served region's value (kabupaten, or provinsi on a province instance) of every indicator, latest period, against the published warehouse. */
export async function indicatorChanges(
  built: string,
  published: string,
  regionCode: string,
): Promise<IndicatorChange[]> {
  const db = await DuckDBInstance.create(built);
  const conn = await db.connect();
  try {
    const hasOld = await stat(published).then(
      () => true,
      () => false,
    );
    if (hasOld) await conn.run(`ATTACH ${sqlString(published)} AS old (READ_ONLY)`);
    const latest = (schema: string) =>
      `(SELECT value FROM ${schema}.warehouse_meta WHERE key = 'latest_period')`;
    const oldRows = hasOld
      ? `SELECT indicator_id, period, value FROM old.main.indicator_values
         WHERE area_code = ${sqlString(regionCode)} AND period = ${latest('old.main')}`
      : `SELECT NULL::VARCHAR AS indicator_id, NULL::VARCHAR AS period, NULL::DOUBLE AS value WHERE false`;
    const result = await conn.runAndReadAll(`
      WITH cur AS (
        SELECT indicator_id, period, value FROM main.indicator_values
        WHERE area_code = ${sqlString(regionCode)} AND period = ${latest('main')}
      ), prev AS (${oldRows})
      SELECT coalesce(cur.indicator_id, prev.indicator_id) AS indicator_id,
        prev.period AS previous_period, prev.value AS previous, cur.period AS period, cur.value AS current
      FROM cur FULL JOIN prev USING (indicator_id) ORDER BY 1`);
    return result.getRowObjectsJS().map((r) => {
      const previous = r.previous === null ? null : Number(r.previous);
      const current = r.current === null ? null : Number(r.current);
      const change =
        previous !== null && current !== null && previous !== 0
          ? (100 * (current - previous)) / Math.abs(previous)
          : null;
      return {
        indicator_id: String(r.indicator_id),
        previous_period: (r.previous_period as string | null) ?? null,
        previous,
        period: (r.period as string | null) ?? null,
        current,
        change_pct: change === null ? null : Math.round(change * 10) / 10,
        flagged: change !== null && Math.abs(change) > SWING_PCT,
      };
    });
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
