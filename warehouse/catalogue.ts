/**
 * The indicator catalogue (`catalogue.json`) as data for code that needs it before a warehouse
 * exists (the API's OpenAPI document, its parameter checks). The warehouse loads the same file
 * into `indicator_catalogue`; a served warehouse always has this file's version (model_version).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CatalogueEntry {
  id: string;
  unit: string;
  direction: string;
  category: string;
  sort_order: number;
  feeds: string[];
  /** Position of the indicator in the per-desa gap table (GET /api/cakupan/gaps), else null. */
  gap_column: number | null;
  /** Shown on the coverage page's map and tiles. */
  cakupan_map: boolean;
}

function cataloguePath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '..', '..', 'warehouse')].map((dir) =>
    path.join(dir, 'catalogue.json'),
  );
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`warehouse/catalogue.json not found beside ${here}`);
  return found;
}

export const catalogue: readonly CatalogueEntry[] = JSON.parse(
  readFileSync(cataloguePath(), 'utf8'),
) as CatalogueEntry[];

/** The gap table's indicator columns, in the order of their `gap_column`. */
export const gapColumns: readonly string[] = catalogue
  .filter((e) => e.gap_column !== null)
  .sort((a, b) => a.gap_column! - b.gap_column!)
  .map((e) => e.id);
