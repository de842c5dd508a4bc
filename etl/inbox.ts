/**
 * What a run takes from the inbox (`<inbox>/<feed>/<file>`).
 *
 * - Only files that have stopped changing: a file whose size and modification time have not
 *   changed for the settle interval. A file modified within the interval is watched until the
 *   interval has passed (one wait for all of them); one that changed meanwhile is left for the
 *   next run, and the run summary says so. The run checks the file again after reading it.
 * - Never `*.part` files (the upload convention: write `x.csv.part`, rename when complete) nor
 *   names starting with `.` (editor and partial files).
 * - Never anything behind a link that leads out of the inbox: every entry is resolved to its real
 *   path, and a link whose target is outside the inbox's real path is not opened.
 * - A bad entry — dangling link, link loop, a file that vanished, one that cannot be opened, a
 *   pipe or device — is one file-level reject (`BERKAS_RUSAK`) with a reason, never a failed run.
 * - Folders that are not a feed's (`bpjs-kesehatan`, `DTKS`) are reported as warnings, with the
 *   feed they probably meant.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { FEED_NAMES, MERGE_FOLDER, type FeedName } from './feeds.js';
import type { WaitingFile } from '../warehouse/runs.js';

export const DEFAULT_SETTLE_SECONDS = 10;

/** A file the run reads: `path` is its real path (inside the inbox), `name` its inbox name. */
export interface TakenFile {
  feed: FeedName;
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
  /**
   * Merge into the stored slices instead of replacing them (etl/README.md, "Merging into a stored
   * slice"); absent: whether the path has a `gabung` folder (isMergePath).
   */
  merge?: boolean;
}

/** An entry that cannot be read: rejected whole; `archive`: move it out of the inbox. */
export interface BadEntry {
  feed: FeedName;
  name: string;
  message: string;
  archive: boolean;
}

export interface InboxTake {
  files: TakenFile[];
  bad: BadEntry[];
  waiting: WaitingFile[];
  warnings: string[];
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';

function inside(root: string, real: string): boolean {
  const relative = path.relative(root, real);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The feed a misnamed folder probably means, if one is close enough. */
export function probableFeed(folder: string): FeedName | null {
  const key = folder
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');
  let best: { feed: FeedName; distance: number } | null = null;
  for (const name of FEED_NAMES) {
    const distance = editDistance(key, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { feed: name, distance };
  }
  return best?.feed ?? null;
}

function unknownFolderWarning(name: string): string {
  const meant = probableFeed(name);
  return (
    `Folder inbox "${name}" bukan nama feed; isinya tidak dibaca` +
    (meant ? `. Maksudnya "${meant}"? Ganti nama foldernya.` : '.') +
    ` Nama feed: ${FEED_NAMES.join(', ')}.`
  );
}

function linkProblem(code: string): string {
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return 'Tautan rusak (symlink): berkas yang ditunjuknya tidak ada. Hapus tautan atau kirim berkasnya.';
  if (code === 'ELOOP')
    return 'Tautan berputar (symlink loop): tautan menunjuk dirinya sendiri lewat tautan lain. Hapus tautan itu.';
  return `Tautan (symlink) tidak dapat dibuka (${code}).`;
}

function openProblem(code: string): string {
  if (code === 'ENOENT') return 'Berkas hilang saat inbox dibaca (dihapus atau dipindahkan).';
  if (code === 'EACCES' || code === 'EPERM')
    return 'Berkas tidak dapat dibaca: izin ditolak. Periksa hak akses berkas.';
  if (code === 'ELOOP') return linkProblem(code);
  return `Berkas tidak dapat dibuka (${code}).`;
}

const OUTSIDE =
  'Tautan (symlink) menunjuk ke luar folder inbox: tidak dibuka. Salin berkasnya ke inbox.';
const NOT_REGULAR = 'Entri inbox bukan berkas biasa (pipe, socket atau perangkat): tidak dibaca.';

type Candidate = TakenFile;

/**
 * How deep below a feed folder files are read (`dtsen/2026-09/x.csv` is depth 1); a `gabung`
 * folder does not count (`bpjs_kesehatan/gabung/2026-06/x.csv`).
 */
const MAX_SUBFOLDER_DEPTH = 2;

/** Resolves and opens one entry of a feed folder; a string is the reason it is a bad entry. */
async function examine(
  root: string,
  feed: FeedName,
  dir: string,
  name: string,
): Promise<Candidate | { bad: string; archive: boolean } | { subfolder: true }> {
  const full = path.join(dir, name);
  let entry;
  try {
    entry = await lstat(full);
  } catch (error) {
    return { bad: openProblem(errno(error)), archive: false };
  }
  let real = full;
  if (entry.isSymbolicLink()) {
    try {
      real = await realpath(full);
    } catch (error) {
      return { bad: linkProblem(errno(error)), archive: true };
    }
    if (!inside(root, real)) return { bad: OUTSIDE, archive: true };
  }
  // Opened without following a link (the real path has none left) and without blocking on a
  // pipe; the handle tells what it is.
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errno(error);
    if (code === 'EISDIR') return { subfolder: true };
    return { bad: openProblem(code), archive: code !== 'ENOENT' };
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { subfolder: true };
    if (!info.isFile()) return { bad: NOT_REGULAR, archive: true };
    return { feed, name, path: real, size: info.size, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Lists the inbox: the files to read, bad entries, files left waiting, warnings. */
export async function takeInbox(
  inboxDir: string,
  options: { settleSeconds: number; onWait?: (message: string) => void; now?: () => number },
): Promise<InboxTake> {
  const now = options.now ?? Date.now;
  const take: InboxTake = { files: [], bad: [], waiting: [], warnings: [] };
  let root: string;
  try {
    root = await realpath(inboxDir);
  } catch {
    return take; // no inbox yet: nothing to read
  }
  const feeds = new Set<string>(FEED_NAMES);
  const top = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of top.sort((a, b) => byteOrder(a.name, b.name))) {
    if (entry.name.startsWith('.') || feeds.has(entry.name)) continue;
    if (entry.isDirectory() || entry.isSymbolicLink())
      take.warnings.push(unknownFolderWarning(entry.name));
    else
      take.warnings.push(
        `Berkas "${entry.name}" ada langsung di folder inbox, tidak dibaca: letakkan di subfolder feed-nya (${FEED_NAMES.join(', ')}).`,
      );
  }
  const fresh: Candidate[] = [];
  const settleMs = Math.max(0, options.settleSeconds) * 1000;
  for (const feed of FEED_NAMES) {
    const folder = path.join(root, feed);
    let dir: string;
    try {
      dir = await realpath(folder);
    } catch (error) {
      if (errno(error) !== 'ENOENT')
        take.warnings.push(`Folder inbox "${feed}" tidak dapat dibuka (${errno(error)}).`);
      continue;
    }
    if (!inside(root, dir)) {
      take.warnings.push(
        `Folder inbox "${feed}" adalah tautan ke luar folder inbox: tidak dibaca.`,
      );
      continue;
    }
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (errno(error) !== 'ENOTDIR')
        take.warnings.push(`Folder inbox "${feed}" tidak dapat dibaca (${errno(error)}).`);
      else take.warnings.push(`"${feed}" di inbox adalah berkas, bukan folder: tidak dibaca.`);
      continue;
    }
    // Subfolders are read too (`dtsen/2026-09/keluarga.csv`: the folder may name the periode);
    // a file's name is its path below the feed folder, with `/`.
    const queue = names.sort(byteOrder);
    while (queue.length > 0) {
      const name = queue.shift()!;
      const base = path.posix.basename(name);
      if (base.startsWith('.')) continue; // editor files, uploads in progress
      if (base.toLowerCase().endsWith('.part')) {
        take.waiting.push({
          feed,
          file: name,
          reason: 'Unggahan belum selesai (.part): dibaca setelah diganti namanya.',
        });
        continue;
      }
      const found = await examine(root, feed, dir, name);
      if ('subfolder' in found) {
        const inner = await readdir(path.join(dir, name)).catch(() => null);
        const segments = name.split('/');
        const depth =
          segments.length - (segments.some((s) => s.toLowerCase() === MERGE_FOLDER) ? 1 : 0);
        if (inner === null || depth >= MAX_SUBFOLDER_DEPTH)
          take.warnings.push(
            `Subfolder "${feed}/${name}" tidak dibaca${inner === null ? '' : ' (terlalu dalam)'}: letakkan berkas di folder "${feed}" atau satu tingkat di bawahnya.`,
          );
        else queue.push(...inner.sort(byteOrder).map((n) => `${name}/${n}`));
        queue.sort(byteOrder);
      } else if ('bad' in found) {
        take.bad.push({ feed, name, message: found.bad, archive: found.archive });
      } else if (now() - found.mtimeMs >= settleMs) {
        take.files.push(found);
      } else fresh.push(found);
    }
  }
  if (fresh.length > 0) {
    // Watch the recently changed files until each has been still for the settle interval
    // (at most the interval: an mtime in the future, from a skewed clock, waits that long).
    const until = Math.max(...fresh.map((f) => f.mtimeMs + settleMs));
    const waitMs = Math.min(settleMs, Math.max(0, until - now()));
    options.onWait?.(
      `menunggu ${fresh.length} berkas yang baru berubah (${Math.ceil(waitMs / 1000)} detik)`,
    );
    await new Promise((r) => setTimeout(r, waitMs));
    for (const file of fresh) {
      const change = await changed(file);
      if (change === 'gone')
        take.bad.push({
          feed: file.feed,
          name: file.name,
          message: openProblem('ENOENT'),
          archive: false,
        });
      else if (change) take.waiting.push(stillWriting(file, options.settleSeconds));
      else take.files.push(file);
    }
  }
  const order = FEED_NAMES;
  const sort = <T extends { feed: string; name: string }>(list: T[]) =>
    list.sort(
      (a, b) =>
        order.indexOf(a.feed as FeedName) - order.indexOf(b.feed as FeedName) ||
        byteOrder(a.name, b.name),
    );
  sort(take.files);
  sort(take.bad);
  take.waiting.sort((a, b) => byteOrder(`${a.feed}/${a.file}`, `${b.feed}/${b.file}`));
  return take;
}

/** Whether a taken file changed since it was listed: false, true, or 'gone'. */
export async function changed(file: TakenFile): Promise<boolean | 'gone'> {
  try {
    const now = await stat(file.path);
    return now.size !== file.size || now.mtimeMs !== file.mtimeMs;
  } catch {
    return 'gone';
  }
}

export function stillWriting(file: TakenFile, settleSeconds: number): WaitingFile {
  return {
    feed: file.feed,
    file: file.name,
    reason: `Berkas masih berubah (ukuran atau waktu ubah berubah dalam ${settleSeconds} detik terakhir): dibaca pada run berikutnya.`,
  };
}
