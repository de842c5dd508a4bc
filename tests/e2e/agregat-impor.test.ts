/**
 * A province instance's Data page (docs/exchange.md, "Import") in real headless Chromium against
 * the real API with REGION_CODE=62: the import status and completeness of the kabupaten, an
 * admin uploads a kabupaten's package (the sample warehouse's, 62.03) and creates a push token.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { suppressionPattern } from '../../api/common/small-count.js';
import { exportAggregates } from '../../warehouse/exchange.js';
import { sampleLake } from '../fixtures/warehouse/sampleLake.js';
import { buildDataFolder } from '../fixtures/warehouse/buildFixture.js';
import { postJson, startApi, tempDir, TEST_ADMIN_PASSWORD } from '../api/support.js';
import { hasChromium, launch, openPage, useProduct, waitUntil } from './support/browser.js';

let root = '';
let url = '';
let pkgFile = '';
let dvsFile = '';
let close: () => Promise<void> = async () => undefined;
let browser: Browser | null = null;
const admin = { username: 'admin', password: TEST_ADMIN_PASSWORD };

beforeAll(async () => {
  root = await tempDir('e2e-agregat-impor');
  const kab = await buildDataFolder(path.join(root, 'kabupaten'), sampleLake, {
    runId: 'run-kabupaten',
  });
  const exported = await exportAggregates(kab.root, 'paket', {
    kecil: 'tahan',
    threshold: 5,
    pattern: suppressionPattern,
  });
  pkgFile = path.join(root, exported.fileName);
  await writeFile(pkgFile, exported.body);
  // The same figures as DHIS2 dataValueSets: unsigned, so always flagged rules_differ.
  const dvs = await exportAggregates(kab.root, 'datavaluesets', {
    kecil: 'tahan',
    threshold: 5,
    pattern: suppressionPattern,
  });
  dvsFile = path.join(root, dvs.fileName);
  await writeFile(dvsFile, dvs.body);
  const prov = path.join(root, 'provinsi');
  await mkdir(prov, { recursive: true });
  const started = await startApi(prov, path.join(root, 'inbox'), {
    REGION_CODE: '62',
    RATE_LIMIT: '0',
  });
  url = started.url;
  close = () => started.app.close();
  const key = await postJson(`${url}/api/agregat/kunci`, {
    kabupaten: '62.03',
    public_key: await readFile(kab.exchangePublicKey, 'utf8'),
  });
  expect(key.status).toBe(200);
  useProduct(url);
  if (hasChromium) browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('province imports on the Data page', () => {
  it('an admin uploads a package: status, completeness and a push token', async () => {
    const { page, problems } = await openPage(browser!, undefined, admin);
    await page.goto(`${url}/data`);
    const panel = page.getByTestId('agregat-provinsi');
    await panel.waitFor();
    const kapuas = page.locator('[data-testid="agregat-status"] tr[data-kabupaten="62.03"]');
    await expect(kapuas.textContent()).resolves.toMatch(/belum pernah/);
    await expect(page.locator('[data-testid="agregat-status"] tbody tr').count()).resolves.toBe(14);

    await page.getByTestId('agregat-file').setInputFiles(pkgFile);
    await page.getByTestId('agregat-upload-kab').selectOption('62.03');
    await page.getByTestId('agregat-upload').click();
    const message = page.getByTestId('agregat-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/Diimpor: 62\.03 .*baris/);
    await waitUntil(
      page,
      `!/belum pernah/.test(document.querySelector('tr[data-kabupaten="62.03"]')?.textContent ?? '')`,
    );
    expect(await kapuas.textContent()).toMatch(/diunggah/);
    const grid = page.getByTestId('agregat-kelengkapan');
    await grid.waitFor();
    expect(await grid.locator('td[data-state="late"]').count()).toBeGreaterThan(0);
    expect(await grid.locator('td[data-state="missing"]').count()).toBeGreaterThan(0);

    await page.getByTestId('agregat-token-kab').selectOption('62.03');
    await page.getByTestId('agregat-token-create').click();
    const token = page.getByTestId('agregat-token-new');
    await token.waitFor();
    expect(await token.textContent()).toMatch(/agr_/);
    // Before the first import the province has no warehouse: the page's other panels get 503
    // (as on any empty instance). The import routes never fail.
    expect(problems.filter((p) => p.includes('/api/agregat'))).toEqual([]);
    await page.context().close();
  });

  it('the province overview warns when a kabupaten was counted by other rules', async () => {
    const { page, problems } = await openPage(browser!, undefined, admin);
    await page.goto(`${url}/`);
    await page.getByTestId('ringkasan-title').waitFor();
    await page.locator('.leaflet-interactive').first().waitFor();
    expect(await page.getByTestId('rules-differ').count()).toBe(0);
    // The province's median is not invented from the kabupaten medians: the tile says why.
    await page.locator('.tabs button', { hasText: 'Rujukan' }).click();
    const median = page.locator('[data-indicator="rujukan_median_hari"]');
    await median.getByTestId('kpi-note').waitFor();
    expect(await median.innerText()).toMatch(/lihat per kabupaten/);

    await page.goto(`${url}/data`);
    await page.getByTestId('agregat-provinsi').waitFor();
    await page.getByTestId('agregat-file').setInputFiles(dvsFile);
    await page.getByTestId('agregat-upload-kab').selectOption('62.03');
    await page.getByTestId('agregat-upload').click();
    const message = page.getByTestId('agregat-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/Diimpor: 62\.03/);
    await page.getByTestId('agregat-rules-warning').waitFor();

    await page.goto(`${url}/`);
    const warning = page.getByTestId('rules-differ');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/Kapuas/);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
