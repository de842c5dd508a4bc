/**
 * The catalogue drives the consumers: no API or web source spells an indicator id of
 * warehouse/catalogue.json — not in a list, not as a default, not in a comment. Which indicators
 * a page or endpoint shows, in which order, and how it treats them come from catalogue fields
 * (`category`, `gap_column`, `cakupan_map`, `desa_trend`, `inclusion_column`, `agenda_gap`,
 * `agency_field`, `rujukan_trend`, `area_count`, `feeds`) served by GET /api/indicators or read
 * from warehouse/catalogue.ts; so an indicator can be added or renamed in the catalogue and its
 * SQL alone (tests/e2e/catalogue-indicator.test.ts adds one).
 * Generated files (web/src/api/schema.d.ts, openapi.json) and tests are not scanned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { catalogue } from '../../warehouse/catalogue.js';

const IDS = new Set(catalogue.map((e) => e.id));

function sources(dir: string, exts: string[]): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
    .filter((f) => exts.some((e) => f.endsWith(e)) && !f.includes('.test.'));
}

/** The indicator ids a source spells (as whole words), sorted, each once. */
export function idsIn(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/[A-Za-z0-9_]+/g)) if (IDS.has(m[0])) found.add(m[0]);
  return [...found].sort();
}

describe('consumers take indicators from the catalogue', () => {
  const files = [
    ...sources('api', ['.ts']),
    ...sources('web/src', ['.ts', '.vue']).filter(
      (f) => !f.startsWith('web/src/api/schema') && !f.startsWith('web/src/test/'),
    ),
  ];

  it('the scan finds a planted id and ignores longer words holding one', () => {
    const file = path.join(repoRoot, 'web/src/views/CakupanView.vue');
    const source = readFileSync(file, 'utf8');
    const id = catalogue[0]!.id;
    expect(idsIn(`${source}\nconst first = '${id}';\n`)).toEqual([id]);
    expect(idsIn(`// see ${id}`)).toEqual([id]);
    expect(idsIn(`const x = '${id}_lama', y = 'x${id}';`)).toEqual([]);
    expect(files).toContain('api/coverage/coverage.repository.ts');
    expect(files).toContain('api/rujukan/rujukan.service.ts');
    expect(files).toContain('web/src/views/CakupanView.vue');
    expect(files).toContain('web/src/views/RujukanView.vue');
  });

  it('no API or web source spells an indicator id', () => {
    const found: Record<string, string[]> = {};
    for (const f of files) {
      const ids = idsIn(readFileSync(path.join(repoRoot, f), 'utf8'));
      if (ids.length > 0) found[f] = ids;
    }
    expect(found).toEqual({});
  });
});
