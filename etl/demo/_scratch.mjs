import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY' });
const con = await inst.connect();
for (const sql of process.argv.slice(3)) {
  const r = await con.runAndReadAll(sql);
  console.table(r.getRowObjectsJson());
}
