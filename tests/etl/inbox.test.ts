/**
 * What a run takes from the inbox: only files that stopped changing, never `*.part` or hidden
 * files, never anything behind a link out of the inbox; a bad entry (dangling link, loop, a file
 * vanishing, a pipe) is one file-level reject and the run goes on; misnamed feed folders are
 * reported. Real files, real links, the real ETL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFileSync, unlinkSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEtl, type ProgressEvent } from '../../etl/run.js';
import type { RunSummary } from '../../warehouse/runs.js';
import {
  copySamples,
  repoRoot,
  SAMPLE_AS_OF,
  SAMPLE_RUN,
  TEST_KEY,
} from '../support/sample-data.js';
import { query } from '../support/duckdb.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-inbox-');

const run = (
  inboxDir: string,
  dataDir: string,
  settleSeconds: number,
  onProgress?: (event: ProgressEvent) => void,
) =>
  runEtl({
    inboxDir,
    dataDir,
    ...SAMPLE_RUN,
    settleSeconds,
    onProgress,
  });

/** The progress event of the run's one wait for recently changed files. */
const isSettleWait = (e: ProgressEvent) => e.stage === 'inbox' && /^menunggu/.test(e.message ?? '');

const HEADER =
  'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga\n';
/** n valid DTKS rows for Pulau Telo (62.03.01.2011), people numbered from `from`. */
function dtksRows(n: number, from = 1): string {
  let out = '';
  for (let i = from; i < from + n; i++)
    out += `2024-06,NEW${i},620301201190${String(i).padStart(4, '0')},6203012011900099,62.03.01.2011,01/01/1990,L,ANAK\n`;
  return out;
}

/** Every file under dir gets an mtime an hour ago: it has long stopped changing. */
async function age(dir: string): Promise<void> {
  const past = new Date(Date.now() - 3600_000);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await age(full);
    else if (entry.isFile()) await utimes(full, past, past);
  }
}

function fileRejects(dataDir: string, runId: string) {
  const file = path.join(dataDir, 'lake', '_runs', 'rejects', `${runId}.parquet`);
  return query(
    ':memory:',
    `SELECT feed, file, line, reason, value FROM read_parquet('${file}') WHERE line = 0 ORDER BY file`,
  );
}

describe('files still being written wait for the next run', () => {
  it('a file that grows during the settle wait is left in the inbox, then loaded whole', async () => {
    const root = await tempDir();
    const inboxDir = path.join(root, 'inbox');
    const dataDir = path.join(root, 'data');
    await copySamples(inboxDir);
    await age(inboxDir);
    const growing = path.join(inboxDir, 'dtks', 'dtks_besar.csv');
    await writeFile(growing, HEADER + dtksRows(10));
    const events: ProgressEvent[] = [];
    const first = await run(inboxDir, dataDir, 1, (event) => {
      events.push(event);
      // The upload goes on while the run watches the file.
      if (isSettleWait(event)) appendFileSync(growing, dtksRows(90, 11));
    });
    expect(first.status).toBe('SUCCESS');
    expect(events.filter(isSettleWait)).toHaveLength(1);
    expect(first.waiting).toEqual([
      { feed: 'dtks', file: 'dtks_besar.csv', reason: expect.stringMatching(/berubah/) },
    ]);
    expect(first.feeds.dtks?.rows_loaded).toBe(4); // the sample file only
    expect(await readdir(path.join(inboxDir, 'dtks'))).toEqual(['dtks_besar.csv']);
    // Next run: it has stopped changing, all 100 rows load.
    const second = await run(inboxDir, dataDir, 1);
    expect(second.waiting).toEqual([]);
    expect(second.feeds.dtks?.rows_loaded).toBe(100);
    expect(second.feeds.dtks?.rows_read).toBe(100);
    expect(await readdir(path.join(inboxDir, 'dtks'))).toEqual([]);
  });

  it('a file that changes while it is read is not loaded nor archived', async () => {
    const root = await tempDir();
    const inboxDir = path.join(root, 'inbox');
    const dataDir = path.join(root, 'data');
    await mkdir(path.join(inboxDir, 'dtks'), { recursive: true });
    const growing = path.join(inboxDir, 'dtks', 'dtks_besar.csv');
    await writeFile(growing, HEADER + dtksRows(10));
    await age(inboxDir);
    const summary = await run(inboxDir, dataDir, 1, (event) => {
      if (event.stage === 'read' && event.file === 'dtks_besar.csv' && event.rows === undefined)
        appendFileSync(growing, dtksRows(90, 11));
    });
    expect(summary.status).toBe('SUCCESS');
    expect(summary.feeds.dtks?.rows_loaded ?? 0).toBe(0);
    expect(summary.waiting).toEqual([
      { feed: 'dtks', file: 'dtks_besar.csv', reason: expect.stringMatching(/berubah/) },
    ]);
    expect(await readdir(path.join(inboxDir, 'dtks'))).toEqual(['dtks_besar.csv']);
  });

  it('never takes *.part or hidden files; a file older than the settle interval is taken at once', async () => {
    const root = await tempDir();
    const inboxDir = path.join(root, 'inbox');
    const dataDir = path.join(root, 'data');
    await mkdir(path.join(inboxDir, 'dtks'), { recursive: true });
    await writeFile(path.join(inboxDir, 'dtks', 'dtks_a.csv.part'), HEADER + dtksRows(3));
    await writeFile(path.join(inboxDir, 'dtks', '.dtks_b.csv'), HEADER + dtksRows(3));
    await writeFile(path.join(inboxDir, 'dtks', 'dtks_c.csv'), HEADER + dtksRows(2));
    await age(inboxDir);
    const events: ProgressEvent[] = [];
    // A settle interval far longer than any test: a settled file must not wait for it.
    const summary = await run(inboxDir, dataDir, 3600, (e) => events.push(e));
    expect(summary.status).toBe('SUCCESS');
    expect(summary.feeds.dtks?.rows_loaded).toBe(2);
    expect(summary.waiting).toEqual([
      { feed: 'dtks', file: 'dtks_a.csv.part', reason: expect.stringMatching(/\.part/) },
    ]);
    expect((await readdir(path.join(inboxDir, 'dtks'))).sort()).toEqual([
      '.dtks_b.csv',
      'dtks_a.csv.part',
    ]);
  });
});

describe('links and bad entries', () => {
  let root: string;
  let inboxDir: string;
  let dataDir: string;
  let summary: RunSummary;
  const outside = () => path.join(root, 'rahasia', 'passwd.csv');

  beforeAll(async () => {
    root = await tempDir();
    inboxDir = path.join(root, 'inbox');
    dataDir = path.join(root, 'data');
    await copySamples(inboxDir);
    const dtks = path.join(inboxDir, 'dtks');
    // A file outside the inbox that would load if it were followed.
    await mkdir(path.dirname(outside()), { recursive: true });
    await writeFile(outside(), HEADER + dtksRows(5, 500));
    await symlink(outside(), path.join(dtks, 'a_keluar.csv'));
    await symlink('/etc/passwd', path.join(dtks, 'b_passwd.csv'));
    await symlink(path.join(root, 'tidak-ada.csv'), path.join(dtks, 'c_rusak.csv'));
    await symlink('d_putar2.csv', path.join(dtks, 'd_putar1.csv'));
    await symlink('d_putar1.csv', path.join(dtks, 'd_putar2.csv'));
    // A link that stays inside the inbox is read like the file it names.
    await mkdir(path.join(inboxDir, 'bersama'));
    await writeFile(path.join(inboxDir, 'bersama', 'dtks_bersama.csv'), HEADER + dtksRows(3, 700));
    await symlink('../bersama/dtks_bersama.csv', path.join(dtks, 'e_dalam.csv'));
    spawnSync('mkfifo', [path.join(dtks, 'f_pipa.csv')]);
    await writeFile(path.join(dtks, 'g_hilang.csv'), HEADER + dtksRows(2, 900));
    await age(inboxDir);
    // g_hilang.csv is new: the run watches it, and it is deleted meanwhile.
    await writeFile(path.join(dtks, 'g_hilang.csv'), HEADER + dtksRows(2, 900));
    summary = await run(inboxDir, dataDir, 1, (event) => {
      if (isSettleWait(event)) unlinkSync(path.join(dtks, 'g_hilang.csv'));
    });
  });

  it('the run publishes', () => {
    expect(summary.error).toBeUndefined();
    expect(summary.status).toBe('SUCCESS');
  });

  it('each bad entry is one file-level reject with a clear reason', async () => {
    const rows = await fileRejects(dataDir, summary.run_id);
    const byFile = Object.fromEntries(rows.map((r) => [r.file, r]));
    expect(Object.keys(byFile).sort()).toEqual([
      'a_keluar.csv',
      'b_passwd.csv',
      'c_rusak.csv',
      'd_putar1.csv',
      'd_putar2.csv',
      'f_pipa.csv',
      'g_hilang.csv',
    ]);
    for (const r of rows) expect(r.reason).toBe('BERKAS_RUSAK');
    expect(byFile['a_keluar.csv'].value).toMatch(/luar folder inbox/);
    expect(byFile['b_passwd.csv'].value).toMatch(/luar folder inbox/);
    expect(byFile['c_rusak.csv'].value).toMatch(/tautan rusak/i);
    expect(byFile['d_putar1.csv'].value).toMatch(/berputar/);
    expect(byFile['f_pipa.csv'].value).toMatch(/bukan berkas biasa/);
    expect(byFile['g_hilang.csv'].value).toMatch(/hilang/);
    expect(summary.feeds.dtks?.rejects.BERKAS_RUSAK).toBe(7);
  });

  it('never reads behind a link out of the inbox; reads a link inside it', async () => {
    // sample rows 2-5 and the three rows behind e_dalam.csv; none of the five outside
    expect(summary.feeds.dtks?.rows_loaded).toBe(7);
    const wh = path.join(dataDir, 'warehouse.duckdb');
    const text = JSON.stringify(await query(wh, `SELECT * FROM etl_rejects`));
    expect(text).not.toMatch(/root:|NEW50\d/);
    expect(await readFile(outside(), 'utf8')).toContain('NEW500'); // untouched
  });

  it('moves the bad links out of the inbox (the files they name stay where they are)', async () => {
    const left = (await readdir(path.join(inboxDir, 'dtks'))).sort();
    expect(left).toEqual([]);
    const archived = (await readdir(path.join(dataDir, 'archive', summary.run_id, 'dtks'))).sort();
    expect(archived).toEqual(
      expect.arrayContaining(['a_keluar.csv', 'b_passwd.csv', 'c_rusak.csv', 'e_dalam.csv']),
    );
    expect(existsSync(outside())).toBe(true);
    expect(existsSync('/etc/passwd')).toBe(true);
  });
});

describe('misnamed feed folders', () => {
  it('are reported in the run summary with the feed they probably meant, and by the CLI', async () => {
    const root = await tempDir();
    const inboxDir = path.join(root, 'inbox');
    const dataDir = path.join(root, 'data');
    await copySamples(inboxDir);
    await mkdir(path.join(inboxDir, 'bpjs-kesehatan'));
    await writeFile(path.join(inboxDir, 'bpjs-kesehatan', 'jkn.csv'), 'x\n');
    await mkdir(path.join(inboxDir, 'DTKS'));
    await writeFile(path.join(inboxDir, 'DTKS', 'dtks.csv'), 'x\n');
    await mkdir(path.join(inboxDir, 'lain-lain'));
    await age(inboxDir);
    const summary = await run(inboxDir, dataDir, 0);
    expect(summary.status).toBe('SUCCESS');
    const warnings = summary.warnings ?? [];
    expect(warnings.find((w) => w.includes('"bpjs-kesehatan"'))).toMatch(/bpjs_kesehatan/);
    expect(warnings.find((w) => w.includes('"DTKS"'))).toMatch(/"dtks"/);
    expect(warnings.find((w) => w.includes('"lain-lain"'))).toBeDefined();
    // The files of the misnamed folders stay where they are.
    expect(await readdir(path.join(inboxDir, 'DTKS'))).toEqual(['dtks.csv']);

    const cli = path.join(repoRoot, 'dist', 'etl', 'cli.js');
    if (!existsSync(cli)) return; // built by `npm test` before the suites run
    const child = spawn(
      process.execPath,
      [cli, '--inbox', inboxDir, '--data', dataDir, '--as-of', SAMPLE_AS_OF],
      {
        env: { ...process.env, PSEUDONYM_KEY: TEST_KEY, ETL_SETTLE_SECONDS: '0' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(stderr).toMatch(/bpjs-kesehatan.*bpjs_kesehatan/);
    expect(stderr).toMatch(/"DTKS".*"dtks"/);
  });
});
