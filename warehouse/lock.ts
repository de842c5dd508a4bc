/**
 * One ETL run at a time per data folder, whichever process starts it (the API's nightly job, an
 * operator's CLI run). The lock file holds the owner's pid; a lock whose process is gone (a run
 * that was killed) is taken over, and that run is reported as failed.
 *
 * Every step is atomic, so two runs can never both hold the lock:
 * - the lock file is written complete under a private name and published with link(2), which
 *   fails when `etl.lock` exists (no reader ever sees a half-written lock);
 * - a stale lock is removed only by the one process that claims its takeover: the claim is an
 *   exclusive create of `etl.lock.takeover.<id of that lock>.<n>`. Whoever loses the claim backs
 *   off; the winner checks the lock is still the stale one and renames its own over it (the lock
 *   is never absent, so no fresh acquirer slips in). A claimer killed half-way leaves claim `n`;
 *   claim `n+1` may be taken once claim `n`'s process is gone.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataFolder } from './data-folder.js';

export class EtlBusyError extends Error {
  constructor(readonly owner: { pid: number; run_id: string }) {
    super(
      `ETL lain sedang berjalan (run ${owner.run_id}, pid ${owner.pid}); tunggu sampai selesai.`,
    );
  }
}

interface Owner {
  pid?: number;
  run_id?: string;
  /** Unique per acquisition: tells this lock from any later one. */
  nonce?: string;
  /** Linux boot id and process start time: a pid reused after a reboot is not the owner. */
  boot?: string;
  start?: string;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const bootId = () => readProc('/proc/sys/kernel/random/boot_id');

/** Start time of a process (clock ticks since boot, /proc/<pid>/stat field 22), where known. */
function startOf(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function alive(owner: Owner): boolean {
  if (!owner.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return false;
  const start = startOf(owner.pid);
  return !(owner.boot === boot && owner.start && start && owner.start !== start);
}

function parseOwner(raw: string): Owner {
  try {
    const owner = JSON.parse(raw) as Owner;
    return owner && typeof owner === 'object' ? owner : {};
  } catch {
    return {};
  }
}

async function readLock(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const ignoreMissing = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

/**
 * Claims the takeover of the stale lock `raw`; true when this process may remove it. Claims of
 * killed claimers are skipped (claim n+1 once claim n's process is gone).
 */
async function claimTakeover(file: string, raw: string, me: string): Promise<string | null> {
  const id = parseOwner(raw).nonce ?? createHash('sha256').update(raw).digest('hex').slice(0, 16);
  for (let n = 0; n < 100; n++) {
    const claim = `${file}.takeover.${id}.${n}`;
    try {
      await writeFile(claim, me, { flag: 'wx' });
      return claim;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = parseOwner((await readLock(claim)) ?? '');
      // An empty claim is being written right now by a live process.
      if (!holder.pid || alive(holder)) return null;
    }
  }
  return null;
}

async function removeClaims(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.takeover.`;
  for (const name of await readdir(dir).catch(() => [] as string[]))
    if (name.startsWith(prefix)) await unlink(path.join(dir, name)).catch(ignoreMissing);
}

/** Takes the lock; returns the run id of a dead previous owner, if one was taken over. */
export async function acquireLock(
  dataDir: string,
  runId: string,
): Promise<{ release: () => Promise<void>; staleRunId: string | null }> {
  const file = dataFolder(dataDir).lock;
  const me: Owner = {
    pid: process.pid,
    run_id: runId,
    nonce: randomUUID(),
    boot: bootId(),
    start: startOf(process.pid),
  };
  const content = JSON.stringify(me);
  const draft = `${file}.${me.nonce}.tmp`;
  await writeFile(draft, content, { flag: 'wx' });
  let busy: Owner = {};
  const held = (staleRunId: string | null) => ({
    release: async () => {
      // Only our own lock: never one that another run holds.
      if ((await readLock(file).catch(() => null)) === content)
        await unlink(file).catch(ignoreMissing);
    },
    staleRunId,
  });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await link(draft, file);
        return held(null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const raw = await readLock(file);
      if (raw === null) continue; // released meanwhile: try again
      const owner = parseOwner(raw);
      busy = owner;
      if (alive(owner)) break;
      const claim = await claimTakeover(file, raw, content);
      if (!claim) {
        // Another process is taking this stale lock over: it will hold the lock in a moment.
        await new Promise((r) => setTimeout(r, 5 + 10 * Math.random()));
        continue;
      }
      try {
        // Nobody else replaces this stale lock: it is still the one read above unless it was
        // released — checked anyway, for a lock file someone edited by hand. The rename puts
        // our lock in its place in one step, so no other acquirer can slip in between.
        if ((await readLock(file)) === raw) {
          await rename(draft, file);
          return held(owner.run_id ?? null);
        }
      } finally {
        await removeClaims(file);
      }
    }
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
  throw new EtlBusyError({ pid: busy.pid ?? 0, run_id: busy.run_id ?? '?' });
}
