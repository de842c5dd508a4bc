/**
 * The one-run-at-a-time lock under contention: many acquirers at once, in one process and in
 * separate processes, with and without a stale lock left by a killed run. Exactly one may win.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, EtlBusyError } from '../../warehouse/lock.js';
import { LOCK_FILE } from '../../warehouse/data-folder.js';
import { repoRoot } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-lock-');

/** The pid of a process that has exited: a lock naming it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function contend(dataDir: string, n: number) {
  const attempts = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => acquireLock(dataDir, `r${i}`)),
  );
  const won = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  const refused = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason as Error] : []));
  return { won, refused };
}

describe('ETL lock', () => {
  it('20 acquirers at once: exactly one wins, every round', async () => {
    const dataDir = await tempDir();
    for (let round = 0; round < 15; round++) {
      const { won, refused } = await contend(dataDir, 20);
      expect(won).toHaveLength(1);
      expect(won[0].staleRunId).toBeNull();
      for (const error of refused) expect(error).toBeInstanceOf(EtlBusyError);
      await won[0].release();
      expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    }
  });

  it('20 acquirers at once over a stale lock: exactly one takes it over, every round', async () => {
    const dataDir = await tempDir();
    const pid = deadPid();
    for (let round = 0; round < 15; round++) {
      await writeFile(
        path.join(dataDir, LOCK_FILE),
        JSON.stringify({ pid, run_id: `killed-${round}` }),
      );
      const { won, refused } = await contend(dataDir, 20);
      expect(won).toHaveLength(1);
      expect(won[0].staleRunId).toBe(`killed-${round}`);
      for (const error of refused) expect(error).toBeInstanceOf(EtlBusyError);
      const held = JSON.parse(await readFile(path.join(dataDir, LOCK_FILE), 'utf8')) as {
        pid: number;
      };
      expect(held.pid).toBe(process.pid);
      await won[0].release();
      // Nothing of the takeover is left behind.
      expect(await readdir(dataDir)).toEqual([]);
    }
  });

  it('a lock whose pid is alive is never taken over', async () => {
    const dataDir = await tempDir();
    await writeFile(
      path.join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: process.pid, run_id: 'operator-cli' }),
    );
    const { won, refused } = await contend(dataDir, 5);
    expect(won).toHaveLength(0);
    expect(refused[0]).toBeInstanceOf(EtlBusyError);
    expect(refused[0].message).toMatch(/operator-cli/);
  });

  const lockJs = path.join(repoRoot, 'dist', 'etl', 'lock.js');
  it.skipIf(!existsSync(lockJs))(
    '10 processes at once over a stale lock: exactly one wins, every round',
    async () => {
      const dataDir = await tempDir();
      // Each child tries once, reports, and (if it won) holds the lock until stdin closes.
      const script = `
        const { acquireLock } = await import(${JSON.stringify(lockJs)});
        try {
          const lock = await acquireLock(process.argv[1], 'p' + process.pid);
          process.stdout.write('won ' + lock.staleRunId + '\\n');
          process.stdin.resume();
          process.stdin.on('end', async () => { await lock.release(); process.exit(0); });
        } catch (error) {
          process.stdout.write((error.constructor.name) + '\\n');
          process.exit(0);
        }`;
      const pid = deadPid();
      for (let round = 0; round < 3; round++) {
        await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid, run_id: 'killed' }));
        const children = Array.from({ length: 10 }, () =>
          spawn(process.execPath, ['--input-type=module', '-e', script, dataDir], {
            stdio: ['pipe', 'pipe', 'inherit'],
          }),
        );
        const exited = children.map((c) => new Promise((r) => c.on('exit', r)));
        const answers = await Promise.all(
          children.map(
            (child) =>
              new Promise<string>((resolve) => {
                let out = '';
                child.stdout.on('data', (d: Buffer) => {
                  out += d.toString();
                  if (out.endsWith('\n')) resolve(out.trim());
                });
              }),
          ),
        );
        for (const child of children) child.stdin.end();
        await Promise.all(exited);
        expect(answers.filter((a) => a.startsWith('won'))).toEqual(['won killed']);
        expect(answers.filter((a) => !a.startsWith('won'))).toEqual(Array(9).fill('EtlBusyError'));
        expect(await readdir(dataDir)).toEqual([]);
      }
    },
  );
});
