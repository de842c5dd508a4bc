/**
 * Action lists in the browser: on the demo data, the Desa page's link of a gap figure opens the
 * list with as many rows as the figure says, and so does the Cakupan page's gap table cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { getJson, startProduct, type Product } from './support/product.js';
import { hasChromium, launch, openPage, useProduct, waitUntil } from './support/browser.js';

interface ValueRow {
  code: string;
  value: number | null;
}

describe.skipIf(!hasChromium)('action lists (Desa and Cakupan pages)', () => {
  let product: Product;
  let browser: Browser;
  /** A gap indicator with a list, and a desa where its figure is above 0. */
  let target: { id: string; desa: string; value: number };

  beforeAll(async () => {
    product = await startProduct();
    useProduct(product.baseUrl);
    browser = await launch();
    const base = product.baseUrl;
    const meta = await getJson<{ region: { code: string }; latest_period: string }>(
      base,
      '/api/meta',
    );
    const { indicators } = await getJson<{
      indicators: { id: string; action_list: string | null }[];
    }>(base, '/api/indicators');
    for (const i of indicators.filter((x) => x.action_list)) {
      const { rows } = await getJson<{ rows: ValueRow[] }>(
        base,
        `/api/indicators/${i.id}/values?level=desa&parent=${meta.region.code}&period=${meta.latest_period}`,
      );
      // a small list: the table shows every row without scrolling far
      const found = rows.filter((r) => (r.value ?? 0) > 0).sort((a, b) => a.value! - b.value!)[0];
      if (found) {
        target = { id: i.id, desa: found.code, value: found.value! };
        break;
      }
    }
    expect(target, 'a desa with a gap that has a list').toBeTruthy();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  async function rowsShown(page: import('playwright-core').Page): Promise<number> {
    await page.getByTestId('daftar-total').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('daftar-total').getAttribute('data-value')).toBe(
      String(target.value),
    );
    return page.locator('[data-testid="daftar-table"] tbody tr').count();
  }

  it("the Desa page's link opens the list with as many rows as the figure", async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/desa/${target.desa}`);
    const item = page.locator(`[data-testid="desa-daftar"] li[data-indicator="${target.id}"]`);
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator('strong').getAttribute('data-value')).toBe(String(target.value));
    await item.getByTestId('daftar-link').click();
    await page.waitForURL((u) => u.pathname === `/desa/${target.desa}/daftar/${target.id}`);
    expect(await rowsShown(page)).toBe(target.value);
    // references only: no 16-digit number on the page
    expect(await page.evaluate('document.body.innerText')).not.toMatch(/\d{16}/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the Cakupan page's gap cell opens the same list", async () => {
    const { page, context, problems } = await openPage(browser);
    const kecamatan = target.desa.split('.').slice(0, 3).join('.');
    await page.goto(`${product.baseUrl}/cakupan?area=${kecamatan}`);
    const cell = page.locator(
      `[data-testid="gap-table"] tr[data-code="${target.desa}"] a[data-link="${target.id}"]`,
    );
    await cell.waitFor({ timeout: 30_000 });
    await cell.click();
    await waitUntil(page, `location.pathname.endsWith('/daftar/${target.id}')`);
    expect(await rowsShown(page)).toBe(target.value);
    expect(problems).toEqual([]);
    await context.close();
  });
});
