/**
 * The repository stands alone and its documents say what the code does:
 * - each generated section of docs/ (tables of feeds, columns, codes, reject reasons; the
 *   indicator catalogue) is exactly what tests/docs/sections.ts writes from the definitions the
 *   product runs on, so changing etl/feeds.ts or warehouse/catalogue.json without the document
 *   fails here;
 * - every indicator of the catalogue has its definition in docs/indicators.md;
 * - no text of the repository points at a folder outside it (a specification folder beside the checkout), and every relative
 *   link of a Markdown file resolves to a file of the repository.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { readCatalogue, readSection, SECTIONS } from './sections.js';

const SKIP = new Set(['node_modules', 'dist', '.git', 'data', '.output', '.work']);

async function repoFiles(dir = repoRoot): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await repoFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

const TEXT = /\.(md|ts|js|mjs|vue|sql|json|sh|yml|yaml|html|css)$|(^|\/)\.ci\/run$/;

describe('docs/', () => {
  for (const section of SECTIONS) {
    it(`${section.doc}: the generated section "${section.name}" matches ${section.source}`, async () => {
      const document = await readFile(path.join(repoRoot, section.doc), 'utf8');
      const current = readSection(document, section);
      expect(
        current,
        `${section.doc} lacks the markers of section "${section.name}"`,
      ).not.toBeNull();
      // Line by line, so a failure shows the rows that differ.
      expect(
        current?.split('\n'),
        `${section.doc} is out of date: run \`${section.script} -- --write\` and commit the document`,
      ).toEqual(section.render().split('\n'));
    });
  }

  it('docs/indicators.md defines every indicator of the catalogue', async () => {
    const document = await readFile(path.join(repoRoot, 'docs', 'indicators.md'), 'utf8');
    const headings = new Set([...document.matchAll(/^### `([a-z0-9_]+)`/gm)].map((m) => m[1]));
    const ids = readCatalogue().map((e) => e.id);
    expect(
      ids.filter((id) => !headings.has(id)),
      'indicators without a "### `id`" definition',
    ).toEqual([]);
    expect(
      [...headings].filter((h) => !ids.includes(h)),
      'definitions of unknown ids',
    ).toEqual([]);
  });
});

describe('the repository stands alone', () => {
  it('no text points at a shared folder outside the repository', async () => {
    const offenders: string[] = [];
    for (const file of await repoFiles()) {
      const relative = path.relative(repoRoot, file);
      if (!TEXT.test(relative) || relative === 'package-lock.json') continue;
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (/(^|[^\w.-])(\.\.\/)*shared\/[\w.-]+/.test(line))
          offenders.push(`${relative}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('every relative link of a Markdown file resolves to a file of the repository', async () => {
    const broken: string[] = [];
    for (const file of await repoFiles()) {
      if (!file.endsWith('.md')) continue;
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1].split('#')[0];
        if (!target || /^[a-z]+:/i.test(target)) continue;
        const resolved = path.resolve(path.dirname(file), target);
        const inside = !path.relative(repoRoot, resolved).startsWith('..');
        if (!inside || !existsSync(resolved))
          broken.push(`${path.relative(repoRoot, file)}: ${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
