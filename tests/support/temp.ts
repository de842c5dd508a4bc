/** Temporary folders of one test file, removed when the file's tests are done. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Call at the top level of a test file: returns a maker of fresh folders named `<prefix>…`. */
export function tempDirs(prefix: string): () => Promise<string> {
  const roots: string[] = [];
  afterAll(async () => {
    await Promise.all(roots.map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    roots.push(dir);
    return dir;
  };
}
