/**
 * The lint gate covers what it promises: the web app's TypeScript and Vue single-file components
 * get the same type-aware rules as the server (a floating promise, a switch that misses a case),
 * and the Vue files get eslint-plugin-vue's rules. Each case lints a real file of the repository
 * with a planted fault (ESLint's lintText: the file's path, other contents) and expects the rule
 * to report it; the unchanged file must lint clean.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';

const eslint = new ESLint({ cwd: repoRoot });

const FLOATING = `\nconst probeAsync = async (): Promise<number> => 1;\nprobeAsync();\n`;
const SWITCH = `\nexport function probeSwitch(x: 'a' | 'b'): number {\n  switch (x) {\n    case 'a':\n      return 1;\n  }\n  return 0;\n}\n`;

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

/** Inserts code at the start of the file's `<script setup>` block. */
async function vueWith(file: string, code: string): Promise<string> {
  const source = await readFile(path.join(repoRoot, file), 'utf8');
  const open = '<script setup lang="ts">\n';
  expect(source).toContain(open);
  return source.replace(open, open + code);
}

describe('lint gate', () => {
  const vue = 'web/src/components/KpiTile.vue';
  const webTs = 'web/src/lib/format.ts';
  const webTest = 'web/src/lib/format.test.ts';

  it('lints .vue files with the type-aware rules of the server', async () => {
    expect(await eslint.isPathIgnored(path.join(repoRoot, vue))).toBe(false);
    expect(await ruleIds(vue, await readFile(path.join(repoRoot, vue), 'utf8'))).toEqual([]);
    expect(await ruleIds(vue, await vueWith(vue, FLOATING))).toContain(
      '@typescript-eslint/no-floating-promises',
    );
    expect(await ruleIds(vue, await vueWith(vue, SWITCH))).toContain(
      '@typescript-eslint/switch-exhaustiveness-check',
    );
  }, 180_000);

  it("lints .vue templates with eslint-plugin-vue's rules", async () => {
    const source = await readFile(path.join(repoRoot, vue), 'utf8');
    const planted = source.replace(
      '<template>\n',
      '<template>\n  <li v-for="x in [1, 2]">{{ x }}</li>\n',
    );
    expect(planted).not.toBe(source);
    expect(await ruleIds(vue, planted)).toContain('vue/require-v-for-key');
  }, 180_000);

  it('lints the web TypeScript and its tests with the type-aware rules', async () => {
    for (const file of [webTs, webTest]) {
      const source = await readFile(path.join(repoRoot, file), 'utf8');
      expect(await ruleIds(file, source), file).toEqual([]);
      expect(await ruleIds(file, source + FLOATING), file).toContain(
        '@typescript-eslint/no-floating-promises',
      );
      expect(await ruleIds(file, source + SWITCH), file).toContain(
        '@typescript-eslint/switch-exhaustiveness-check',
      );
    }
  }, 180_000);
});

describe('CI gate', () => {
  it(".ci/run runs the README's full check, not only the tests", async () => {
    const script = await readFile(path.join(repoRoot, '.ci', 'run'), 'utf8');
    const commands = script.split('\n').filter((l) => /^\s*npm run|^\s*npm test/.test(l));
    expect(commands.map((l) => l.trim())).toEqual(['npm run check']);
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const part of [
      'prettier --check',
      'tsc -p tsconfig.json',
      'typecheck:web',
      'eslint .',
      'npm test',
    ])
      expect(pkg.scripts.check).toContain(part);
  });
});
