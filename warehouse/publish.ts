/**
 * Publishing a run as one recoverable unit (etl/README.md, "Run semantics"): the lake swap, the
 * archiving of the inbox files that were loaded, and the rename of the new warehouse.
 *
 * Before the first of these steps the run writes a journal, `<data>/etl-journal.json` (fsync'd):
 * the lake partitions it replaces, the inbox files it read, the summary it will record. A run that
 * is killed anywhere after that point leaves the journal behind, and the next run (or the API's
 * start-up) completes the unit from it — every step is idempotent — before it reads the inbox.
 * Without that, files still in the inbox after a kill mid-archive were read by the next run as the
 * whole of their period and replaced it.
 *
 * A run held by the publish guard (guard.ts) journals itself as `held`: its files are archived,
 * its staged lake partitions and warehouse stay in its scratch folder, and the previous lake and
 * warehouse keep serving until an admin accepts (the same unit is completed) or rejects it.
 */
import {
  link,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  unlink,
} from 'node:fs/promises';
import path from 'node:path';
import { syncFile, writeDurably } from './durable.js';
import { acquireLock } from './lock.js';
import { dataFolder } from './data-folder.js';
import { readRunSummary, type RunSummary } from './runs.js';

export interface Journal {
  run_id: string;
  /** `commit`: publish now (completed by the next run if killed); `held`: waits for an admin. */
  state: 'commit' | 'held';
  inbox_dir: string;
  /** Lake-relative folders (or files) the run replaces or adds, staged in its scratch lake. */
  partitions: string[];
  /** Inbox files the run read, to archive. */
  files: { feed: string; name: string }[];
  /** The summary to record once the unit is complete. */
  summary: RunSummary;
}

/**
 * Test hook (`ETL_TEST_KILL_AT=<stage>`): the process kills itself (SIGKILL) at that stage, as a
 * power cut or the OOM killer would. Stages: after-ingest, after-lake-swap, mid-archive,
 * after-archive, after-publish.
 */
export function killPoint(stage: string): void {
  if (process.env.ETL_TEST_KILL_AT === stage) process.kill(process.pid, 'SIGKILL');
}

export async function writeSummary(dataDir: string, summary: RunSummary): Promise<void> {
  await writeDurably(
    dataFolder(dataDir).runSummary(summary.run_id),
    JSON.stringify(summary, null, 2),
  );
}

export async function readJournal(dataDir: string): Promise<Journal | null> {
  try {
    return JSON.parse(await readFile(dataFolder(dataDir).journal, 'utf8')) as Journal;
  } catch {
    return null; // none (a half-written one never exists: it is renamed into place)
  }
}

export async function writeJournal(dataDir: string, journal: Journal): Promise<void> {
  await writeDurably(dataFolder(dataDir).journal, JSON.stringify(journal, null, 2));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

// ------------------------------------------------------------------ the candidate lake

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), relative)));
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) out.push(relative);
  }
  return out;
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await link(from, to).catch(async () => copyFile(from, to));
}

/**
 * The lake as it will be once the staged partitions are swapped in, built beside it in the
 * scratch folder from hard links (no copy: lake files are only ever replaced by rename, never
 * written in place). The warehouse is built from it, so the real lake changes only at publish.
 */
export async function candidateLake(
  dataDir: string,
  workDir: string,
  partitions: string[],
): Promise<string> {
  const { lake } = dataFolder(dataDir);
  const out = path.join(workDir, 'candidate');
  const replaced = (relative: string) =>
    partitions.some((p) => relative === p || relative.startsWith(p + path.sep));
  for (const relative of await filesUnder(lake))
    if (!replaced(relative)) await linkOrCopy(path.join(lake, relative), path.join(out, relative));
  for (const partition of partitions) {
    const staged = path.join(dataFolder(workDir).lake, partition);
    const isDir = (await stat(staged)).isDirectory();
    for (const relative of isDir ? await filesUnder(staged) : [''])
      await linkOrCopy(path.join(staged, relative), path.join(out, partition, relative));
  }
  return out;
}

// ------------------------------------------------------------------ the unit

/** Swaps the staged partitions into the lake; a partition already swapped is skipped. */
async function swapLake(dataDir: string, workDir: string, partitions: string[]): Promise<void> {
  const { lake } = dataFolder(dataDir);
  const trash = path.join(workDir, 'replaced');
  await mkdir(trash, { recursive: true });
  for (const [i, relative] of partitions.entries()) {
    const staged = path.join(dataFolder(workDir).lake, relative);
    if (!(await exists(staged))) continue; // swapped before a kill
    const target = path.join(lake, relative);
    await mkdir(path.dirname(target), { recursive: true });
    if (await exists(target)) {
      // A kill between the two renames leaves the old one in the trash already.
      if (await exists(path.join(trash, String(i)))) await rm(target, { recursive: true });
      else await rename(target, path.join(trash, String(i)));
    }
    await rename(staged, target);
    await syncFile(path.dirname(target));
  }
}

/** Moves the run's files from the inbox to `archive/<run>/<feed>/`; files already moved are skipped. */
export async function archiveFiles(
  inboxDir: string,
  dataDir: string,
  runId: string,
  files: Journal['files'],
): Promise<void> {
  for (const [i, { feed, name }] of files.entries()) {
    const from = path.join(inboxDir, feed, name);
    // lstat: a link is moved as the link (a dangling one too), never followed out of the inbox.
    if (
      !(await lstat(from).then(
        () => true,
        () => false,
      ))
    )
      continue;
    const target = path.join(dataFolder(dataDir).archiveOf(runId, feed), name);
    await mkdir(path.dirname(target), { recursive: true }); // a name may hold a subfolder
    await moveFile(from, target);
    await removeEmptyFolders(path.join(inboxDir, feed), path.dirname(from));
    if (i === 0) killPoint('mid-archive');
  }
}

/** Removes the subfolders of a feed folder that archiving emptied (`dtsen/2026-09/`). */
async function removeEmptyFolders(feedDir: string, dir: string): Promise<void> {
  while (dir.startsWith(feedDir + path.sep)) {
    const removed = await rmdir(dir).then(
      () => true,
      () => false, // not empty (or gone): keep it
    );
    if (!removed) return;
    dir = path.dirname(dir);
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // The inbox may be another file system (a shared folder): copy, then remove. A link is
    // recreated as a link, so the file it names is never copied into the archive.
    if ((await lstat(from)).isSymbolicLink()) {
      await symlink(await readlink(from), to);
      await unlink(from);
      return;
    }
    await copyFile(from, to);
    await syncFile(to);
    await unlink(from);
  }
}

/**
 * Completes a journaled unit: lake swap, archive, warehouse rename, summary; then removes the
 * journal and the scratch folder. Safe to run again after a kill at any point.
 */
export async function completeUnit(dataDir: string, journal: Journal): Promise<void> {
  const workDir = dataFolder(dataDir).workOf(journal.run_id);
  await swapLake(dataDir, workDir, journal.partitions);
  killPoint('after-lake-swap');
  await archiveFiles(journal.inbox_dir, dataDir, journal.run_id, journal.files);
  killPoint('after-archive');
  const built = dataFolder(workDir).warehouse;
  if (await exists(built)) {
    await rename(built, dataFolder(dataDir).warehouse);
    await syncFile(dataDir);
  }
  killPoint('after-publish');
  await writeSummary(dataDir, journal.summary);
  await unlink(dataFolder(dataDir).journal);
  await syncFile(dataDir);
  await rm(workDir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ recovery

export const INTERRUPTED =
  'Run terhenti sebelum selesai: proses dihentikan paksa / interrupted. Lake dan warehouse sebelumnya tetap dipakai.';

/**
 * What a killed run left behind, cleaned by the next run and by the API's start-up, under the
 * ETL lock: a journaled unit is completed (a held one only gets its archive finished), every
 * other `RUNNING` summary is marked `FAILED` (no run holds the lock, so its process is gone), and
 * scratch folders other than `keep` and the held run's are removed.
 */
export async function recoverInterrupted(dataDir: string, keep: string | null): Promise<void> {
  const journal = await readJournal(dataDir);
  if (journal?.state === 'commit') {
    journal.summary.recovered_at = new Date().toISOString();
    await completeUnit(dataDir, journal);
  } else if (journal?.state === 'held') {
    await archiveFiles(journal.inbox_dir, dataDir, journal.run_id, journal.files);
    const summary = await readRunSummary(dataDir, journal.run_id);
    if (summary?.status !== journal.summary.status) await writeSummary(dataDir, journal.summary);
  }
  const held = journal?.state === 'held' ? journal.run_id : null;
  const { runs: runsDir, work } = dataFolder(dataDir);
  for (const name of (await readdir(runsDir).catch(() => [])).filter((n) => n.endsWith('.json'))) {
    const runId = name.slice(0, -'.json'.length);
    if (runId === keep) continue;
    const summary = await readRunSummary(dataDir, runId);
    if (summary?.status !== 'RUNNING') continue;
    summary.status = 'FAILED';
    summary.error = INTERRUPTED;
    summary.finished_at ??= new Date().toISOString();
    await writeSummary(dataDir, summary);
  }
  for (const name of await readdir(work).catch(() => [] as string[]))
    if (name !== keep && name !== held)
      await rm(path.join(work, name), { recursive: true, force: true });
}

/** The API's start-up: the same recovery, unless a run is under way (it recovers itself). */
export async function recoverAtStartup(dataDir: string): Promise<void> {
  let lock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    lock = await acquireLock(dataDir, `startup-${process.pid}`);
  } catch {
    return; // a run holds the lock: it does this itself
  }
  try {
    await recoverInterrupted(dataDir, null);
  } finally {
    await lock.release();
  }
}

// ------------------------------------------------------------------ held runs

export class HeldRunError extends Error {}

/** The run waiting for an admin's decision, if any. */
export async function heldRun(dataDir: string): Promise<Journal | null> {
  const journal = await readJournal(dataDir);
  return journal?.state === 'held' ? journal : null;
}

async function withHeld<T>(
  dataDir: string,
  runId: string,
  work: (journal: Journal) => Promise<T>,
): Promise<T> {
  const lock = await acquireLock(dataDir, `keputusan-${runId}`);
  try {
    const journal = await heldRun(dataDir);
    if (!journal || journal.run_id !== runId)
      throw new HeldRunError(
        `Run ${runId} tidak sedang menunggu persetujuan / is not held for approval` +
          (journal ? ` (yang menunggu: ${journal.run_id})` : ''),
      );
    return await work(journal);
  } finally {
    await lock.release();
  }
}

/** Accept: publish the held result as it was built (lake swap and warehouse rename). */
export async function acceptHeldRun(
  dataDir: string,
  runId: string,
  actor: string,
): Promise<RunSummary> {
  return withHeld(dataDir, runId, async (journal) => {
    const summary: RunSummary = {
      ...journal.summary,
      status: 'SUCCESS',
      error: undefined,
      decision: { action: 'DITERIMA', by: actor, at: new Date().toISOString() },
    };
    const commit: Journal = { ...journal, state: 'commit', summary };
    await writeJournal(dataDir, commit);
    await completeUnit(dataDir, commit);
    return summary;
  });
}

/** Reject: discard the held result; its files stay archived, the run is recorded as DITOLAK. */
export async function rejectHeldRun(
  dataDir: string,
  runId: string,
  actor: string,
): Promise<RunSummary> {
  return withHeld(dataDir, runId, async (journal) => {
    const summary: RunSummary = {
      ...journal.summary,
      status: 'DITOLAK',
      error:
        'Hasil run ditolak admin; lake dan warehouse sebelumnya tetap dipakai. Berkas tetap di arsip.',
      decision: { action: 'DITOLAK', by: actor, at: new Date().toISOString() },
    };
    await writeSummary(dataDir, summary);
    await unlink(dataFolder(dataDir).journal);
    await syncFile(dataDir);
    await rm(dataFolder(dataDir).workOf(runId), { recursive: true, force: true });
    return summary;
  });
}
