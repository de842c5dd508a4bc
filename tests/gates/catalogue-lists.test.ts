/**
 * The catalogue drives the consumers: no API or web source hard-codes a list of indicator ids
 * (an array literal holding two or more ids of warehouse/catalogue.json). Which indicators a page
 * or endpoint shows comes from catalogue fields (`gap_column`, `cakupan_map`, `category`, …)
 * served by the API. The lists still written by hand are named in KNOWN below, each with its
 * reason; an entry that no longer matches a list in its file fails too, so KNOWN only shrinks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { catalogue } from '../../warehouse/catalogue.js';

const IDS = new Set(catalogue.map((e) => e.id));

/** Hand lists not yet moved into the catalogue: file → the ids of each list (sorted, joined). */
const KNOWN: Record<string, string[]> = {
  // The five referral indicators of the Rujukan page / breakdown endpoint (issue 10, left).
  'api/rujukan/rujukan.service.ts': [
    'rujukan_masuk,rujukan_median_hari,rujukan_selesai_pct,rujukan_sla_pct,rujukan_tunggakan',
    'rujukan_masuk,rujukan_median_hari,rujukan_selesai_pct,rujukan_tunggakan',
  ],
  'web/src/views/RujukanView.vue': [
    'rujukan_masuk,rujukan_median_hari,rujukan_selesai_pct,rujukan_sla_pct,rujukan_tunggakan',
  ],
  // The Pokja agenda's gap items (issue 10, left).
  'api/pokja/agenda.service.ts': ['gap_bpu,gap_jkn_sasaran,gap_pkh'],
  // The desa profile's headline tiles (issue 10, left).
  'web/src/views/DesaView.vue': ['gap_jkn_sasaran,pbi_sasaran_pct,rujukan_masuk,rujukan_tunggakan'],
  // The inclusion check: desa with PBI members outside the PBI band, shown with their PBI share.
  'web/src/views/CakupanView.vue': [
    'pbi_luar_sasaran,pbi_luar_sasaran,pbi_sasaran_pct,pbi_sasaran_pct',
  ],
};

function sources(dir: string, exts: string[]): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => exts.some((e) => f.endsWith(e)) && !f.includes('.test.'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

/** Each innermost array literal `[ … ]` with two or more catalogue ids: its ids, sorted. */
export function idLists(source: string): string[] {
  const lists: string[] = [];
  for (const m of source.matchAll(/\[([^[\]]*)\]/g)) {
    const ids = [...m[1].matchAll(/(['"`])([a-z0-9_]+)\1/g)]
      .map((s) => s[2])
      .filter((s) => IDS.has(s));
    if (ids.length >= 2) lists.push(ids.sort().join(','));
  }
  return lists;
}

describe('consumers take indicator lists from the catalogue', () => {
  const files = [
    ...sources('api', ['.ts']),
    ...sources('web/src', ['.ts', '.vue']).filter((f) => !f.startsWith('web/src/api/schema')),
  ];

  it('the scan finds a planted hand-written list and ignores single ids', () => {
    const file = path.join(repoRoot, 'web/src/views/CakupanView.vue');
    const source = readFileSync(file, 'utf8');
    const planted = `${source}\nconst TILES = [\n  'uhc_pct',\n  "pkh_pct",\n];\n`;
    expect(idLists(planted).length).toBe(idLists(source).length + 1);
    expect(idLists(planted)).toContain('pkh_pct,uhc_pct');
    expect(idLists(`const sort = ['gap_bpu'];\nconst x = ['a', 'uhc_pct'];`)).toEqual([]);
    expect(files).toContain('api/coverage/coverage.repository.ts');
    expect(files).toContain('web/src/views/CakupanView.vue');
  });

  it('no API or web source has a list of indicator ids besides the known ones', () => {
    const found: Record<string, string[]> = {};
    for (const f of files) {
      const lists = idLists(readFileSync(path.join(repoRoot, f), 'utf8'));
      if (lists.length > 0) found[f] = lists.sort();
    }
    const known = Object.fromEntries(Object.entries(KNOWN).map(([f, l]) => [f, [...l].sort()]));
    expect(found).toEqual(known);
  });
});
