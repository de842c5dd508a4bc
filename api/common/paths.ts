/**
 * The API runs both from source (Vitest) and from dist/ (npm start); non-TypeScript assets
 * (migrations, geometry, the built ETL) are found from the repository root in both cases.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const apiAssetDir = path.join(repoRoot, 'api');
