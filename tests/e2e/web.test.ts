/**
 * The web app in real headless Chromium against the running product on demo data: every view
 * loads without console errors, figures on screen equal the API's, drill-down, URL state, exports
 * and presentation mode work. Screenshots of every view go to tests/.output/screenshots/.
 * One product process serves the whole file (starting it generates demo data and runs the ETL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { AS_OF, getJson, startProduct, type Product } from './support/product.js';
import { roleTests } from './roles.suite.js';
import {
  hasChromium,
  launch,
  openPage,
  pointInside,
  screenshot,
  settle,
  waitForMap,
  waitUntil,
  useProduct,
} from './support/browser.js';

interface Indicator {
  id: string;
  unit: 'count' | 'percent' | 'days' | 'rupiah';
  direction: string;
  label: { id: string };
}
interface ValueRow {
  code: string;
  name: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}
interface Meta {
  region: { code: string; name: string };
  latest_period: string;
  periods: string[];
}

/** Set by the app once the service worker controls the page and holds what it showed. */
const OFFLINE_READY = 'document.documentElement.dataset.offlineReady !== undefined';

// Expected text is built with the platform's Intl directly, from the format rules of the brief
// ('66,7%', '1.234', '8 hari'), not with the app's own formatter.
const id1 = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const id0 = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
function expectedText(value: number | null, unit: Indicator['unit']): string | null {
  if (value === null) return '–';
  if (unit === 'percent') return `${id1.format(value)}%`;
  if (unit === 'count') return id0.format(value);
  if (unit === 'days')
    return `${Number.isInteger(value) ? id0.format(value) : id1.format(value)} hari`;
  return null; // rupiah tiles use the short form; checked by raw value only
}

/** RFC 4180 rows: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trim().split(/\r\n/)) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = !quoted;
      } else if (ch === ',' && !quoted) {
        cells.push(cell);
        cell = '';
      } else {
        cell += ch;
      }
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

if (!hasChromium)
  console.warn(
    'SKIPPED web e2e: /usr/bin/chromium is missing. Install it: apt-get install -y chromium',
  );

describe.skipIf(!hasChromium)('web app in Chromium against the running product', () => {
  let product: Product;
  let browser: Browser;
  let meta: Meta;
  let indicators: Indicator[];
  let kecamatan: ValueRow[];

  beforeAll(async () => {
    product = await startProduct();
    useProduct(product.baseUrl);
    browser = await launch();
    meta = await getJson<Meta>(product.baseUrl, '/api/meta');
    indicators = (await getJson<{ indicators: Indicator[] }>(product.baseUrl, '/api/indicators'))
      .indicators;
    kecamatan = (
      await getJson<{ rows: ValueRow[] }>(
        product.baseUrl,
        `/api/indicators/${indicators[0]!.id}/values?level=kecamatan&parent=${meta.region.code}`,
      )
    ).rows;
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('loads every view without console errors and writes a screenshot of each', async () => {
    const kec = kecamatan[0]!.code;
    const desaCode = (
      await getJson<{ children: { code: string }[] }>(product.baseUrl, `/api/areas/${kec}`)
    ).children[0]!.code;
    const views: {
      name: string;
      path: string;
      ready: string;
      map?: boolean;
      viewport?: { width: number; height: number };
    }[] = [
      { name: 'ringkasan', path: '/', ready: '.kpi', map: true },
      {
        name: 'kecamatan',
        path: `/kecamatan/${kec}`,
        ready: '[data-testid="desa-table"] tbody tr',
        map: true,
      },
      {
        name: 'desa',
        path: `/desa/${desaCode}`,
        ready: '[data-testid="desa-trends"] canvas',
      },
      { name: 'rujukan', path: '/rujukan', ready: '[data-testid="agency-table"]' },
      { name: 'cakupan', path: '/cakupan', ready: '[data-testid="gap-table"] tbody tr', map: true },
      { name: 'anggaran', path: '/anggaran', ready: '[data-testid="cost-total"]' },
      { name: 'data', path: '/data', ready: '[data-testid="runs-table"] tbody tr' },
      {
        name: 'presentasi',
        path: '/presentasi',
        ready: '[data-testid="slide-title"]',
        map: true,
        viewport: { width: 1024, height: 768 },
      },
    ];
    for (const v of views) {
      const { page, context, problems } = await openPage(browser, v.viewport);
      await page.goto(product.baseUrl + v.path);
      try {
        await page.locator(v.ready).first().waitFor({ timeout: 30_000 });
      } catch (e) {
        // Say what the screen showed instead: an error state, a spinner, or nothing.
        await screenshot(page, `${v.name}-failed`, true);
        const text = (await page.locator('main').innerText()).slice(0, 600);
        throw new Error(
          `${v.name}: ${v.ready} did not appear. Screen: ${text}\nProblems: ${problems.join('; ')}\n${String(e)}`,
        );
      }
      if (v.map) await waitForMap(page);
      await settle(page);
      await page.locator('[data-view]').first().waitFor();
      expect(await page.locator('.state-error').count(), `${v.name}: error state shown`).toBe(0);
      await screenshot(page, v.name);
      await screenshot(page, `${v.name}-full`, true);
      expect(problems, `${v.name}: ${problems.join('; ')}`).toEqual([]);
      await context.close();
    }
  });

  it('shows on Ringkasan the same figures as the API: tiles, map polygons and kecamatan table', async () => {
    const indicator = indicators.find((i) => i.unit === 'percent')!;
    const period = meta.latest_period;
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/?indikator=${indicator.id}&periode=${period}`);
    const drawn = await waitForMap(page);
    await settle(page);

    const scorecard = await getJson<{
      rows: { indicator: { id: string } | string; value: number | null }[];
    }>(product.baseUrl, `/api/scorecard?area=${meta.region.code}&period=${period}`);
    const tiles = page.locator('.kpi');
    expect(await tiles.count()).toBeGreaterThan(0);
    for (let i = 0; i < (await tiles.count()); i++) {
      const tile = tiles.nth(i);
      const id = (await tile.getAttribute('data-indicator'))!;
      const row = scorecard.rows.find(
        (r) => (typeof r.indicator === 'string' ? r.indicator : r.indicator.id) === id,
      )!;
      const unit = indicators.find((x) => x.id === id)!.unit;
      const shown = await tile.getAttribute('data-value');
      expect(shown === '' ? null : Number(shown), id).toBe(row.value);
      const text = expectedText(row.value, unit);
      if (text) expect(await tile.locator('.kpi-value').innerText(), id).toBe(text);
    }

    const values = await getJson<{ rows: ValueRow[] }>(
      product.baseUrl,
      `/api/indicators/${indicator.id}/values?level=kecamatan&parent=${meta.region.code}&period=${period}`,
    );
    expect(drawn).toBe(values.rows.length);
    const table = page.locator('[data-testid="kecamatan-table"]');
    expect(await table.locator('tbody tr').count()).toBe(values.rows.length);
    for (const row of values.rows) {
      const cell = table.locator(`tr[data-code="${row.code}"] td[data-col="value"]`);
      expect(await cell.innerText(), row.name).toBe(expectedText(row.value, 'percent'));
      const raw = await cell.getAttribute('data-value');
      expect(raw === '' ? null : Number(raw)).toBe(row.value);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('drills down from a kecamatan on the map to its desa, with a breadcrumb, and back', async () => {
    const indicator = indicators.find((i) => i.unit === 'percent')!;
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/?indikator=${indicator.id}`);
    await waitForMap(page);
    const target = kecamatan[1] ?? kecamatan[0]!;
    await page
      .locator(`[data-testid="map"] path[data-code="${target.code}"]`)
      .dispatchEvent('click');
    await page.waitForURL((u) => u.pathname === `/kecamatan/${target.code}`);
    expect(new URL(page.url()).searchParams.get('indikator')).toBe(indicator.id);
    await expect
      .poll(() => page.locator('[data-testid="kecamatan-title"]').innerText())
      .toContain(target.name);
    const drawn = await waitForMap(page);
    const desa = await getJson<{ rows: ValueRow[] }>(
      product.baseUrl,
      `/api/indicators/${indicator.id}/values?level=desa&parent=${target.code}&period=${meta.latest_period}`,
    );
    expect(drawn).toBe(desa.rows.length);
    expect(await page.locator('[data-testid="desa-table"] tbody tr').count()).toBe(
      desa.rows.length,
    );
    expect(await page.locator('.breadcrumb').innerText()).toContain(meta.region.name);

    // Hovering a desa shows its name, value, numerator and denominator as the API gives them.
    const withData = desa.rows.find((r) => r.value !== null && r.denominator !== null);
    if (withData) {
      const p = await pointInside(page, withData.code);
      await page.mouse.move(p.x, p.y);
      const tip = page.locator('.map-tooltip');
      await tip.waitFor();
      const text = await tip.innerText();
      expect(text).toContain(withData.name);
      expect(text).toContain(expectedText(withData.value, 'percent')!);
      expect(text).toContain(id0.format(withData.numerator!));
      expect(text).toContain(id0.format(withData.denominator!));
    }

    // A desa without data is drawn as such (grey, dashed) and its table cell says so with a dash.
    const noData = desa.rows.find((r) => r.value === null);
    if (noData) {
      expect(
        await page
          .locator(`[data-testid="desa-table"] tr[data-code="${noData.code}"] td[data-col="value"]`)
          .innerText(),
      ).toBe('–');
      expect(
        await page
          .locator(`[data-testid="map"] path[data-code="${noData.code}"]`)
          .getAttribute('stroke-dasharray'),
      ).toBeTruthy();
    }

    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/');
    await waitForMap(page);
    expect(new URL(page.url()).searchParams.get('indikator')).toBe(indicator.id);
    await page.locator('.breadcrumb a').count(); // no breadcrumb link on the top level
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps indicator, month and view in the URL so a link reproduces the screen', async () => {
    const { page, context, problems } = await openPage(browser);
    const other = indicators.find((i) => i.unit === 'count')!;
    const olderPeriod =
      [...meta.periods]
        .sort()
        .filter((p) => p < (meta.latest_period ?? ''))
        .at(-1) ?? meta.latest_period;
    await page.goto(`${product.baseUrl}/`);
    await waitForMap(page);
    await page.selectOption('[data-testid="indicator-select"]', other.id);
    await page.waitForURL((u) => u.searchParams.get('indikator') === other.id);
    await page.selectOption('[data-testid="period-select"]', olderPeriod);
    await page.waitForURL((u) => u.searchParams.get('periode') === olderPeriod);
    const link = page.url();

    const second = await openPage(browser);
    await second.page.goto(link);
    await waitForMap(second.page);
    expect(await second.page.locator('[data-testid="indicator-select"]').inputValue()).toBe(
      other.id,
    );
    expect(await second.page.locator('[data-testid="period-select"]').inputValue()).toBe(
      olderPeriod,
    );
    expect(await second.page.locator('.kpi.selected').getAttribute('data-indicator')).toBe(
      other.id,
    );

    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('periode') !== olderPeriod);
    expect(await page.locator('[data-testid="period-select"]').inputValue()).not.toBe(olderPeriod);
    expect(problems).toEqual([]);
    expect(second.problems).toEqual([]);
    await second.context.close();
    await context.close();
  });

  it('exports the desa table as CSV: Publik by default (1–4 as "< 5"), Internal with the full figures', async () => {
    const indicator = indicators.find((i) => i.unit === 'percent')!;
    const kec = kecamatan[0]!;
    const { page, context } = await openPage(browser);
    await page.goto(`${product.baseUrl}/kecamatan/${kec.code}?indikator=${indicator.id}`);
    await page.locator('[data-testid="desa-table"] tbody tr').first().waitFor();
    const exportCsv = async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .locator('[data-testid="desa-table"] .export-buttons button', { hasText: 'CSV' })
          .click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
      return parseCsv(csv);
    };
    const listing = (publik: boolean) =>
      getJson<{ rows: (ValueRow & { suppressed?: boolean })[] }>(
        product.baseUrl,
        `/api/indicators/${indicator.id}/values?level=desa&parent=${kec.code}&period=${meta.latest_period}${publik ? '&publik=true' : ''}`,
      );
    const check = (
      [header, ...body]: string[][],
      rows: (ValueRow & { suppressed?: boolean })[],
    ) => {
      expect(body).toHaveLength(rows.length);
      const codeCol = header!.indexOf('Kode');
      const valueCol = header!.indexOf(indicator.label.id);
      expect(codeCol).toBeGreaterThanOrEqual(0);
      expect(valueCol).toBeGreaterThanOrEqual(0);
      for (const row of rows) {
        const cells = body.find((c) => c[codeCol] === row.code);
        expect(cells, row.code).toBeDefined();
        if (row.suppressed) expect(cells![valueCol], row.code).toBe('< 5');
        else
          expect(cells![valueCol] === '' ? null : Number(cells![valueCol]), row.code).toBe(
            row.value,
          );
      }
    };
    expect(await page.getByTestId('export-mode').first().inputValue()).toBe('publik');
    check(await exportCsv(), (await listing(true)).rows);
    await page
      .locator('[data-testid="desa-table"] [data-testid="export-mode"]')
      .selectOption('internal');
    check(await exportCsv(), (await listing(false)).rows);
    await context.close();
  });

  it('runs the budget simulator with the parameters in the URL and shows the API totals', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/anggaran`);
    await page.locator('[data-testid="cost-total"]').waitFor();
    await page.fill('input[name="premi_pbi"]', '50000');
    await page.fill('input[name="premi_bpu"]', '20000');
    const firstKec = page.locator('.kec-list input[type="checkbox"]').first();
    await firstKec.check();
    const code = await firstKec.getAttribute('value');
    await page.locator('[data-testid="budget-run"]').click();
    await page.waitForURL(
      (u) => u.searchParams.get('premi_pbi') === '50000' && u.searchParams.get('kec') === code,
    );
    await settle(page);
    const api = await getJson<{
      total: { cost_total: number; people_jkn: number };
      rows: { code: string }[];
    }>(product.baseUrl, '/api/budget/simulate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // max_desil left out: the page and the API both use the default (the PBI band).
      body: JSON.stringify({ premi_pbi: 50000, premi_bpu: 20000, kecamatan: [code] }),
    });
    const shown = page.locator('[data-testid="cost-total"]');
    await expect
      .poll(async () => Number(await shown.getAttribute('data-value')))
      .toBe(api.total.cost_total);
    expect(await shown.innerText()).toBe(`Rp ${id0.format(api.total.cost_total)}`);
    expect(await page.locator('[data-testid="budget-table"] tbody tr').count()).toBe(
      api.rows.length,
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-bappeda"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    // The workbook for Bappeda carries the same figures: last row of the cost sheet is the total.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const sheet = wb.worksheets[1]!;
    const headerRow = (sheet.getRow(1).values as unknown[]).map(String);
    const totalRow = sheet.getRow(sheet.rowCount).values as unknown[];
    expect(totalRow[headerRow.indexOf('Total biaya / tahun')]).toBe(api.total.cost_total);
    expect(totalRow[headerRow.indexOf('Warga tanpa JKN')]).toBe(api.total.people_jkn);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('steps through the presentation with the keyboard and on a timer at 1024×768', async () => {
    const { page, context, problems } = await openPage(browser, { width: 1024, height: 768 });
    await page.goto(`${product.baseUrl}/presentasi`);
    await page.locator('[data-testid="slide-title"]').waitFor();
    await waitForMap(page);
    expect(await page.locator('[data-testid="slide-title"]').innerText()).toBe(
      indicators[0]!.label.id,
    );
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('langkah') === '2');
    await expect
      .poll(() => page.locator('[data-testid="slide-title"]').innerText())
      .toBe(indicators[1]!.label.id);
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL((u) => u.searchParams.get('langkah') === '1');

    // Kecamatan mode on a 3-second timer.
    await page.goto(`${product.baseUrl}/presentasi?mode=kecamatan&detik=3&putar=1`);
    await page.locator('[data-testid="slide-scorecard"]').waitFor();
    await page.waitForURL((u) => u.searchParams.get('langkah') === '2', { timeout: 10_000 });
    await settle(page);
    await screenshot(page, 'presentasi-kecamatan');
    // Readable at 1024×768: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('can be driven with the keyboard: Tab to an indicator tile and choose it with Enter', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/`);
    await waitForMap(page);
    const target = (await page.locator('.kpi').nth(1).getAttribute('data-indicator'))!;
    let focused: string | null = null;
    for (let i = 0; i < 40 && focused !== target; i++) {
      await page.keyboard.press('Tab');
      focused = (await page.evaluate(
        'document.activeElement?.getAttribute("data-indicator") ?? null',
      )) as string | null;
    }
    expect(focused).toBe(target);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('indikator') === target);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reaches map polygons by keyboard, with the tooltip name and value, and opens one with Enter', async () => {
    const indicator = indicators.find((i) => i.unit === 'percent')!;
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/?indikator=${indicator.id}`);
    await waitForMap(page);
    const rows = (
      await getJson<{ rows: ValueRow[] }>(
        product.baseUrl,
        `/api/indicators/${indicator.id}/values?level=kecamatan&parent=${meta.region.code}&period=${meta.latest_period}`,
      )
    ).rows;
    const target = rows.find((k) => k.value !== null) ?? rows[0]!;
    const polygon = page.locator(`[data-testid="map"] path[data-code="${target.code}"]`);
    expect(await polygon.getAttribute('tabindex')).toBe('0');
    expect(await polygon.getAttribute('role')).toBe('button');
    const label = (await polygon.getAttribute('aria-label'))!;
    expect(label.startsWith(target.name)).toBe(true);
    const shown = expectedText(target.value, indicator.unit);
    if (shown) expect(label).toContain(`Nilai: ${shown}`);
    await polygon.focus();
    await expect.poll(() => page.locator('.map-tooltip').count()).toBeGreaterThan(0);
    expect(await page.locator('.map-tooltip').first().innerText()).toContain(target.name);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === `/kecamatan/${target.code}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('exports the map and the ranking chart as PNG images', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/`);
    await waitForMap(page);
    await page.locator('.echart[data-ready]').first().waitFor();
    for (const selector of ['.map-export button', '.chart-export button']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(selector).first().click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.png$/);
      const file = (await download.path())!;
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches to English and back', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/rujukan`);
    await page.locator('[data-testid="agency-table"]').waitFor();
    await page.locator('[data-testid="locale-toggle"]').click();
    await expect.poll(() => page.locator('[data-nav="ringkasan"]').innerText()).toBe('Overview');
    await page.locator('[data-testid="locale-toggle"]').click();
    await expect.poll(() => page.locator('[data-nav="ringkasan"]').innerText()).toBe('Ringkasan');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the figures a user viewed usable with no connection, stamped, and forgets them on logout', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${product.baseUrl}/`);
    await page.locator('.kpi').first().waitFor();
    await waitForMap(page);
    // The service worker takes the page over once active and keeps what the page fetched before;
    // the next load is drawn from those copies (and they are confirmed with the server after).
    await waitUntil(page, OFFLINE_READY);
    const kept: string[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/') && r.fromServiceWorker())
        kept.push(new URL(r.url()).pathname);
    });
    await page.reload();
    await page.locator('.kpi').first().waitFor();
    await waitForMap(page);
    await settle(page);
    expect(kept).toEqual(expect.arrayContaining(['/api/meta', '/api/geo', '/api/scorecard']));
    const online = await page.locator('.kpi .kpi-value').allInnerTexts();
    expect(online.length).toBeGreaterThan(0);
    expect(await page.getByTestId('offline-banner').count()).toBe(0);

    await context.setOffline(true);
    await page.reload();
    await page.locator('.kpi').first().waitFor();
    const drawn = await waitForMap(page);
    expect(drawn).toBeGreaterThan(0);
    // Stamped with the data's date, as the footer gives it, and when this device saved it.
    const asOf = (await page.locator('.app-footer').innerText()).match(
      /Tanggal acuan (.+?) ·/,
    )?.[1];
    expect(asOf).toBeTruthy();
    const banner = await page.getByTestId('offline-banner').innerText();
    expect(banner).toContain(`Data per ${asOf}, tanpa koneksi`);
    expect(banner).toMatch(/tersimpan di perangkat ini \d/);
    expect(await page.locator('.kpi .kpi-value').allInnerTexts()).toEqual(online);
    await screenshot(page, 'ringkasan-offline');

    // Back online, logging out deletes the kept figures.
    await context.setOffline(false);
    await page.reload();
    await page.locator('.kpi').first().waitFor();
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    const copies = `(async () => (await (await caches.open('slrt-data-v1')).keys()).length)()`;
    expect(await page.evaluate(copies)).toBeGreaterThan(0);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL((u) => u.pathname.startsWith('/masuk'));
    await waitUntil(page, `${copies}.then((n) => n === 0)`);
    // Still none once the revalidations under way at the logout have come back.
    await settle(page);
    expect(await page.evaluate(copies)).toBe(0);
    await context.close();
  });

  // Roles (CAMAT, PUSKESOS) and small counts in presentation mode, on this same product.
  roleTests(() => ({ product, browser }));

  // Last: it publishes a new warehouse (more complaints this month) on this product.
  it('shows the figures of a new ETL run on the next visit, not the copies kept on the device', async () => {
    // A product already running elsewhere (E2E_BASE_URL): its inbox is not this test's to fill.
    if (!product.dataDir) return;
    const base = product.baseUrl;
    const { page, context, problems } = await openPage(browser);
    const tile = page.locator('.kpi[data-indicator="rujukan_masuk"]');
    const shown = async () => Number(await tile.getAttribute('data-value'));
    // The complaints arrive today: the month in progress, which the page shows when chosen.
    const month = AS_OF.slice(0, 7);
    await page.goto(`${base}/?indikator=rujukan_masuk&periode=${month}`);
    await waitForMap(page);
    await waitUntil(page, OFFLINE_READY);
    const before = await shown();
    const row = kecamatan[0]!;
    const rowValue = () =>
      page
        .locator(`[data-testid="kecamatan-table"] tr:has-text("${row.name}") td`)
        .last()
        .innerText();
    const rowBefore = await rowValue();

    // 25 complaints arrive today in one desa of the first kecamatan; the ETL publishes them.
    const desa = (await getJson<{ children: { code: string }[] }>(base, `/api/areas/${row.code}`))
      .children[0]!.code;
    const header =
      'id_rujukan,tanggal_keluhan,nik,kode_desa,kategori,kanal,lembaga_tujuan,status,tanggal_selesai,diperbarui_pada';
    const lines = Array.from({ length: 25 }, (_, i) => {
      const nik = `${row.code.replaceAll('.', '')}0101900${String(900 + i).padStart(3, '0')}`;
      return `E2E-BARU-${i + 1},${AS_OF},${nik},${desa},BANSOS,SLRT,DINSOS,DITERIMA,,${AS_OF} 08:00`;
    });
    const file = path.join(product.dataDir, 'inbox', 'rujukan', `rujukan_e2e_${AS_OF}.csv`);
    writeFileSync(file, `${[header, ...lines].join('\n')}\n`);
    const settled = new Date(Date.now() - 120_000);
    utimesSync(file, settled, settled);
    interface Status {
      running: boolean;
      last_run: { run_id: string; status: string } | null;
    }
    const previous = (await getJson<Status>(base, '/api/etl/status')).last_run?.run_id;
    await getJson(base, '/api/etl/run', { method: 'POST' });
    await expect
      .poll(
        async () => {
          const status = await getJson<Status>(base, '/api/etl/status');
          return !status.running && status.last_run?.run_id !== previous
            ? status.last_run?.status
            : 'running';
        },
        { timeout: 240_000, interval: 1000 },
      )
      .toBe('SUCCESS');
    const period = month;
    const scorecard = await getJson<{
      rows: { indicator: { id: string } | string; value: number | null }[];
    }>(base, `/api/scorecard?area=${meta.region.code}&period=${period}`);
    const after = scorecard.rows.find(
      (r) => (typeof r.indicator === 'string' ? r.indicator : r.indicator.id) === 'rujukan_masuk',
    )!.value;
    expect(after).toBe(before + 25);

    // The repeat visit is drawn from the kept copies at once, and then shows the new figures.
    const fromWorker: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/scorecard') && r.fromServiceWorker()) fromWorker.push(r.url());
    });
    await page.reload();
    await waitForMap(page);
    await expect.poll(shown, { timeout: 20_000 }).toBe(after);
    expect(fromWorker.length).toBeGreaterThan(0);
    await expect.poll(rowValue, { timeout: 20_000 }).not.toBe(rowBefore);
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    await screenshot(page, 'ringkasan-after-publish');
    expect(problems).toEqual([]);
    await context.close();
  }, 360_000);
});
