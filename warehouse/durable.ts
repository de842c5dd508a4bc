/**
 * Making a rename survive a power cut or a kill: the file's data, then the folder entry, flushed
 * to disk (fsync) before the next step relies on them.
 */
import { open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** fsync of a file or a folder (a folder: its entries, i.e. renames into it). */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `file` whole or not at all: a temporary file beside it, fsync'd, renamed over it. */
export async function writeDurably(file: string, content: string): Promise<void> {
  await writeFile(`${file}.tmp`, content);
  await syncFile(`${file}.tmp`);
  await rename(`${file}.tmp`, file);
  await syncFile(path.dirname(file));
}
