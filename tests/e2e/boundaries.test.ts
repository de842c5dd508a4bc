/**
 * A kabupaten without shipped desa boundaries (63.01 Tanah Laut) in real headless Chromium: the
 * desa map says "Batas desa belum tersedia — impor di halaman Data" (no empty box, no legend), the
 * Data page lists the areas without a polygon, an admin imports a desa boundary file there
 * (report, preview, accept), and the desa map then draws the imported desa, naming the file in
 * its attribution. The product runs as operators run it (node dist/api/main.js, REGION_CODE 63.01)
 * on the sample inbox with its desa codes moved to Tanah Laut. The boundary file is the synthetic
 * tests/fixtures/geo/tanah-laut-desa.geojson (20 desa of Pelaihari, names only).
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFetch,
  spawnProduct,
  TEST_ADMIN_PASSWORD,
  type ProductProcess,
} from '../api/support.js';
import { samplesInbox } from '../support/sample-data.js';
import {
  hasChromium,
  launch,
  openPage,
  screenshot,
  settle,
  useProduct,
  waitForMap,
  waitUntil,
} from './support/browser.js';
import { repoRoot } from './support/product.js';

const PELAIHARI = '63.01.03';
const TAKISUNG = '63.01.01';
/** Sample desa → Tanah Laut desa (dotted and undotted, as the feeds write them). */
const RECODE: [string, string][] = [
  ['62.03.01.1010', '63.01.03.1003'],
  ['6203011010', '6301031003'],
  ['62.03.06.2001', '63.01.01.2001'],
  ['6203062001', '6301012001'],
  ['62.03.99.2002', '63.01.99.2002'],
];

async function recodeInbox(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await recodeInbox(full);
    else {
      let text = await readFile(full, 'latin1');
      for (const [from, to] of RECODE) text = text.replaceAll(from, to);
      await writeFile(full, text, 'latin1');
    }
  }
}

let root = '';
let product: ProductProcess | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  if (!hasChromium) return;
  root = await mkdtemp(path.join(tmpdir(), 'e2e-batas-'));
  const dataDir = path.join(root, 'data');
  const inboxDir = path.join(root, 'inbox');
  await cp(samplesInbox, inboxDir, { recursive: true });
  await recodeInbox(inboxDir);
  product = await spawnProduct(dataDir, inboxDir, { env: { REGION_CODE: '63.01' } });
  // Ready when the first run has published the warehouse.
  const until = Date.now() + 300_000;
  const json = async <T>(url: string): Promise<T | null> => {
    const res = await apiFetch(url);
    return res.ok ? ((await res.json()) as T) : null;
  };
  for (;;) {
    const meta = await json<{ latest_period: string | null }>(`${product.url}/api/meta`);
    const status = await json<{ running: boolean }>(`${product.url}/api/etl/status`);
    if (meta?.latest_period && status && !status.running) break;
    if (Date.now() > until) throw new Error(`no warehouse in time:\n${product.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  useProduct(product.url);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (product) {
    product.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  }
  if (root) await rm(root, { recursive: true, force: true });
});

const ADMIN = { username: 'admin', password: TEST_ADMIN_PASSWORD };

async function desaMapMessage(page: Page, kecamatan: string): Promise<string | null> {
  await page.goto(`${product!.url}/kecamatan/${kecamatan}`);
  await page.locator('[data-testid="map"]').first().waitFor({ timeout: 30_000 });
  await waitUntil(page, `!document.querySelector('.map-loading')`);
  const box = page.getByTestId('map-no-boundaries');
  return (await box.count()) ? box.innerText() : null;
}

describe.skipIf(!hasChromium)(
  'desa boundaries for a kabupaten without shipped ones (63.01)',
  () => {
    it('says so on the desa map, imports a file on the Data page, then draws the desa', async () => {
      const { page, context, problems } = await openPage(browser!, undefined, ADMIN);
      try {
        // Before: the message, no legend, no polygon.
        const before = await desaMapMessage(page, PELAIHARI);
        expect(before).toContain('Batas desa belum tersedia — impor di halaman Data');
        expect(await page.locator('.map-legend').count()).toBe(0);
        expect(await page.locator('[data-testid="map"] path[data-code]').count()).toBe(0);
        await screenshot(page, 'batas-desa-belum-tersedia');

        // The Data page lists the areas without a polygon: all 135 desa of Tanah Laut.
        await page.goto(`${product!.url}/data`);
        await page.getByTestId('geo-missing-table').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('geo-missing').innerText()).toContain('135 wilayah');

        // Import: upload, report, preview, accept.
        await page
          .getByTestId('boundary-file')
          .setInputFiles(path.join(repoRoot, 'tests/fixtures/geo/tanah-laut-desa.geojson'));
        await page.getByTestId('boundary-upload').click();
        const report = page.getByTestId('boundary-report');
        await report.waitFor({ timeout: 60_000 });
        const text = await report.innerText();
        expect(text).toContain('20 poligon: 20 cocok, 0 tidak cocok');
        expect(text).toContain('20 dari 135 desa referensi mendapat poligon; 115 belum');
        await waitUntil(
          page,
          `document.querySelector('[data-testid="boundary-preview"]')?.getAttribute('data-drawn') === '20'`,
        );
        await screenshot(page, 'batas-impor-laporan', true);
        await page.getByTestId('boundary-accept').click();
        await page.getByTestId('boundary-message').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('boundary-active').innerText()).toContain(
          'tanah-laut-desa.geojson, diimpor oleh admin',
        );
        await waitUntil(
          page,
          `document.querySelector('[data-testid="geo-missing"]')?.innerText.includes('115 wilayah')`,
        );

        // After: the desa map of Pelaihari draws the 20 imported desa, naming the file.
        await page.goto(`${product!.url}/kecamatan/${PELAIHARI}`);
        const drawn = await waitForMap(page);
        expect(drawn).toBe(20);
        expect(await page.getByTestId('map-no-boundaries').count()).toBe(0);
        expect(await page.locator('.leaflet-control-attribution').innerText()).toContain(
          'tanah-laut-desa.geojson (diimpor admin',
        );
        const drawMs = Number(await page.getByTestId('map').getAttribute('data-draw-ms'));
        console.log(`63.01.03 desa map after import: ${drawn} desa drawn in ${drawMs} ms`);
        await settle(page);
        await screenshot(page, 'batas-desa-sesudah-impor');

        // A kecamatan the file did not cover still says so.
        const other = await desaMapMessage(page, TAKISUNG);
        expect(other).toContain('Batas desa belum tersedia');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
