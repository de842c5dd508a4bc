import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(process.argv[3] ?? ':memory:');
const c = await inst.connect();
const r = await c.runAndReadAll(process.argv[2]);
console.table(r.getRowObjectsJS().slice(0, 60));
