/**
 * The wilayah reference (Kemendagri codes) comes from the npm package idn-area-data, for the whole
 * country, so that any REGION_CODE works by configuration alone. Both the ETL (kode_desa rule) and
 * the warehouse (dim_wilayah) read these CSV files directly with DuckDB.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const dataDir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');

export const wilayahCsv = {
  provinces: path.join(dataDir, 'provinces.csv'),
  regencies: path.join(dataDir, 'regencies.csv'),
  districts: path.join(dataDir, 'districts.csv'),
  villages: path.join(dataDir, 'villages.csv'),
} as const;

/** SQL string literal, single quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A name (column, database) as a quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

let names: Map<string, string> | undefined;

/** Provinces and kabupaten/kota of idn-area-data (code → name), read once. */
export function regionNames(): Map<string, string> {
  if (!names) {
    names = new Map();
    for (const file of [wilayahCsv.provinces, wilayahCsv.regencies]) {
      const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
      for (const line of lines) {
        // provinces.csv: code,name; regencies.csv: code,province_code,name
        const [code, ...rest] = line.split(',');
        const name = file === wilayahCsv.regencies ? rest.slice(1) : rest;
        if (code) names.set(code, name.join(',').replace(/^"|"$/g, ''));
      }
    }
  }
  return names;
}
