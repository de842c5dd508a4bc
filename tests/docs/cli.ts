/**
 * `npm run docs:contract [-- --write]`, `npm run docs:indicators [-- --write]`: prints the
 * generated section of docs/data-contract.md or docs/indicators.md (tests/docs/sections.ts);
 * `--write` puts it into the document between its markers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../api/common/paths.js';
import { SECTIONS, writeSection } from './sections.js';

const { values, positionals } = parseArgs({
  options: { write: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const section = SECTIONS.find((s) => s.name === positionals[0]);
if (!section) {
  process.stderr.write(
    `Pemakaian: node dist/tests/docs/cli.js ${SECTIONS.map((s) => s.name).join('|')} [--write]\n`,
  );
  process.exit(2);
}
const body = section.render();
if (values.write) {
  const file = path.join(repoRoot, section.doc);
  await writeFile(file, writeSection(await readFile(file, 'utf8'), section, body));
  process.stdout.write(`${section.doc}: bagian "${section.name}" ditulis ulang\n`);
} else process.stdout.write(body + '\n');
