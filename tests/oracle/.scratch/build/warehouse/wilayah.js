/**
 * The wilayah reference (Kemendagri codes) comes from the npm package idn-area-data, for the whole
 * country, so that any REGION_CODE works by configuration alone. Both the ETL (kode_desa rule) and
 * the warehouse (dim_wilayah) read these CSV files directly with DuckDB.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
const dataDir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
export const wilayahCsv = {
    provinces: path.join(dataDir, 'provinces.csv'),
    regencies: path.join(dataDir, 'regencies.csv'),
    districts: path.join(dataDir, 'districts.csv'),
    villages: path.join(dataDir, 'villages.csv'),
};
/** SQL string literal, single quotes doubled. */
export function sqlString(value) {
    return `'${value.replaceAll("'", "''")}'`;
}
