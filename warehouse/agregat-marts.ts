/**
 * The province's figures (docs/exchange.md, "Import" and "The province warehouse"): the last step
 * of a warehouse build for a province code (`NN`) whose lake holds imported kabupaten slices
 * (`agregat/<NN.NN>/<YYYY-MM>.parquet`, written by warehouse/agregat.ts).
 *
 * - `indicator_values`: the rows of every imported kabupaten replace the rows the models computed
 *   for it (none, unless the province also runs the ETL on an inbox); the `provinsi` rows are then
 *   rolled up from the kabupaten rows: percent 100 × Σnumerator / Σdenominator (NULL when
 *   Σdenominator = 0), count Σ, rupiah Σ value, days (medians) NULL: a median cannot be rolled up
 *   from medians, it is shown per kabupaten only.
 * - `agregat_status`: one row per kabupaten/kota of the province: the last import, the months held,
 *   the catalogue version and programme rules it was computed with, and `rules_differ` when those
 *   differ from the reference (the combination most kabupaten use; on a tie, the province's own).
 * - `agregat_kelengkapan`: kabupaten × month: reported or not, when first received, and on time
 *   when received by day KELENGKAPAN_DUE_DAY (WIB) of the month after.
 *
 * Runs after the checks of checks/: a package sent with the small-count rule `tahan` lacks the
 * withheld desa cells, so its desa rows do not sum to its kecamatan rows (the rollup check). Its
 * own checks (area codes in the wilayah reference, one row per key) fail the build by name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { todayWib } from './calendar.js';
import { AGREGAT_DIR, AGREGAT_LOG_DIR } from './data-folder.js';
import { sqlString } from './wilayah.js';

/** A month is on time when its figures arrived by this day (WIB) of the following month. */
export const KELENGKAPAN_DUE_DAY = 10;

/** Where an import came from: uploaded by an admin, or pushed by the kabupaten instance. */
export const IMPORT_SOURCES = ['unggah', 'kirim'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** One import, as logged in `lake/agregat_impor/<import_id>.json`. Never figures, never names. */
export interface ImportLogEntry {
  import_id: string;
  kabupaten_code: string;
  source: ImportSource;
  /** The admin's username, `token:<id>` for a push, `cli:<user>` for the command line. */
  actor: string;
  imported_at: string;
  file_name: string | null;
  file_sha256: string;
  /** Months with figures in the package. */
  months: string[];
  /** The range the package declares (null: open); every month in it was replaced. */
  range: { from: string | null; to: string | null };
  /** Months held before the import, inside the range, that the package no longer carries. */
  removed_months: string[];
  catalogue_version: string | null;
  programme_rules: Record<string, string | null>;
  /** The kabupaten's run that built the figures, and its as-of date. */
  run_id: string | null;
  as_of: string | null;
  /** `paket` (signed) or `datavaluesets` (DHIS2 JSON, an admin's upload, unsigned). */
  format?: 'paket' | 'datavaluesets';
  /** The registered key that verified it; null for an unsigned DHIS2 upload. */
  key_fingerprint: string | null;
  row_count: number;
  small_count: { rule: string; threshold: number; withheld_cells: number };
}

/** Whether a region code is a province (`NN`), not a kabupaten/kota (`NN.NN`). */
export const isProvinceCode = (code: string): boolean => /^\d{2}$/.test(code);

/** Every import of a lake, oldest first; unreadable files are skipped. */
export function readImportLog(lakeDir: string): ImportLogEntry[] {
  const dir = path.join(lakeDir, AGREGAT_LOG_DIR);
  if (!existsSync(dir)) return [];
  const out: ImportLogEntry[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      const entry = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ImportLogEntry;
      if (typeof entry?.kabupaten_code === 'string') out.push(entry);
    } catch {
      // a file that does not parse is no import
    }
  }
  return out.sort((a, b) => a.imported_at.localeCompare(b.imported_at));
}

/** The months held per kabupaten: `agregat/<kab>/<YYYY-MM>.parquet`. */
export function slicesOf(lakeDir: string): Map<string, string[]> {
  const dir = path.join(lakeDir, AGREGAT_DIR);
  const out = new Map<string, string[]>();
  if (!existsSync(dir)) return out;
  for (const kab of readdirSync(dir).sort()) {
    if (!/^\d{2}\.\d{2}$/.test(kab)) continue;
    const months = readdirSync(path.join(dir, kab))
      .filter((f) => /^\d{4}-\d{2}\.parquet$/.test(f))
      .map((f) => f.slice(0, 7))
      .sort();
    out.set(kab, months);
  }
  return out;
}

/** Programme rules as one comparable text: keys sorted. */
export function rulesText(rules: Record<string, string | null>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

/** `2025-06` → `2025-07-10` (the due date of June's figures). */
export function dueDate(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return `${next}-${String(KELENGKAPAN_DUE_DAY).padStart(2, '0')}`;
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) break;
    out.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const previousMonth = (date: string): string => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** A date-time in WIB, as YYYY-MM-DD. */
const wibDate = (iso: string): string => todayWib(new Date(iso));

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** The province step of a build (see the top of this file). */
export async function applyAgregat(
  conn: DuckDBConnection,
  lakeDir: string,
  regionCode: string,
  asOf: string,
): Promise<void> {
  const slices = slicesOf(lakeDir);
  const log = readImportLog(lakeDir);
  const files = [...slices].flatMap(([kab, months]) =>
    months.map((m) => path.join(lakeDir, AGREGAT_DIR, kab, `${m}.parquet`)),
  );
  const imported = [...slices.keys()];

  if (files.length > 0) {
    await conn.run(
      `CREATE TEMP TABLE agregat_imported AS
       SELECT indicator_id, period, level, area_code, numerator, denominator, value
       FROM read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true)`,
    );
    const stray = await rows(
      conn,
      `SELECT i.level, i.area_code FROM agregat_imported AS i
       ANTI JOIN dim_wilayah AS w ON w.code = i.area_code AND w.level = i.level
       GROUP BY ALL ORDER BY 2 LIMIT 5`,
    );
    if (stray.length > 0) {
      throw new Error(
        `Kode wilayah tidak dikenal referensi wilayah: ${stray.map((r) => `${String(r.level)} ${String(r.area_code)}`).join(', ')} ` +
          '/ area codes not in the wilayah reference',
      );
    }
    const unknown = await rows(
      conn,
      `SELECT DISTINCT indicator_id FROM agregat_imported
       ANTI JOIN indicator_catalogue AS c ON c.id = indicator_id ORDER BY 1 LIMIT 5`,
    );
    if (unknown.length > 0) {
      throw new Error(
        `Indikator tidak ada di katalog provinsi: ${unknown.map((r) => String(r.indicator_id)).join(', ')}; ` +
          'perbarui aplikasi provinsi / indicators not in the catalogue',
      );
    }
    const duplicate = await rows(
      conn,
      `SELECT indicator_id, period, level, area_code FROM agregat_imported
       GROUP BY ALL HAVING count(*) > 1 LIMIT 1`,
    );
    if (duplicate.length > 0) {
      throw new Error(`Baris ganda di paket / duplicate rows: ${JSON.stringify(duplicate[0])}`);
    }
    const kabs = imported.map(sqlString).join(', ');
    await conn.run(`CREATE TEMP TABLE agregat_values AS
      WITH kept AS (
        SELECT * FROM indicator_values
        WHERE level <> 'provinsi' AND left(area_code, 5) NOT IN (${kabs})
      ),
      lower AS (
        SELECT * FROM kept
        UNION ALL BY NAME
        SELECT * FROM agregat_imported
      ),
      provinsi AS (
        SELECT
          v.indicator_id, v.period, 'provinsi' AS level, left(v.area_code, 2) AS area_code,
          -- The kabupaten rows carry a numerator and a denominator only where the unit has one
          -- (indicator_values.sql), so their sums do too. A median does not add up: NULL.
          sum(v.numerator) AS numerator,
          sum(v.denominator) AS denominator,
          value_by_unit(c.unit, sum(v.numerator), sum(v.denominator), NULL, sum(v.value)) AS value
        FROM lower AS v
        JOIN indicator_catalogue AS c ON c.id = v.indicator_id
        WHERE v.level = 'kabupaten' AND left(v.area_code, 2) = ${sqlString(regionCode)}
        GROUP BY v.indicator_id, v.period, left(v.area_code, 2), c.unit
      )
      SELECT * FROM lower
      UNION ALL BY NAME
      SELECT * FROM provinsi`);
    await conn.run('DELETE FROM indicator_values');
    await conn.run(
      `INSERT INTO indicator_values BY NAME
       SELECT * FROM agregat_values ORDER BY indicator_id, period, level, area_code`,
    );
    // The dashboard's default month: the newest imported month, not the month in progress (as
    // warehouse_meta.sql: the in-progress month only when no other has figures).
    await conn.run(
      `UPDATE warehouse_meta SET value = coalesce(
         (SELECT max(period) FROM indicator_values WHERE period < coalesce(
            (SELECT value FROM warehouse_meta WHERE key = 'in_progress_period'), '9999-99')),
         (SELECT max(period) FROM indicator_values))
       WHERE key = 'latest_period'`,
    );
  }

  // --- agregat_status -----------------------------------------------------------------------
  const own = Object.fromEntries(
    (await rows(conn, 'SELECT rule, value FROM programme_rules')).map((r) => [
      String(r.rule),
      r.value === null ? null : String(r.value),
    ]),
  );
  const ownVersion = String(
    (await rows(conn, `SELECT value FROM warehouse_meta WHERE key = 'model_version'`))[0]?.value ??
      '',
  );
  const last = new Map<string, ImportLogEntry>();
  for (const entry of log) last.set(entry.kabupaten_code, entry);
  const comboOf = (e: {
    catalogue_version: string | null;
    programme_rules: Record<string, string | null>;
  }) => `${e.catalogue_version ?? ''}|${rulesText(e.programme_rules)}`;
  const ownCombo = comboOf({ catalogue_version: ownVersion, programme_rules: own });
  const counts = new Map<string, number>();
  // Figures whose rules are unknown (an unsigned DHIS2 upload carries no catalogue version) never
  // set the reference and always differ: they cannot be shown to match.
  const unknownRules = (e: ImportLogEntry) => e.catalogue_version === null;
  for (const kab of imported) {
    const e = last.get(kab);
    if (e && !unknownRules(e)) counts.set(comboOf(e), (counts.get(comboOf(e)) ?? 0) + 1);
  }
  const most = Math.max(0, ...counts.values());
  const leaders = [...counts].filter(([, n]) => n === most).map(([c]) => c);
  const reference = leaders.length === 1 ? leaders[0] : ownCombo;

  const kabupaten = (
    await rows(
      conn,
      `SELECT code FROM dim_wilayah WHERE level = 'kabupaten'
       AND code LIKE ${sqlString(`${regionCode}.%`)} ORDER BY code`,
    )
  ).map((r) => String(r.code));
  const text = (v: string | null | undefined) => (v == null ? 'NULL' : sqlString(v));
  const statusRows = kabupaten.map((kab) => {
    const e = slices.has(kab) ? last.get(kab) : undefined;
    const months = slices.get(kab) ?? [];
    if (!e) {
      return `(${sqlString(kab)}, NULL, NULL, ${text(months[0])}, ${text(months.at(-1))}, ${months.length}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`;
    }
    return `(${sqlString(kab)}, ${sqlString(e.imported_at)}::TIMESTAMPTZ, ${sqlString(e.source)},
      ${text(months[0])}, ${text(months.at(-1))}, ${months.length}, ${text(e.catalogue_version)},
      ${sqlString(rulesText(e.programme_rules))}, ${unknownRules(e) || comboOf(e) !== reference}, ${text(e.run_id)},
      ${e.as_of ? `${sqlString(e.as_of)}::DATE` : 'NULL'}, ${sqlString(e.import_id)},
      ${sqlString(e.actor)}, ${text(e.key_fingerprint)})`;
  });
  await conn.run(`CREATE TABLE agregat_status (
    kabupaten_code VARCHAR, last_import_at TIMESTAMPTZ, source VARCHAR,
    first_month VARCHAR, last_month VARCHAR, month_count INTEGER,
    catalogue_version VARCHAR, programme_rules VARCHAR, rules_differ BOOLEAN,
    run_id VARCHAR, as_of DATE, import_id VARCHAR, actor VARCHAR, key_fingerprint VARCHAR)`);
  if (statusRows.length > 0)
    await conn.run(`INSERT INTO agregat_status VALUES ${statusRows.join(',\n')}`);

  // --- agregat_kelengkapan ------------------------------------------------------------------
  await conn.run(`CREATE TABLE agregat_kelengkapan (
    kabupaten_code VARCHAR, period VARCHAR, reported BOOLEAN, received_at TIMESTAMPTZ,
    due_date DATE, on_time BOOLEAN)`);
  const held = [...slices.values()].flat().sort();
  if (held.length === 0 || kabupaten.length === 0) return;
  const lastDue = previousMonth(asOf.slice(0, 7));
  const months = monthsBetween(held[0]!, held.at(-1)! > lastDue ? held.at(-1)! : lastDue);
  const values: string[] = [];
  for (const kab of kabupaten) {
    const present = new Set(slices.get(kab) ?? []);
    for (const month of months) {
      const due = dueDate(month);
      if (!present.has(month)) {
        values.push(`(${sqlString(kab)}, ${sqlString(month)}, false, NULL, DATE '${due}', NULL)`);
        continue;
      }
      const first = log.find((e) => e.kabupaten_code === kab && e.months.includes(month));
      const at = first?.imported_at ?? null;
      const onTime = at === null ? 'NULL' : String(wibDate(at) <= due);
      values.push(
        `(${sqlString(kab)}, ${sqlString(month)}, true, ${at ? `${sqlString(at)}::TIMESTAMPTZ` : 'NULL'}, DATE '${due}', ${onTime})`,
      );
    }
  }
  for (let i = 0; i < values.length; i += 1000)
    await conn.run(
      `INSERT INTO agregat_kelengkapan VALUES ${values.slice(i, i + 1000).join(',\n')}`,
    );
}
