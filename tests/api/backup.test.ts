/**
 * Backup and restore through the real CLI (`node dist/api/ops/cli.js`, what `npm run backup` /
 * `npm run restore` run): the sample data folder with a target and a follow-up action typed in
 * through the API is backed up, restored into an empty folder, the warehouse rebuilt there by an
 * ETL run with an empty inbox; indicator_values, targets and actions must be identical, and the
 * restored database must keep numbering new rows after the old ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { runEtl } from '../../etl/run.js';
import { query } from '../support/duckdb.js';
import { buildSampleData, SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { type Body, getJson, postJson, startApi, tempDir } from './support.js';

const CLI = path.join(repoRoot, 'dist', 'api', 'ops', 'cli.js');

function ops(...args: string[]) {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

async function indicatorValues(dataDir: string): Promise<unknown[]> {
  return query(
    path.join(dataDir, 'warehouse.duckdb'),
    `SELECT indicator_id, period, level, area_code, numerator, denominator, value
     FROM indicator_values ORDER BY ALL`,
  );
}

/** What people typed in, as the API shows it. */
async function appRows(url: string): Promise<{ targets: Body; actions: Body; audit: Body }> {
  const targets = (await getJson(`${url}/api/targets`)).body.targets;
  const actions = (await getJson(`${url}/api/pokja/actions?tanggal=2024-07-05`)).body.rows;
  const audit = (await getJson(`${url}/api/targets/audit`)).body.rows;
  return { targets, actions, audit };
}

const ACTION = {
  title: 'Verifikasi PBI desa Selat Dalam',
  owner_opd: 'DINSOS',
  due_date: '2024-08-01',
  indicator_id: 'pbi_sasaran_pct',
  area: '62.03.01.1010',
};

let root: string;
let source: { dataDir: string; inboxDir: string };
let before: Awaited<ReturnType<typeof appRows>>;

beforeAll(async () => {
  expect(existsSync(CLI), `${CLI} missing: npx tsc -p tsconfig.build.json`).toBe(true);
  root = await tempDir('backup');
  source = await buildSampleData(path.join(root, 'source'));
  // As in a default deployment: the key lives in the data folder.
  await writeFile(path.join(source.dataDir, 'pseudonym.key'), `${TEST_KEY}\n`, { mode: 0o600 });
  const { app, url } = await startApi(source.dataDir, source.inboxDir);
  try {
    expect((await getJson(`${url}/api/targets/pbi_sasaran_pct`, put({ target: 85 }))).status).toBe(
      200,
    );
    expect((await postJson(`${url}/api/pokja/actions`, ACTION)).status).toBe(201);
    before = await appRows(url);
    // While the API holds app.duckdb, a backup would copy a file in use: it is refused.
    const busy = ops('backup', '--data', source.dataDir, '--out', path.join(root, 'busy.tar.gz'));
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(/sedang dipakai proses lain \(API berjalan\?\)\. Hentikan API dulu/);
    expect(existsSync(path.join(root, 'busy.tar.gz'))).toBe(false);
  } finally {
    await app.close();
  }
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function put(body: unknown): RequestInit {
  return {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

describe('npm run backup / npm run restore', () => {
  it('restores into an empty folder with the same indicators, targets and actions', async () => {
    expect(before.targets).toHaveLength(1);
    expect(before.actions).toHaveLength(1);
    const file = path.join(root, 'backup', 'dasbor.tar.gz');
    const made = ops('backup', '--data', source.dataDir, '--out', file);
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/app\.duckdb ya, \d+ berkas lake, kunci ya/);
    expect((await stat(file)).mode & 0o777).toBe(0o600); // it holds the key

    const target = path.join(root, 'restored', 'data');
    const restored = ops('restore', '--from', file, '--data', target);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/migrasi 001_targets_budget_params\.sql, 002_pokja\.sql/);
    expect((await readFile(path.join(target, 'pseudonym.key'), 'utf8')).trim()).toBe(TEST_KEY);
    expect((await stat(path.join(target, 'pseudonym.key'))).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(target, 'warehouse.duckdb'))).toBe(false); // derived: rebuilt

    const emptyInbox = path.join(root, 'restored', 'inbox');
    await mkdir(emptyInbox, { recursive: true });
    const run = await runEtl({
      inboxDir: emptyInbox,
      dataDir: target,
      asOf: SAMPLE_AS_OF,
      regionCode: '62.03',
    });
    expect(run.status, run.error).toBe('SUCCESS');
    const original = await indicatorValues(source.dataDir);
    expect(original.length).toBeGreaterThan(1000);
    expect(await indicatorValues(target)).toEqual(original);

    const { app, url } = await startApi(target, emptyInbox);
    try {
      expect(await appRows(url)).toEqual(before);
      // The copied sequences go on after the restored rows: no id collision.
      const next = await postJson(`${url}/api/pokja/actions`, { ...ACTION, title: 'Berikutnya' });
      expect(next.status, JSON.stringify(next.body)).toBe(201);
      expect(next.body.id).toBe(before.actions[0].id + 1);
    } finally {
      await app.close();
    }
  });

  it('refuses a non-empty target unless --force, and archives that are not backups', async () => {
    const file = path.join(root, 'second.tar.gz');
    expect(ops('backup', '--data', source.dataDir, '--out', file).code).toBe(0);
    const again = ops('backup', '--data', source.dataDir, '--out', file);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/sudah ada; pilih nama berkas lain/);

    const target = path.join(root, 'busy-target');
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'catatan.txt'), 'jangan ditimpa');
    const refused = ops('restore', '--from', file, '--data', target);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/tidak kosong \(catatan\.txt\).*--force/);
    expect(existsSync(path.join(target, 'lake'))).toBe(false);
    const forced = ops('restore', '--from', file, '--data', target, '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(existsSync(path.join(target, 'lake'))).toBe(true);

    const foreign = path.join(root, 'foreign.tar.gz');
    const made = spawnSync('tar', ['-czf', foreign, '-C', repoRoot, 'package.json']);
    expect(made.status).toBe(0);
    const bad = ops('restore', '--from', foreign, '--data', path.join(root, 'x'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /bukan backup Dasbor Pokja yang valid \(isi tak dikenal: package\.json/,
    );
    expect(ops('restore', '--data', target).code).toBe(2);
  });
});
