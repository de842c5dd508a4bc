/**
 * The import graph (issue 10): the API and the ETL both stand on the warehouse part, which
 * stands on neither. No source of api/ imports from etl/; no source of warehouse/ imports from
 * etl/ or api/ (tests aside: they may drive several parts). What the API and the ETL share (the
 * data folder, the lock, the publish journal, the guard, the masking rule) lives in warehouse/.
 * The contract's column kinds the masking rule needs are generated from etl/feeds.ts into
 * warehouse/contract-kinds.json; this test also fails when that file is stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { contractKindsText } from '../../etl/contract-kinds.js';

/** Which top-level folders a part may not import from. */
const FORBIDDEN: Record<string, string[]> = {
  api: ['etl'],
  warehouse: ['etl', 'api'],
};

function sources(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
    .filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.endsWith('.d.ts'));
}

/** The repository paths a source imports (static, re-exports, dynamic), relative ones only. */
export function importsOf(file: string, source: string): string[] {
  const specs = [
    ...source.matchAll(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)));
}

function violations(file: string, source: string): string[] {
  const part = file.split('/')[0]!;
  return importsOf(file, source)
    .filter((target) => (FORBIDDEN[part] ?? []).includes(target.split('/')[0]!))
    .map((target) => `${file} → ${target}`);
}

describe('import graph', () => {
  it('finds a planted import, static, re-exported or dynamic', () => {
    expect(violations('api/x/y.ts', `import { a } from '../../etl/lock.js';`)).toEqual([
      'api/x/y.ts → etl/lock.js',
    ]);
    expect(violations('api/y.ts', `export { b } from '../etl/publish.js';`)).toHaveLength(1);
    expect(violations('warehouse/z.ts', `const m = await import('../api/main.js');`)).toHaveLength(
      1,
    );
    expect(
      violations('warehouse/z.ts', `import type {\n  T,\n} from '../etl/feeds.js';`),
    ).toHaveLength(1);
    expect(violations('api/x/y.ts', `import { a } from '../../warehouse/lock.js';`)).toEqual([]);
    expect(violations('etl/run.ts', `import { a } from '../api/x.js';`)).toEqual([]);
  });

  it('api/ imports nothing from etl/, warehouse/ nothing from etl/ or api/', () => {
    const found = Object.keys(FORBIDDEN).flatMap((dir) =>
      sources(dir).flatMap((f) => violations(f, readFileSync(path.join(repoRoot, f), 'utf8'))),
    );
    expect(found).toEqual([]);
  });

  it('warehouse/contract-kinds.json is what etl/feeds.ts gives (npm run gen:contract-kinds)', () => {
    expect(readFileSync(path.join(repoRoot, 'warehouse/contract-kinds.json'), 'utf8')).toBe(
      contractKindsText(),
    );
  });
});
