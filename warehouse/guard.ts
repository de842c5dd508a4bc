/**
 * The publish guard (etl/README.md, "Publish guard"): a run whose figures would fall sharply
 * against the published warehouse is held for an admin instead of replacing what serves. One
 * loadable row once turned 167,624 registry people into 1 and was published; a kecamatan's whole
 * registry of a month vanished without a word.
 *
 * Compared per indicator and period present in the published warehouse (the same period, so a new
 * month that has only begun is no "fall"), for the indicators whose fall means lost data — the
 * `higher_better` ones (registry people, complaints received, coverage percentages):
 * - the served region (kabupaten, or provinsi on a province instance): the new value is below the old one by more than `dropShare` (a count that
 *   is gone counts as 0; a percentage that cannot be computed for the period any more — a new
 *   DTKS month whose BPJS snapshot has not arrived yet — is no fall);
 * - one level down (kecamatan; kabupaten on a province instance), counts (`registri_individu`,
 *   `rujukan_masuk`): an area that had some has none.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { GuardDifference, GuardResult } from './runs.js';
import { levelOfCode } from './area-names.js';
import { sqlString } from './wilayah.js';

/** PUBLISH_GUARD_DROP: a share in [0, 1); 0 switches the guard off. */
export function parseDropShare(value: string | undefined): number {
  const text = value?.trim() || '0.5';
  const share = Number(text.replace(',', '.').replace(/%$/, ''));
  const fraction = text.endsWith('%') ? share / 100 : share;
  if (!Number.isFinite(fraction) || fraction < 0 || fraction >= 1)
    throw new Error(
      `PUBLISH_GUARD_DROP harus bagian antara 0 dan 1, mis. 0.5 (= 50 %), atau 0 untuk mematikan (sekarang "${text}")`,
    );
  return fraction;
}

const MAX_DIFFERENCES = 200;

export async function evaluateGuard(
  built: string,
  published: string,
  regionCode: string,
  dropShare: number,
): Promise<GuardResult> {
  const none: GuardResult = { drop_share: dropShare, held: false, differences: [] };
  if (dropShare <= 0) return none;
  const db = await DuckDBInstance.create(built, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    try {
      await conn.run(`ATTACH ${sqlString(published)} AS old (READ_ONLY)`);
    } catch {
      return none; // nothing published yet: nothing to fall from
    }
    const region = sqlString(regionCode);
    // Counts one level down: kecamatan of a kabupaten, kabupaten of a province.
    const below = levelOfCode(regionCode) === 'provinsi' ? 'kabupaten' : 'kecamatan';
    const result = await conn.runAndReadAll(`
      WITH watched AS (
        SELECT id, unit FROM main.indicator_catalogue WHERE direction = 'higher_better'
      ), old_values AS (
        SELECT v.indicator_id, v.period, v.level, v.area_code, v.value, w.unit
        FROM old.main.indicator_values AS v JOIN watched AS w ON w.id = v.indicator_id
        WHERE v.value > 0 AND (
          v.area_code = ${region}
          OR (v.level = ${sqlString(below)} AND w.unit = 'count' AND starts_with(v.area_code, ${region} || '.')))
      )
      SELECT o.indicator_id, o.period, o.level, o.area_code, o.value AS previous, n.value AS current
      FROM old_values AS o LEFT JOIN main.indicator_values AS n
        ON n.indicator_id = o.indicator_id AND n.period = o.period AND n.level = o.level
        AND n.area_code = o.area_code
      WHERE CASE o.area_code
        WHEN ${region} THEN CASE WHEN n.value IS NULL THEN o.unit = 'count'
          ELSE n.value < o.value * (1 - ${dropShare}) END
        ELSE coalesce(n.value, 0) = 0 END
      ORDER BY o.area_code <> ${region}, o.period DESC, o.indicator_id, o.area_code`);
    const differences = result.getRowObjectsJS().map((r): GuardDifference => {
      const previous = Number(r.previous);
      const current = r.current === null ? null : Number(r.current);
      return {
        indicator_id: String(r.indicator_id),
        period: String(r.period),
        level: levelOfCode(String(r.area_code)) as GuardDifference['level'],
        area_code: String(r.area_code),
        previous,
        current,
        change_pct:
          current === null ? null : Math.round((1000 * (current - previous)) / previous) / 10,
        reason: r.area_code === regionCode ? 'TURUN' : 'KOSONG',
      };
    });
    return {
      drop_share: dropShare,
      held: differences.length > 0,
      differences: differences.slice(0, MAX_DIFFERENCES),
    };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
