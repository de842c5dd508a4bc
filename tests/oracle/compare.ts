/**
 * Compares the oracle (oracle.ts) with a built warehouse.duckdb: indicator_values of every desa,
 * kecamatan and the kabupaten of the region, the lembaga_tujuan breakdowns of rujukan_masuk and
 * rujukan_tunggakan, and rujukan_aging. Returns readable mismatch lines (empty = agreement).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { OracleResult, Region, Value } from './oracle.js';

type Row = Record<string, unknown>;

export async function readWarehouse(file: string, sql: string): Promise<Row[]> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Row[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

const show = (v: Value | undefined) =>
  v ? `num=${v.numerator} den=${v.denominator} value=${v.value}` : '(no row)';

export interface CompareOptions {
  /** Only these periods (default: every period either side has). */
  periods?: string[];
}

function regionFilter(region: Region): string {
  const codes = [region.kabupaten, ...region.kecamatan, ...region.desa.keys()];
  return `area_code IN (${codes.map((c) => `'${c}'`).join(', ')})`;
}

export async function compareValues(
  warehouse: string,
  oracle: OracleResult,
  region: Region,
  options: CompareOptions = {},
): Promise<string[]> {
  const rows = await readWarehouse(
    warehouse,
    `SELECT indicator_id, period, level, area_code, numerator, denominator, value
       FROM indicator_values WHERE level IN ('desa', 'kecamatan', 'kabupaten')
        AND ${regionFilter(region)}`,
  );
  const wh = new Map<string, Value>();
  for (const r of rows)
    wh.set(
      `${String(r.indicator_id)}|${String(r.period)}|${String(r.level)}|${String(r.area_code)}`,
      {
        numerator: num(r.numerator),
        denominator: num(r.denominator),
        value: num(r.value),
      },
    );
  return diffValues(oracle.values, wh, options);
}

/** indicator_breakdowns: the 5 referral indicators by kategori, kanal, lembaga_tujuan, status. */
export async function compareBreakdowns(
  warehouse: string,
  oracle: OracleResult,
  region: Region,
  options: CompareOptions = {},
): Promise<string[]> {
  const rows = await readWarehouse(
    warehouse,
    `SELECT indicator_id, period, level, area_code, dimension, category,
            numerator, denominator, value
       FROM indicator_breakdowns
      WHERE level IN ('desa', 'kecamatan', 'kabupaten') AND ${regionFilter(region)}`,
  );
  const wh = new Map<string, Value>();
  for (const r of rows)
    wh.set(
      [r.indicator_id, r.period, r.level, r.area_code, r.dimension, r.category]
        .map(String)
        .join('|'),
      { numerator: num(r.numerator), denominator: num(r.denominator), value: num(r.value) },
    );
  return diffValues(oracle.breakdowns, wh, options);
}

function diffValues(
  oracle: Map<string, Value>,
  wh: Map<string, Value>,
  options: CompareOptions,
): string[] {
  const keep = (key: string) => !options.periods || options.periods.includes(key.split('|')[1]!);
  const keys = [...new Set([...wh.keys(), ...oracle.keys()])].filter(keep).sort();
  const out: string[] = [];
  for (const key of keys) {
    const o = oracle.get(key);
    const w = wh.get(key);
    const same =
      o &&
      w &&
      close(o.numerator, w.numerator) &&
      close(o.denominator, w.denominator) &&
      close(o.value, w.value);
    if (!same) out.push(`${key}: oracle ${show(o)} | warehouse ${show(w)}`);
  }
  return out;
}

/** rujukan_aging of the given areas (every lembaga_tujuan and `*`). */
export async function compareAging(
  warehouse: string,
  oracle: OracleResult,
  areas: string[],
  options: CompareOptions = {},
): Promise<string[]> {
  const rows = await readWarehouse(
    warehouse,
    `SELECT period, level, area_code, lembaga_tujuan, bucket, jumlah FROM rujukan_aging
      WHERE area_code IN (${areas.map((a) => `'${a}'`).join(', ')})`,
  );
  const wh = new Map<string, number>();
  for (const r of rows)
    wh.set(
      `${String(r.period)}|${String(r.level)}|${String(r.area_code)}|${String(r.lembaga_tujuan)}|${String(r.bucket)}`,
      Number(r.jumlah),
    );
  const mine = new Map([...oracle.aging].filter(([k]) => areas.includes(k.split('|')[2]!)));
  const keep = (key: string) => !options.periods || options.periods.includes(key.split('|')[0]!);
  const keys = [...new Set([...wh.keys(), ...mine.keys()])].filter(keep).sort();
  return keys
    .filter((k) => mine.get(k) !== wh.get(k))
    .map((k) => `${k}: oracle ${mine.get(k) ?? '(no row)'} | warehouse ${wh.get(k) ?? '(no row)'}`);
}

/** budget_gap_by_desil of the region's areas. */
export async function compareBudgetGaps(
  warehouse: string,
  oracle: OracleResult,
  region: Region,
): Promise<string[]> {
  const rows = await readWarehouse(
    warehouse,
    `SELECT period, level, area_code, program, desil, jumlah FROM budget_gap_by_desil
      WHERE level IN ('desa', 'kecamatan', 'kabupaten') AND ${regionFilter(region)}`,
  );
  const wh = new Map<string, number>();
  for (const r of rows)
    wh.set(
      [r.period, r.level, r.area_code, r.program, r.desil === null ? 'null' : Number(r.desil)]
        .map(String)
        .join('|'),
      Number(r.jumlah),
    );
  const keys = [...new Set([...wh.keys(), ...oracle.budgetGaps.keys()])].sort();
  return keys
    .filter((k) => oracle.budgetGaps.get(k) !== wh.get(k))
    .map(
      (k) =>
        `${k}: oracle ${oracle.budgetGaps.get(k) ?? '(no row)'} | warehouse ${wh.get(k) ?? '(no row)'}`,
    );
}
