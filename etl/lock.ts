/**
 * One ETL run at a time per data folder, whichever process starts it (the API's nightly job, an
 * operator's CLI run). The lock file holds the owner's pid; a lock whose process is gone (a run
 * that was killed) is taken over, and that run is reported as failed.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'etl.lock';

export class EtlBusyError extends Error {
  constructor(readonly owner: { pid: number; run_id: string }) {
    super(
      `ETL lain sedang berjalan (run ${owner.run_id}, pid ${owner.pid}); tunggu sampai selesai.`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock; returns the run id of a dead previous owner, if one was taken over. */
export async function acquireLock(
  dataDir: string,
  runId: string,
): Promise<{ release: () => Promise<void>; staleRunId: string | null }> {
  const file = path.join(dataDir, LOCK_FILE);
  const content = JSON.stringify({ pid: process.pid, run_id: runId });
  let staleRunId: string | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, content, { flag: 'wx' });
      return { release: () => unlink(file).catch(() => undefined), staleRunId };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as {
        pid?: number;
        run_id?: string;
      };
      if (owner.pid && alive(owner.pid))
        throw new EtlBusyError({ pid: owner.pid, run_id: owner.run_id ?? '?' });
      staleRunId = owner.run_id ?? null;
      await unlink(file).catch(() => undefined);
    }
  }
  throw new Error(`Tidak dapat mengambil kunci ${file}`);
}
