import { DuckDBInstance } from '@duckdb/node-api';
const dir = process.argv[2];
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const q = async (label, sql) => {
  const r = await con.runAndReadAll(sql);
  console.log('--', label);
  console.table(r.getRowObjectsJson());
};
await q(
  'penduduk',
  `select filename, sum(replace(column2,'.','')::int) pop, count(*) n from read_csv('${dir}/penduduk/*.csv', all_varchar=true, header=true, filename=true, columns={'column0':'VARCHAR','column1':'VARCHAR','column2':'VARCHAR','column3':'VARCHAR'}, auto_detect=false, delim=',', skip=1) group by 1`,
).catch((e) => console.log(e.message));
await con.run(
  `create view dt as select * from read_csv('${dir}/dtks/dtks_kapuas_*.csv', all_varchar=true, header=true, union_by_name=true)`,
);
await q(
  'dtks per file',
  `select periode, count(*) n, count(distinct nik) nd from dt group by 1 order by 1`,
);
await q(
  'desil',
  `select desil, count(*) n from dt where periode='2025-05' or periode='202505' group by 1 order by 1`,
);
await q(
  'kec share',
  `select substr(replace("KODE_DESA",'.',''),1,6) kec, count(*) n, sum((HAMIL='YA')::int) hamil, sum((DISABILITAS='BERAT')::int) berat from dt where PERIODE='202505' group by 1 order by 1`,
);
