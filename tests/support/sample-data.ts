/**
 * The fixture of the cross-part tests: the sample inbox of tests/fixtures/samples (a dozen
 * hand-checked rows per feed, see its EXPECTED.md) run through the real ETL into a real data
 * folder, as-of 2024-07-05.
 */
import { chmod, cp, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEtl } from '../../etl/run.js';
import type { RunSummary } from '../../warehouse/runs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repo root, from the source file or its compiled copy under dist/. */
export const repoRoot = here.includes(`${path.sep}dist${path.sep}`)
  ? path.resolve(here, '..', '..', '..')
  : path.resolve(here, '..', '..');
export const samplesInbox = path.resolve(repoRoot, 'tests', 'fixtures', 'samples', 'inbox');
export const SAMPLE_AS_OF = '2024-07-05';
/** A fixed key so that pseudonyms in fixtures are stable across test runs. */
export const TEST_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** The run options every test run over the sample inbox shares (with `inboxDir`, `dataDir`). */
export const SAMPLE_RUN = { asOf: SAMPLE_AS_OF, regionCode: '62.03', pseudonymKey: TEST_KEY };

/**
 * The environment of a product process (node dist/api/main.js) serving a sample data folder:
 * fixed as-of and key, loopback on a free port, no nightly run, no rate limit, a known admin.
 */
export function sampleProductEnv(
  dataDir: string,
  inboxDir: string,
  adminPassword: string,
): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    INBOX_DIR: inboxDir,
    PORT: '0',
    HOST: '127.0.0.1',
    AS_OF: SAMPLE_AS_OF,
    PSEUDONYM_KEY: TEST_KEY,
    ETL_CRON: '0 2 1 1 *',
    RATE_LIMIT: '0',
    ADMIN_PASSWORD: adminPassword,
  };
}

export async function copySamples(inboxDir: string): Promise<void> {
  await mkdir(inboxDir, { recursive: true });
  await cp(samplesInbox, inboxDir, { recursive: true });
  await makeWritable(inboxDir); // a checkout may be read-only; the ETL moves processed files away
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(full);
    else await chmod(full, 0o644);
  }
}

export async function buildSampleData(
  targetDir: string,
): Promise<{ dataDir: string; inboxDir: string; summary: RunSummary }> {
  const inboxDir = path.join(targetDir, 'inbox');
  const dataDir = path.join(targetDir, 'data');
  await copySamples(inboxDir);
  const summary = await runEtl({
    inboxDir,
    dataDir,
    asOf: SAMPLE_AS_OF,
    regionCode: '62.03',
    pseudonymKey: TEST_KEY,
    settleSeconds: 0, // the files were copied just now, and completely
  });
  if (summary.status !== 'SUCCESS') throw new Error(`sample ETL failed: ${summary.error}`);
  return { dataDir, inboxDir, summary };
}
