import { loadLake, loadRegion, computeOracle } from '../oracle.js';
import { compareValues, compareBreakdowns, compareAging } from '../compare.js';
const data = process.argv[2];
const asOf = process.argv[3] ?? '2026-06-20';
const region = loadRegion('62.03');
console.log('desa', region.desa.size, 'kec', region.kecamatan.length);
const t0 = Date.now();
const lake = await loadLake(`${data}/lake`);
console.log('loaded', Date.now() - t0);
const o = computeOracle(lake, region, asOf);
console.log('computed', Date.now() - t0, o.values.size, [...o.firstPeriod]);
const v = await compareValues(`${data}/warehouse.duckdb`, o, region);
console.log('values mismatches', v.length);
const byInd = new Map();
for (const l of v) {
    const k = l.split('|')[0];
    byInd.set(k, (byInd.get(k) ?? 0) + 1);
}
console.log(byInd);
for (const [k] of byInd)
    console.log(v.filter((l) => l.startsWith(k + '|')).slice(0, 6).join('\n'));
const b = await compareBreakdowns(`${data}/warehouse.duckdb`, o, region);
console.log('breakdown mismatches', b.length, b.slice(0, 10));
const a = await compareAging(`${data}/warehouse.duckdb`, o, [...region.kecamatan, region.kabupaten]);
console.log('aging mismatches', a.length, a.slice(0, 10));
