/**
 * The ETL command line as operators run it (`node dist/etl/cli.js`, built by `npm test`): what a
 * bad setting prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/sample-data.js';

const cli = path.join(repoRoot, 'dist', 'etl', 'cli.js');
const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((d) => rm(d, { recursive: true, force: true }))));

function runCli(env: Record<string, string>, root: string) {
  return spawnSync(
    process.execPath,
    [cli, '--inbox', path.join(root, 'inbox'), '--data', path.join(root, 'data')],
    { env: { ...process.env, PSEUDONYM_KEY: '', ...env }, encoding: 'utf8' },
  );
}

describe('configuration errors', () => {
  it.each([
    ['ETL_MEMORY_LIMIT', 'abc', /ETL_MEMORY_LIMIT.*2GB/],
    ['PSEUDONYM_KEY', 'bukan-kunci', /PSEUDONYM_KEY.*64 karakter heksadesimal/],
  ])('a bad %s names the variable and the fix on the first line', async (name, value, reason) => {
    const root = await mkdtemp(path.join(tmpdir(), 'etl-cli-'));
    roots.push(root);
    const result = runCli({ [name]: value }, root);
    expect(result.status).not.toBe(0);
    const first = result.stderr.split('\n').find((l) => l.trim()) ?? '';
    expect(first).toMatch(/Konfigurasi tidak valid/);
    expect(first).toMatch(reason);
  });
});
