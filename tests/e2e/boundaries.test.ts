/**
 * A kabupaten without shipped desa boundaries (63.01 Tanah Laut) in real headless Chromium: the
 * desa map says "Batas desa belum tersedia — impor di halaman Data" (no empty box, no legend), the
 * Data page lists the areas without a polygon, an admin imports a desa boundary file there
 * (report, preview, accept), and the desa map then draws the imported desa, naming the file in
 * its attribution. The product runs as operators run it (node dist/api/main.js, REGION_CODE 63.01)
 * on the sample inbox with its desa codes moved to Tanah Laut. The boundary file is the synthetic
 * tests/fixtures/geo/tanah-laut-desa.geojson (20 desa of Pelaihari, names only).
 * Then Kapuas (the sample data): its 231 desa imported from a UTM 50S Shapefile (made here with
 * mapshaper from the shipped file) must not make /api/geo larger nor the 231-desa map (Cakupan
 * at desa level) slower to draw than the shipped boundaries.
 */
import mapshaper from 'mapshaper';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFetch,
  spawnProduct,
  TEST_ADMIN_PASSWORD,
  type ProductProcess,
  whenPublished,
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

const roots: string[] = [];
const products: ProductProcess[] = [];
let product: ProductProcess | null = null;
let browser: Browser | null = null;

/** The product on the sample inbox (recoded to Tanah Laut or not), once it has a warehouse. */
async function start(region: '63.01' | '62.03'): Promise<ProductProcess> {
  const root = await mkdtemp(path.join(tmpdir(), 'e2e-batas-'));
  roots.push(root);
  const dataDir = path.join(root, 'data');
  const inboxDir = path.join(root, 'inbox');
  await cp(samplesInbox, inboxDir, { recursive: true });
  if (region === '63.01') await recodeInbox(inboxDir);
  const started = await spawnProduct(dataDir, inboxDir, { env: { REGION_CODE: region } });
  products.push(started);
  return whenPublished(started);
}

beforeAll(async () => {
  if (!hasChromium) return;
  product = await start('63.01');
  useProduct(product.url);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  for (const p of products) p.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const root of roots) await rm(root, { recursive: true, force: true });
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.skipIf(!hasChromium)('a whole kabupaten imported (Kapuas, 231 desa)', () => {
  it('serves no more bytes or vertices for the 231-desa map than the shipped file', async () => {
    const kapuas = await start('62.03');
    useProduct(kapuas.url);
    const measure = async () => {
      const body = await (await apiFetch(`${kapuas.url}/api/geo`)).text();
      const draws: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { page, context, problems } = await openPage(browser!, undefined, ADMIN);
        await page.goto(`${kapuas.url}/cakupan?tingkat=desa`);
        await waitUntil(
          page,
          `document.querySelector('[data-testid="map"]')?.getAttribute('data-drawn') === '231'`,
        );
        draws.push(Number(await page.getByTestId('map').getAttribute('data-draw-ms')));
        expect(problems).toEqual([]);
        await context.close();
      }
      const arcs = (JSON.parse(body) as { arcs: number[][][] }).arcs;
      return {
        bytes: body.length,
        gzip: gzipSync(body).length,
        vertices: arcs.reduce((n, a) => n + a.length, 0),
        drawMs: median(draws),
        draws,
      };
    };
    const shipped = await measure();

    const topo = await readFile(path.join(repoRoot, 'api/geo/62.03-kab-kapuas.topo.json'), 'utf8');
    const files = await mapshaper.applyCommands(
      '-i k.json -target desa -each \'KDEPUM=code.replace(/\\./g, "")\' -filter-fields KDEPUM ' +
        '-proj EPSG:32750 -o format=shapefile zip',
      { 'k.json': topo },
    );
    const form = new FormData();
    form.append('berkas', new Blob([files['output.zip']!]), 'kapuas-desa-utm50s.zip');
    const uploaded = await apiFetch(`${kapuas.url}/api/geo/imports?code_column=KDEPUM`, {
      method: 'POST',
      body: form,
    });
    const pending = (await uploaded.json()) as { id: string; report: { areas_matched: number } };
    expect(uploaded.status, JSON.stringify(pending)).toBe(201);
    expect(pending.report.areas_matched).toBe(231);
    const accepted = await apiFetch(`${kapuas.url}/api/geo/imports/${pending.id}/accept`, {
      method: 'POST',
    });
    expect(accepted.status).toBe(200);
    const imported = await measure();
    const geo = JSON.parse(await (await apiFetch(`${kapuas.url}/api/geo`)).text()) as {
      sources: { kind: string }[];
    };
    expect(geo.sources.map((s) => s.kind)).toEqual(['imported', 'imported']);

    console.log(
      `Kapuas /api/geo: shipped ${shipped.bytes} B (gzip ${shipped.gzip}, ${shipped.vertices} ` +
        `vertices), imported ${imported.bytes} B (gzip ${imported.gzip}, ${imported.vertices} ` +
        `vertices); 231-desa map draw median: shipped ` +
        `${shipped.drawMs} ms ${JSON.stringify(shipped.draws)}, imported ${imported.drawMs} ms ` +
        `${JSON.stringify(imported.draws)}`,
    );
    expect(imported.bytes).toBeLessThanOrEqual(shipped.bytes);
    expect(imported.gzip).toBeLessThanOrEqual(shipped.gzip);
    // What the draw time follows: the same 231 polygons with no more vertices. The timings are
    // printed; on a shared machine they vary by 2–3× between runs, so only a gross slowdown fails.
    expect(imported.vertices).toBeLessThanOrEqual(shipped.vertices);
    expect(imported.drawMs).toBeLessThanOrEqual(shipped.drawMs * 2 + 100);
  });
});
