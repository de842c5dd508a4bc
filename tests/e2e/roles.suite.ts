/**
 * Role and privacy checks in Chromium, run inside web.test.ts so they share its product (demo
 * data): a CAMAT and a PUSKESOS account land on their own area, see the API's figures without a
 * single refused request, and get a clear refusal for another area; presentation mode shows
 * "< 5" for a desa whose count the API (non-publik) has as 1–4. The accounts are the demo
 * accounts of api/auth/demo-users.ts.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getJson, type Product } from './support/product.js';
import { openPage, pointInside, screenshot, settle, waitForMap } from './support/browser.js';

const CAMAT = { username: 'camat.selat', password: 'Camat-Kapuas-2024' };
const PUSKESOS = { username: 'puskesos.selatdalam', password: 'Puskesos-Kapuas-2024' };
const OPD = { username: 'opd.dinsos', password: 'Opd-Kapuas-2024' };
const SELAT = '62.03.01';
const PULAU_PETAK = '62.03.06';
const SELAT_DALAM = '62.03.01.1010';
const MURUNG_KERAMAT = '62.03.01.1006';
const REFUSAL = 'Anda tidak berwenang melihat wilayah ini';

interface ScoreRow {
  indicator: { id: string } | string;
  value: number | null;
}
interface ValueRow {
  code: string;
  name: string;
  value: number | null;
  suppressed?: boolean;
}
interface Indicator {
  id: string;
  unit: string;
}

async function cookieOf(baseUrl: string, account: typeof CAMAT): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** The API as that account sees it. */
function asAccount<T>(baseUrl: string, cookie: string, path: string): Promise<T> {
  return getJson<T>(baseUrl, path, { headers: { cookie } });
}

/** Opens every menu item in turn: none may show an error state or be refused by the API. */
async function everyMenuItem(page: Page, problems: string[]): Promise<void> {
  const items = await page
    .locator('.main-nav a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('data-nav')!));
  for (const item of items) {
    await page.locator(`.main-nav a[data-nav="${item}"]`).click();
    await page.locator(`[data-view]`).first().waitFor();
    await settle(page);
    expect(await page.locator('.state-error').count(), `${item}: error state`).toBe(0);
    expect(problems, `${item}: ${problems.join('; ')}`).toEqual([]);
  }
}

const idOf = (r: ScoreRow) => (typeof r.indicator === 'string' ? r.indicator : r.indicator.id);

/** Every KPI tile on the page carries the API's value of its indicator. */
async function tilesEqual(page: Page, rows: ScoreRow[]): Promise<number> {
  const tiles = page.locator('.kpi');
  const n = await tiles.count();
  expect(n).toBe(rows.length);
  for (let i = 0; i < n; i++) {
    const id = (await tiles.nth(i).getAttribute('data-indicator'))!;
    const row = rows.find((r) => idOf(r) === id)!;
    const shown = await tiles.nth(i).getAttribute('data-value');
    expect(shown === '' ? null : Number(shown), id).toBe(row.value);
  }
  return n;
}

export function roleTests(ctx: () => { product: Product; browser: Browser }): void {
  it('CAMAT lands on its kecamatan with the API figures, no refused request, and is refused another kecamatan', async () => {
    const { product, browser } = ctx();
    const cookie = await cookieOf(product.baseUrl, CAMAT);
    const { page, context, problems } = await openPage(browser, undefined, CAMAT);
    expect(new URL(page.url()).pathname).toBe(`/kecamatan/${SELAT}`);
    await page.reload(); // the landing page again, now with the error recorders on
    await page.locator('[data-testid="desa-table"] tbody tr').first().waitFor({ timeout: 30_000 });
    await page.locator('.kpi').first().waitFor();
    await waitForMap(page);
    await settle(page);

    const score = await asAccount<{ rows: ScoreRow[]; period: string }>(
      product.baseUrl,
      cookie,
      `/api/scorecard?area=${SELAT}`,
    );
    expect(await tilesEqual(page, score.rows)).toBeGreaterThan(10);
    const indikator = new URL(page.url()).searchParams.get('indikator');
    const chosen = indikator ?? idOf(score.rows[0]!);
    const desa = await asAccount<{ rows: ValueRow[] }>(
      product.baseUrl,
      cookie,
      `/api/indicators/${chosen}/values?level=desa&parent=${SELAT}&period=${score.period}`,
    );
    const table = page.locator('[data-testid="desa-table"]');
    expect(await table.locator('tbody tr').count()).toBe(desa.rows.length);
    for (const row of desa.rows) {
      const raw = await table
        .locator(`tr[data-code="${row.code}"] td[data-col="value"]`)
        .getAttribute('data-value');
      expect(raw === '' ? null : Number(raw), row.name).toBe(row.value);
    }
    // The menu holds only what a CAMAT can use.
    const nav = await page
      .locator('.main-nav a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-nav')));
    expect(nav).toEqual(['kecamatan', 'rujukan', 'cakupan', 'pokja']);
    expect(problems, problems.join('; ')).toEqual([]);
    await everyMenuItem(page, problems);
    await page.locator('.main-nav a[data-nav="kecamatan"]').click();
    await page.locator('[data-testid="desa-table"] tbody tr').first().waitFor();

    // Drill down to a desa of its own kecamatan: the desa page, allowed.
    await table.locator(`tr[data-code="${SELAT_DALAM}"] button.link`).click();
    await page.waitForURL((u) => u.pathname === `/desa/${SELAT_DALAM}`);
    await page.locator('.kpi').first().waitFor();
    await settle(page);

    await page.goto(`${product.baseUrl}/kecamatan/${PULAU_PETAK}`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').innerText()).toContain(REFUSAL);
    await settle(page);
    await screenshot(page, 'camat-kecamatan-lain');
    expect(problems, problems.join('; ')).toEqual([]);
    await context.close();
  });

  it('PUSKESOS lands on its desa page with the API figures, no refused request, and is refused another desa', async () => {
    const { product, browser } = ctx();
    const cookie = await cookieOf(product.baseUrl, PUSKESOS);
    const { page, context, problems } = await openPage(browser, undefined, PUSKESOS);
    expect(new URL(page.url()).pathname).toBe(`/desa/${SELAT_DALAM}`);
    await page.reload();
    await page.locator('.kpi').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="desa-trends"] canvas').first().waitFor();
    await settle(page);
    expect(await page.getByTestId('desa-title').innerText()).toBe('Desa Selat Dalam');

    const score = await asAccount<{ rows: ScoreRow[]; period: string }>(
      product.baseUrl,
      cookie,
      `/api/scorecard?area=${SELAT_DALAM}`,
    );
    expect(await tilesEqual(page, score.rows)).toBeGreaterThan(10);
    const rujukan = await asAccount<{
      agencies: { lembaga_tujuan: string; received: number; backlog: number }[];
    }>(
      product.baseUrl,
      cookie,
      `/api/rujukan/breakdown?area=${SELAT_DALAM}&period=${score.period}`,
    );
    const agencies = page.locator('[data-testid="desa-agencies"]');
    if (rujukan.agencies.length) {
      expect(await agencies.locator('tbody tr').count()).toBe(rujukan.agencies.length);
      for (const a of rujukan.agencies) {
        const row = agencies.locator(`tr[data-code="${a.lembaga_tujuan}"]`);
        expect(
          Number(await row.locator('td[data-col="received"]').getAttribute('data-value')),
        ).toBe(a.received);
        expect(Number(await row.locator('td[data-col="backlog"]').getAttribute('data-value'))).toBe(
          a.backlog,
        );
      }
    }
    const nav = await page
      .locator('.main-nav a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-nav')));
    expect(nav).toEqual(['desa', 'rujukan']);
    await screenshot(page, 'puskesos-desa', true);
    expect(problems, problems.join('; ')).toEqual([]);
    await everyMenuItem(page, problems);

    await page.goto(`${product.baseUrl}/desa/${MURUNG_KERAMAT}`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').innerText()).toContain(REFUSAL);
    // Its own kecamatan page is not its to read either: the menu's way leads home.
    await page.goto(`${product.baseUrl}/kecamatan/${SELAT}`);
    await page.waitForURL((u) => u.pathname === `/desa/${SELAT_DALAM}`);
    await page.locator('.kpi').first().waitFor();
    await settle(page);
    expect(problems, problems.join('; ')).toEqual([]);
    await context.close();
  });

  it('OPD lands on the referrals page with its own agency only, and no refused request', async () => {
    const { product, browser } = ctx();
    const { page, context, problems } = await openPage(browser, undefined, OPD);
    expect(new URL(page.url()).pathname).toBe('/rujukan');
    await page.reload();
    await page
      .locator('[data-testid="agency-table"] tbody tr')
      .first()
      .waitFor({ timeout: 30_000 });
    await settle(page);
    const agencies = await page
      .locator('[data-testid="agency-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
    expect(agencies).toEqual(['DINSOS']);
    const nav = await page
      .locator('.main-nav a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-nav')));
    expect(nav).toEqual(['rujukan', 'pokja']);
    expect(problems, problems.join('; ')).toEqual([]);
    await everyMenuItem(page, problems);
    await page.goto(`${product.baseUrl}/`);
    await page.waitForURL((u) => u.pathname === '/rujukan');
    await settle(page);
    expect(problems, problems.join('; ')).toEqual([]);
    await context.close();
  });

  it('presentation mode shows "< 5" for a desa whose count the API has as 1–4, and never receives it', async () => {
    const { product, browser } = ctx();
    const meta = await getJson<{ region: { code: string }; latest_period: string }>(
      product.baseUrl,
      '/api/meta',
    );
    const { indicators } = await getJson<{ indicators: Indicator[] }>(
      product.baseUrl,
      '/api/indicators',
    );
    // A count indicator with a desa of 1–4, found from the API (not hard-coded).
    let found: { indicator: Indicator; index: number; row: ValueRow } | null = null;
    for (const [index, indicator] of indicators.entries()) {
      if (indicator.unit !== 'count') continue;
      const { rows } = await getJson<{ rows: ValueRow[] }>(
        product.baseUrl,
        `/api/indicators/${indicator.id}/values?level=desa&parent=${meta.region.code}&period=${meta.latest_period}`,
      );
      const row = rows.find((r) => r.value !== null && r.value >= 1 && r.value <= 4);
      if (row) {
        found = { indicator, index, row };
        break;
      }
    }
    expect(found, 'a desa with a count of 1–4 in the demo data').not.toBeNull();
    const { indicator, index, row } = found!;

    const { page, context, problems } = await openPage(browser, { width: 1024, height: 768 });
    const bodies: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes(`/api/indicators/${indicator.id}/values`) && r.url().includes('desa'))
        bodies.push(`${r.url()}\n${await r.text().catch(() => '')}`);
    });
    await page.goto(
      `${product.baseUrl}/presentasi?mode=indikator&langkah=${index + 1}&peta=desa&periode=${meta.latest_period}`,
    );
    await waitForMap(page);
    await settle(page);
    const polygon = page.locator(`[data-testid="map"] path[data-code="${row.code}"]`);
    expect(await polygon.getAttribute('data-suppressed')).toBe('true');
    expect(await page.getByTestId('legend-suppressed').innerText()).toBe('< 5');
    const point = await pointInside(page, row.code);
    await page.mouse.move(point.x, point.y);
    const tooltip = page.locator('.leaflet-tooltip.map-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toContain(row.name);
    expect(await tooltip.innerText()).toContain('< 5');
    await screenshot(page, 'presentasi-desa-kecil');

    // What reached the browser: the desa listing asked with publik=true, the count left out.
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body.split('\n')[0]).toContain('publik=true');
      const listed = (JSON.parse(body.slice(body.indexOf('\n') + 1)) as { rows: ValueRow[] }).rows;
      expect(listed.find((r) => r.code === row.code)).toMatchObject({
        value: null,
        suppressed: true,
      });
    }
    expect(problems, problems.join('; ')).toEqual([]);
    await context.close();
  });
}
