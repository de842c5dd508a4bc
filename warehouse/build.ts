/**
 * Builds a warehouse file from the lake: runs the SQL models of models/ (staging → intermediate →
 * marts, each file one SELECT, ordered by the models they name), then the checks of checks/.
 * Staging and intermediate models are tables of a scratch database in the temp folder beside the
 * output, removed with it: they hold pseudonymised person rows that the API never needs, and at
 * benchmark scale they would double the file. Not TEMP tables: a TEMP table's block that DuckDB
 * evicts to the temp folder is freed there when read back and written again at the next eviction,
 * so every model that reads a large intermediate (59 M people-snapshots at scale 50) wrote it out
 * once more; a scratch table's blocks are written once, compressed, and evicted for free.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  feedPresent,
  feedRelation,
  lakeFeeds,
  rejectsRelation,
  runsRelation,
  type LakeFeed,
} from './lake.js';
import { sqlIdentifier, sqlString, wilayahCsv } from './wilayah.js';
import { agingBucketSql } from './codes.js';
import { applyAgregat, isProvinceCode } from './agregat-marts.js';
import { duckdbMemoryOptions } from './config.js';
import {
  defaultProgrammeRules,
  rulesInForce,
  type ProgrammeRules,
  type RulesChange,
} from './programme-rules.js';

export interface BuildOptions {
  lakeDir: string;
  outFile: string;
  /** YYYY-MM-DD */
  asOf: string;
  regionCode: string;
  runId: string;
  onProgress?: (model: string, index: number, total: number) => void;
  /** DuckDB memory_limit (and block allocator memory, duckdbMemoryOptions), default '3GB'. */
  memoryLimit?: string;
  /**
   * The programme rules to build with (an admin's change being tried before it is saved);
   * default: the rules in force for the lake (its override, else programme-rules.json).
   */
  programmeRules?: { rules: ProgrammeRules; change: RulesChange | null };
}

export interface BuildResult {
  marts: Record<string, number>;
}

const layers = ['staging', 'intermediate', 'marts'] as const;
type Layer = (typeof layers)[number];

interface Model {
  name: string;
  layer: Layer;
  sql: string;
}

/** Source files live beside this module, or (when run from dist/) in the repo's warehouse/. */
function sourceDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '..', '..', 'warehouse')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'models')));
  if (!found) throw new Error(`warehouse models not found beside ${here}`);
  return found;
}

function readSqlFiles(dir: string): { name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ name: f.slice(0, -4), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

export function loadModels(dir = sourceDir()): Model[] {
  const models = layers.flatMap((layer) =>
    readSqlFiles(path.join(dir, 'models', layer)).map((m) => ({ ...m, layer })),
  );
  return orderByDependencies(models);
}

/** Topological order: a model runs after every model whose name appears in its SQL. */
function orderByDependencies(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, trail: string[]): void => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting') {
      throw new Error(`warehouse models form a cycle: ${[...trail, m.name].join(' → ')}`);
    }
    state.set(m.name, 'visiting');
    for (const dep of byName.values()) {
      if (dep !== m && new RegExp(`\\b${dep.name}\\b`).test(stripComments(m.sql))) {
        visit(dep, [...trail, m.name]);
      }
    }
    state.set(m.name, 'done');
    ordered.push(m);
  };
  models.forEach((m) => visit(m, []));
  return ordered;
}

function stripComments(sql: string): string {
  return sql.replace(/--.*$/gm, '');
}

/**
 * Digest of everything that shapes the warehouse (models, checks, catalogue, default programme
 * rules, aging buckets), stored in
 * warehouse_meta as `model_version`. A warehouse built by other code is not served as is: after
 * an upgrade its tables may lack columns the API reads (see api/warehouse/warehouse.service.ts).
 */
export function modelVersion(dir = sourceDir()): string {
  const hash = createHash('sha256');
  for (const sub of ['models/staging', 'models/intermediate', 'models/marts', 'checks'])
    for (const file of readSqlFiles(path.join(dir, sub)))
      hash.update(`${sub}/${file.name}\n${file.sql}\n`);
  hash.update(readFileSync(path.join(dir, 'catalogue.json')));
  hash.update(readFileSync(path.join(dir, 'programme-rules.json')));
  hash.update(agingBucketSql());
  return hash.digest('hex').slice(0, 16);
}

/** The one-row relation of the rules in force (stg_aturan__program reads it). */
function rulesRelation(opts: BuildOptions): string {
  const { rules, change } = opts.programmeRules ?? rulesInForce(opts.lakeDir);
  const defaults = defaultProgrammeRules();
  const text = (v: string | undefined | null) => (v == null ? 'NULL::VARCHAR' : sqlString(v));
  return `(SELECT ${sqlString(rules.desil_varian)} AS desil_varian,
    ${rules.pbi_jk.desil_maks}::INTEGER AS pbi_jk_desil_maks,
    ${rules.pkh.desil_maks}::INTEGER AS pkh_desil_maks,
    ${rules.bpu.desil_maks}::INTEGER AS bpu_desil_maks,
    ${sqlString(defaults.desil_varian)} AS default_desil_varian,
    ${defaults.pbi_jk.desil_maks}::INTEGER AS default_pbi_jk_desil_maks,
    ${defaults.pkh.desil_maks}::INTEGER AS default_pkh_desil_maks,
    ${defaults.bpu.desil_maks}::INTEGER AS default_bpu_desil_maks,
    ${text(change?.changed_by)} AS changed_by,
    ${change ? `${sqlString(change.changed_at)}::TIMESTAMPTZ` : 'NULL::TIMESTAMPTZ'} AS changed_at,
    ${text(change?.reason)} AS reason)`;
}

function templateValues(opts: BuildOptions, dir: string): Map<string, string> {
  const values = new Map<string, string>([
    ['aturan_program', rulesRelation(opts)],
    ['model_version', sqlString(modelVersion(dir))],
    ['as_of', `DATE '${opts.asOf}'`],
    ['region', sqlString(opts.regionCode)],
    ['run_id', sqlString(opts.runId)],
    ['catalogue', sqlString(path.join(dir, 'catalogue.json'))],
    ['aging_bucket', agingBucketSql('umur')],
    ['runs', runsRelation(opts.lakeDir)],
    ['rejects', rejectsRelation(opts.lakeDir)],
  ]);
  for (const [key, file] of Object.entries(wilayahCsv))
    values.set(`wilayah:${key}`, sqlString(file));
  for (const feed of Object.keys(lakeFeeds) as LakeFeed[]) {
    values.set(`feed:${feed}`, feedRelation(opts.lakeDir, feed));
  }
  return values;
}

export function renderSql(sql: string, values: Map<string, string>, name: string): string {
  return sql.replace(/\{\{\s*([\w:]+)\s*\}\}/g, (_, key: string) => {
    const value = values.get(key);
    if (value === undefined)
      throw new Error(`model ${name}: unknown template parameter {{${key}}}`);
    return value;
  });
}

/** The scratch database of staging and intermediate tables (see the top of this file). */
const SCRATCH = 'models_scratch';

/**
 * Marts are tables of the file; other layers are tables of the scratch database (a
 * `-- materialized: view` line: a TEMP VIEW).
 */
function statementFor(model: Model, sql: string): string {
  if (/^\s*CREATE\b/i.test(stripComments(sql))) return sql;
  const view = /^--\s*materialized:\s*view\s*$/m.test(sql);
  const target =
    model.layer === 'marts'
      ? `TABLE ${model.name}`
      : view
        ? `TEMP VIEW ${model.name}`
        : `TABLE ${SCRATCH}.main.${model.name}`;
  return `CREATE ${target} AS\n${sql}`;
}

function validate(opts: BuildOptions): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf) || Number.isNaN(Date.parse(opts.asOf))) {
    throw new Error(`asOf must be a date YYYY-MM-DD, got "${opts.asOf}"`);
  }
  if (!/^\d{2}(\.\d{2})?$/.test(opts.regionCode)) {
    throw new Error(
      `regionCode must be a provinsi or kabupaten code like 62.03, got "${opts.regionCode}"`,
    );
  }
  if (existsSync(opts.outFile)) {
    throw new Error(`warehouse output ${opts.outFile} already exists; build into a new file`);
  }
}

/** A lake written by another ETL version fails here, by name, rather than deep inside a model. */
async function checkLakeColumns(conn: DuckDBConnection, lakeDir: string): Promise<void> {
  const problems: string[] = [];
  for (const feed of Object.keys(lakeFeeds) as LakeFeed[]) {
    if (!feedPresent(lakeDir, feed)) continue;
    const described = await conn.runAndReadAll(
      `DESCRIBE SELECT * FROM ${feedRelation(lakeDir, feed)}`,
    );
    const present = new Set(described.getRowObjectsJS().map((r) => String(r.column_name)));
    const missing = Object.keys(lakeFeeds[feed]).filter((c) => !present.has(c));
    if (missing.length > 0) problems.push(`${feed} lacks ${missing.join(', ')}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `lake ${lakeDir} does not match warehouse/README.md: ${problems.join('; ')}. ` +
        'Re-run the ETL so that it rewrites these feeds.',
    );
  }
}

async function runModels(conn: DuckDBConnection, models: Model[], opts: BuildOptions, dir: string) {
  const values = templateValues(opts, dir);
  for (const [index, model] of models.entries()) {
    opts.onProgress?.(model.name, index, models.length);
    const sql = statementFor(model, renderSql(model.sql, values, model.name));
    try {
      await conn.run(sql);
    } catch (err) {
      throw new Error(
        `warehouse model ${model.layer}/${model.name} failed: ${(err as Error).message}`,
      );
    }
  }
}

/** Each checks/*.sql returns the rows that break a rule; its first comment line says which. */
async function runChecks(conn: DuckDBConnection, dir: string): Promise<void> {
  const failures: string[] = [];
  const samples: string[] = [];
  for (const check of readSqlFiles(path.join(dir, 'checks'))) {
    const rows = (
      await conn.runAndReadAll(`SELECT * FROM (${check.sql}\n) LIMIT 5`)
    ).getRowObjectsJS();
    if (rows.length === 0) continue;
    const rule = /^--\s*(.*)$/m.exec(check.sql)?.[1] ?? check.name;
    failures.push(`${check.name}: ${rule}`);
    samples.push(
      `- ${check.name}, e.g. ${JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`,
    );
  }
  // The rules on the first line: run history and the CLI keep only that line of an error.
  if (failures.length > 0) {
    throw new Error(`warehouse checks failed: ${failures.join('; ')}\n${samples.join('\n')}`);
  }
}

async function countMarts(conn: DuckDBConnection): Promise<Record<string, number>> {
  const tables = (
    await conn.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1`,
    )
  ).getRowObjectsJS() as { table_name: string }[];
  const marts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const rows = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM "${table_name}"`);
    marts[table_name] = Number(rows.getRowObjectsJS()[0]?.n ?? 0);
  }
  return marts;
}

export async function buildWarehouse(opts: BuildOptions): Promise<BuildResult> {
  validate(opts);
  const dir = sourceDir();
  const models = loadModels(dir);
  const tempDir = `${opts.outFile}.tmp`;
  mkdirSync(tempDir, { recursive: true });
  const instance = await DuckDBInstance.create(opts.outFile, {
    ...duckdbMemoryOptions(opts.memoryLimit ?? '3GB'),
    temp_directory: tempDir,
    preserve_insertion_order: 'false',
  });
  let ok = false;
  try {
    const conn = await instance.connect();
    try {
      await conn.run(`SET TimeZone = 'Asia/Jakarta'`);
      await checkLakeColumns(conn, opts.lakeDir);
      // Models name each other bare: the file's tables first, then the scratch database's.
      await conn.run(`ATTACH ${sqlString(path.join(tempDir, 'models.duckdb'))} AS ${SCRATCH}`);
      const main = (await conn.runAndReadAll(`SELECT current_database() AS d`)).getRowObjectsJS();
      const file = sqlIdentifier(String(main[0].d));
      await conn.run(`SET search_path = ${sqlString(`${file},${SCRATCH}`)}`);
      await runModels(conn, models, opts, dir);
      await runChecks(conn, dir);
      // A province: the imported kabupaten figures and their rollup (agregat-marts.ts).
      if (isProvinceCode(opts.regionCode))
        await applyAgregat(conn, opts.lakeDir, opts.regionCode, opts.asOf);
      const marts = await countMarts(conn);
      await conn.run(`DETACH ${SCRATCH}`);
      await conn.run('CHECKPOINT');
      ok = true;
      return { marts };
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
    rmSync(tempDir, { recursive: true, force: true });
    if (!ok) {
      rmSync(opts.outFile, { force: true });
      rmSync(`${opts.outFile}.wal`, { force: true });
    }
  }
}
