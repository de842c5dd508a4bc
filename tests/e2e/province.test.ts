/**
 * A province instance in real headless Chromium (issue 13): the product as operators run it
 * (node dist/api/main.js) with REGION_CODE=62 (Kalimantan Tengah) on the sample inbox of Kapuas.
 * The home page draws the kabupaten map (14 kabupaten/kota, outlines dissolved from the national
 * kecamatan file) and table; a click on Kapuas opens its kecamatan map, a click on a kecamatan its
 * desa map; breadcrumbs lead back up; a kabupaten without desa boundaries says so on its desa
 * map. A PIMPINAN bound to Kapuas lands on Kapuas and has no province-wide menu entry. No console
 * errors, no failed request.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFetch,
  type ProductProcess,
  spawnProduct,
  TEST_ADMIN_PASSWORD,
  whenPublished,
} from '../api/support.js';
import { samplesInbox } from '../support/sample-data.js';
import {
  hasChromium,
  launch,
  openPage,
  pointInside,
  screenshot,
  settle,
  useProduct,
  waitUntil,
} from './support/browser.js';

const ADMIN = { username: 'admin', password: TEST_ADMIN_PASSWORD };
const BUPATI = { username: 'bupati.kapuas', password: 'pimpinan-kapuas-2024' };
/** Kecamatan Selat, Kapuas: shipped desa boundaries. */
const SELAT = '62.03.01';

let root = '';
let product: ProductProcess | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  if (!hasChromium) return;
  root = await mkdtemp(path.join(tmpdir(), 'e2e-provinsi-'));
  const inboxDir = path.join(root, 'inbox');
  await cp(samplesInbox, inboxDir, { recursive: true });
  product = await whenPublished(
    await spawnProduct(path.join(root, 'data'), inboxDir, { env: { REGION_CODE: '62' } }),
  );
  useProduct(product.url);
  browser = await launch();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  product?.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (root) await rm(root, { recursive: true, force: true });
});

/** Waits until the page's map has drawn exactly `n` polygons (a reused map redraws in place). */
async function mapDrawn(page: Page, n: number): Promise<void> {
  await waitUntil(
    page,
    `document.querySelector('[data-testid="map"]')?.getAttribute('data-drawn') === '${n}' && ` +
      `document.querySelectorAll('[data-testid="map"] path[data-code]').length === ${n}`,
  );
}

async function clickArea(page: Page, code: string): Promise<void> {
  const { x, y } = await pointInside(page, code);
  await page.mouse.click(x, y);
}

const crumbs = (page: Page) => page.locator('.breadcrumb').first().innerText();

describe.skipIf(!hasChromium)('a province instance (REGION_CODE=62)', () => {
  it('draws the kabupaten map, drills down to a kabupaten, a kecamatan and its desa', async () => {
    const { page, context, problems } = await openPage(browser!, undefined, ADMIN);
    try {
      await page.goto(`${product!.url}/?indikator=registri_individu`);
      await mapDrawn(page, 14);
      expect(await page.getByTestId('ringkasan-title').innerText()).toContain('Kalimantan Tengah');
      const table = page.getByTestId('kabupaten-table');
      await table.waitFor();
      expect(await table.innerText()).toContain('Kabupaten Kapuas');
      await settle(page);
      await screenshot(page, 'provinsi-peta-kabupaten');

      // Kapuas on the map: its summary with the kecamatan map (17 kecamatan).
      await clickArea(page, '62.03');
      await page.waitForURL((u) => u.pathname === '/kabupaten/62.03');
      await mapDrawn(page, 17);
      await page.getByTestId('ringkasan-title').filter({ hasText: 'Kabupaten Kapuas' }).waitFor();
      expect(await crumbs(page)).toContain('Kalimantan Tengah');
      expect(await page.getByTestId('kecamatan-table').innerText()).toContain('Selat');
      await settle(page);
      await screenshot(page, 'provinsi-kabupaten-kapuas');

      // A kecamatan on the map: its desa map (shipped Kapuas boundaries).
      await clickArea(page, SELAT);
      await page.waitForURL((u) => u.pathname === `/kecamatan/${SELAT}`);
      await page.locator('[data-testid="map"] path[data-code]').first().waitFor();
      const desa = await page.locator('[data-testid="map"] path[data-code]').count();
      expect(desa).toBeGreaterThan(5);
      await page.locator('.breadcrumb', { hasText: 'Kabupaten Kapuas' }).waitFor();
      const trail = await crumbs(page);
      expect(trail).toContain('Kalimantan Tengah');
      expect(trail).toContain('Kabupaten Kapuas');
      expect(trail).toContain('Kecamatan Selat');

      // Back up through the breadcrumb to the kabupaten.
      await page.locator('.breadcrumb a', { hasText: 'Kabupaten Kapuas' }).click();
      await page.waitForURL((u) => u.pathname === '/kabupaten/62.03');
      await mapDrawn(page, 17);

      // A kabupaten without desa boundaries: kecamatan map, then the desa map says so.
      await page.goto(`${product!.url}/kabupaten/62.01?indikator=registri_individu`);
      await waitUntil(
        page,
        `Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-drawn')) > 0`,
      );
      const first = await page
        .locator('[data-testid="map"] path[data-code]')
        .first()
        .getAttribute('data-code');
      expect(first).toMatch(/^62\.01\.\d{2}$/);
      await clickArea(page, first!);
      await page.waitForURL((u) => u.pathname === `/kecamatan/${first}`);
      await page.getByTestId('map-no-boundaries').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('map-no-boundaries').innerText()).toContain(
        'Batas desa belum tersedia',
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens the other views of the province without console errors', async () => {
    const views = [
      { path: '/kecamatan', ready: '[data-testid="kecamatan-list"] li' },
      { path: '/desa/62.03.01.1010', ready: '[data-testid="desa-title"]' },
      { path: '/rujukan', ready: '[data-testid="agency-table"]' },
      { path: '/cakupan', ready: '[data-testid="gap-table"] tbody tr' },
      { path: '/anggaran', ready: '[data-testid="cost-total"]' },
      { path: '/data', ready: '[data-testid="runs-table"] tbody tr' },
      { path: '/pokja', ready: 'h1' },
      { path: '/presentasi', ready: '[data-testid="slide-title"]' },
    ];
    for (const v of views) {
      const { page, context, problems } = await openPage(browser!, undefined, ADMIN);
      try {
        await page.goto(product!.url + v.path);
        await page.locator(v.ready).first().waitFor({ timeout: 30_000 });
        await settle(page);
        await screenshot(page, `provinsi${v.path.replaceAll('/', '-')}`);
        expect(problems, v.path).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('a PIMPINAN bound to Kapuas lands on Kapuas, without the province summary', async () => {
    const made = await apiFetch(`${product!.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...BUPATI, role: 'PIMPINAN', area: '62.03' }),
    });
    expect(made.status, await made.clone().text()).toBe(201);
    const { page, context, problems } = await openPage(browser!, undefined, BUPATI);
    try {
      await page.goto(`${product!.url}/`);
      await page.waitForURL((u) => u.pathname === '/kabupaten/62.03');
      await mapDrawn(page, 17);
      const nav = await page.locator('nav').first().innerText();
      expect(nav).not.toContain('Ringkasan');
      expect(nav).toContain('Kabupaten');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
