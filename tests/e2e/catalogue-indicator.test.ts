/**
 * Adding an indicator touches the catalogue and its SQL, nothing in api/ or web/ (issue 10).
 * A copy of the built product (dist/, the warehouse's data files: catalogue, models, checks; api/,
 * etl/, web/ and node_modules shared read-only) gets one test-only indicator: a catalogue entry
 * and one line of SQL. The product started from that copy on the demo data builds it, the API
 * serves it (catalogue, values, scorecard) with figures computed by the SQL line, and the web app
 * lists it on the overview page. The compiled API and the built web app are this repository's,
 * unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { getJson, repoRoot, startProduct, type Product } from './support/product.js';
import { hasChromium, launch, openPage, useProduct, waitUntil } from './support/browser.js';

const ID = 'uji_dtks_ganda';
const LABEL = 'Uji: dua kali individu DTKS';

interface ValueRow {
  code: string;
  numerator: number | null;
  value: number | null;
}

/** The product's copy with the test-only indicator; returns its root. */
function copyWithIndicator(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pokja-catalogue-'));
  cpSync(path.join(repoRoot, 'dist'), path.join(root, 'dist'), { recursive: true });
  // The warehouse's data (catalogue, models, checks, contract kinds); its code runs from dist/.
  cpSync(path.join(repoRoot, 'warehouse'), path.join(root, 'warehouse'), {
    recursive: true,
    filter: (from) => !from.endsWith('.ts'),
  });
  for (const shared of ['api', 'etl', 'web', 'node_modules', 'package.json'])
    symlinkSync(path.join(repoRoot, shared), path.join(root, shared));

  const catalogue = JSON.parse(
    readFileSync(path.join(repoRoot, 'warehouse/catalogue.json'), 'utf8'),
  ) as Record<string, unknown>[];
  const template = catalogue.find((e) => e.category === 'dtks' && e.unit === 'count')!;
  catalogue.push({
    ...template,
    id: ID,
    label_id: LABEL,
    label_en: 'Test: twice the DTKS people',
    description_id: 'Indikator uji: dua kali jumlah individu DTKS.',
    description_en: 'Test indicator: twice the number of DTKS people.',
    sort_order: Math.max(...catalogue.map((e) => Number(e.sort_order))) + 10,
  });
  writeFileSync(path.join(root, 'warehouse/catalogue.json'), JSON.stringify(catalogue, null, 2));

  // Its SQL: one more measure of the desa model, from the registry head count.
  const model = path.join(root, 'warehouse/models/intermediate/int_indicator_desa_combined.sql');
  const sql = readFileSync(model, 'utf8');
  const anchor = /\n\s*UNION ALL SELECT [^\n]* FROM registri\n/.exec(sql);
  if (!anchor)
    throw new Error('int_indicator_desa_combined.sql: no registry measure to add beside');
  const line = `\n  UNION ALL SELECT '${ID}', period, kode_desa, 2 * individu, 0 FROM registri`;
  writeFileSync(model, sql.replace(anchor[0], `${line}${anchor[0]}`));
  return root;
}

describe('an indicator added in the catalogue and its SQL only', () => {
  let root = '';
  let product: Product | null = null;
  let browser: Browser | null = null;

  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, 'dist/api/main.js')))
      throw new Error('dist/api/main.js missing: run npm run build');
    root = copyWithIndicator();
    product = await startProduct({ root });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('is served by the API with the figures its SQL computes', async () => {
    const base = product!.baseUrl;
    const { indicators } = await getJson<{
      indicators: { id: string; label: { id: string }; category: string; unit: string }[];
    }>(base, '/api/indicators');
    expect(indicators.at(-1)).toMatchObject({ id: ID, label: { id: LABEL } });

    const meta = await getJson<{ region: { code: string }; latest_period: string }>(
      base,
      '/api/meta',
    );
    const q = `level=kecamatan&parent=${meta.region.code}&period=${meta.latest_period}`;
    // The DTKS head count the new indicator doubles (the entry it was copied from).
    const headCount = indicators.find((i) => i.category === 'dtks' && i.unit === 'count')!;
    const [added, people] = await Promise.all([
      getJson<{ rows: ValueRow[] }>(base, `/api/indicators/${ID}/values?${q}`),
      getJson<{ rows: ValueRow[] }>(base, `/api/indicators/${headCount.id}/values?${q}`),
    ]);
    expect(added.rows.length).toBeGreaterThan(0);
    const byCode = new Map(people.rows.map((r) => [r.code, r.value]));
    for (const r of added.rows) expect(r.value).toBe(2 * (byCode.get(r.code) ?? NaN));

    const scorecard = await getJson<{ rows: { indicator: { id: string } }[] }>(
      base,
      `/api/scorecard?area=${meta.region.code}&period=${meta.latest_period}`,
    );
    expect(scorecard.rows.map((r) => r.indicator.id)).toContain(ID);
  });

  it.skipIf(!hasChromium)('is listed by the web app', async () => {
    browser = await launch();
    useProduct(product!.baseUrl);
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product!.baseUrl}/?indikator=${ID}`);
    await waitUntil(page, `document.body.innerText.includes(${JSON.stringify(LABEL)})`);
    await page.locator('.kpi', { hasText: LABEL }).first().waitFor({ timeout: 30_000 });
    expect(problems).toEqual([]);
    await context.close();
  });
});
