/**
 * The data contract's column kinds (etl/feeds.ts) as the data warehouse/contract-kinds.json holds
 * them for the masking rule (warehouse/mask.ts), which the warehouse and the API apply without
 * importing the ETL. `npm run gen:contract-kinds` writes the file; tests/gates/imports.test.ts
 * fails when it differs from this.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValueKind as MaskKind } from '../warehouse/mask.js';
import { FEEDS, type ValueKind } from './feeds.js';

// The contract's kinds and the masking rule's shapes name the same kinds.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameKinds: Same<ValueKind, MaskKind> = true;
void sameKinds;

/** feed → column → kind, in contract order. */
export function contractKinds(): Record<string, Record<string, ValueKind>> {
  // Rejects are recorded per feed: dtsen's family and member files share one entry.
  const kinds: Record<string, Record<string, ValueKind>> = {};
  for (const f of FEEDS)
    kinds[f.feed] = {
      ...kinds[f.feed],
      ...Object.fromEntries(f.columns.map((c) => [c.name, c.kind])),
    };
  return kinds;
}

/** The file's text: JSON as Prettier writes it (two spaces, a final newline). */
export function contractKindsText(): string {
  return `${JSON.stringify(contractKinds(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root =
    path.basename(path.dirname(here)) === 'dist'
      ? path.resolve(here, '..', '..')
      : path.resolve(here, '..');
  const file = path.join(root, 'warehouse', 'contract-kinds.json');
  writeFileSync(file, contractKindsText());
  process.stdout.write(`${file}\n`);
}
