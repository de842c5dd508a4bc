/**
 * The aggregate export on the Data page (docs/exchange.md) in real headless Chromium against the
 * real API over the sample lake: an admin picks ADX, one month and "Kirim semua" and downloads the
 * file the API serves; a PIMPINAN does not see the panel.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sampleLake } from '../fixtures/warehouse/sampleLake.js';
import { buildDataFolder } from '../fixtures/warehouse/buildFixture.js';
import { postJson, startApi, tempDir, TEST_ADMIN_PASSWORD } from '../api/support.js';
import { hasChromium, launch, openPage, useProduct } from './support/browser.js';

let root = '';
let url = '';
let close: () => Promise<void> = async () => undefined;
let browser: Browser | null = null;
const admin = { username: 'admin', password: TEST_ADMIN_PASSWORD };

beforeAll(async () => {
  root = await tempDir('e2e-agregat');
  const folder = await buildDataFolder(path.join(root, 'data'), sampleLake);
  const started = await startApi(folder.root, path.join(root, 'inbox'), { RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
  useProduct(url);
  if (hasChromium) browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('aggregate export on the Data page', () => {
  it('an admin downloads ADX for one month with every count sent', async () => {
    const { page, problems } = await openPage(browser!, undefined, admin);
    await page.goto(`${url}/data`);
    const panel = page.getByTestId('agregat-panel');
    await panel.waitFor();
    await page.getByTestId('agregat-format').selectOption('adx');
    await page.getByTestId('agregat-from').fill('2024-06');
    await page.getByTestId('agregat-to').fill('2024-06');
    await page.getByTestId('agregat-kecil').selectOption('kirim');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('agregat-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('agregat-62.03-2024-06_2024-06.adx.xml');
    const file = path.join(root, 'unduhan.xml');
    await download.saveAs(file);
    const xml = await readFile(file, 'utf8');
    expect(xml).toContain('<adx xmlns="urn:ihe:qrph:adx:2015"');
    expect(xml).toContain('period="2024-06-01/P1M"');
    expect(xml).not.toContain('period="2024-07-01/P1M"');
    // registri_individu of Selat Dalam, 3 people: sent because the admin chose "kirim"
    expect(xml).toMatch(
      /<group orgUnit="62\.03\.01\.1010" period="2024-06-01\/P1M"(?:(?!<\/group>)[^])*?<dataValue dataElement="registri_individu" value="3"\/>/,
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is not shown to a PIMPINAN', async () => {
    await postJson(`${url}/api/users`, {
      username: 'sekda',
      password: 'kata-sandi-uji-123',
      role: 'PIMPINAN',
    });
    const { page } = await openPage(browser!, undefined, {
      username: 'sekda',
      password: 'kata-sandi-uji-123',
    });
    await page.goto(`${url}/data`);
    await page.getByTestId('freshness-table').waitFor();
    expect(await page.getByTestId('agregat-panel').count()).toBe(0);
    await page.context().close();
  });
});
