/** Debian chromium through playwright-core, with a console / request error recorder per page. */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, LOGIN, repoRoot } from './product.js';

export const hasChromium = existsSync(CHROMIUM);
export const screenshotDir = path.join(repoRoot, 'tests/.output/screenshots');

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface RecordedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and failed /api requests seen so far. */
  problems: string[];
}

/** The product the pages log in to (set by `useProduct`); pages open logged in as LOGIN. */
let loginUrl: string | null = null;
export function useProduct(baseUrl: string): void {
  loginUrl = baseUrl;
}

/** Logs in through the login page, as a person would, and waits to be sent on. */
export async function loginThroughPage(
  page: Page,
  baseUrl: string,
  account: { username: string; password: string } = LOGIN,
): Promise<void> {
  await page.goto(`${baseUrl}/masuk`);
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/masuk'), { timeout: 30_000 });
}

/** `account`: log in as another account than LOGIN (the role tests). */
export async function openPage(
  browser: Browser,
  viewport = { width: 1366, height: 768 },
  account: { username: string; password: string } = LOGIN,
): Promise<RecordedPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'id-ID' });
  const page = await context.newPage();
  // Before the recorders: the login page's own 401 (no session yet) is not a problem.
  if (loginUrl) await loginThroughPage(page, loginUrl, account);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400)
      problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  // ERR_ABORTED is the browser cancelling requests of a page the test navigates away from.
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    if (!reason.includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()} ${reason}`);
  });
  return { page, context, problems };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * Polls a browser-side expression from Node. page.waitForFunction evaluates a string inside the
 * page once its first check fails, which the app's Content-Security-Policy (no 'unsafe-eval')
 * refuses; page.evaluate is not subject to it.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the choropleth on the page has drawn its polygons. */
export async function waitForMap(page: Page, nth = 0): Promise<number> {
  const map = page.locator('[data-testid="map"]').nth(nth);
  await map.locator('path[data-code]').first().waitFor({ timeout: 30_000 });
  await waitUntil(
    page,
    `!!document.querySelectorAll('[data-testid="map"]')[${nth}]?.getAttribute('data-drawn')`,
  );
  return Number(await map.getAttribute('data-drawn'));
}

/** Settles network and animations before a check or a screenshot. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
}

/**
 * A screen point inside an area's polygon (the centre of its box may fall outside a concave
 * shape): scans the box for a point whose topmost element is the polygon itself.
 */
export async function pointInside(page: Page, code: string): Promise<{ x: number; y: number }> {
  const point = (await page.evaluate(`(() => {
    const el = document.querySelector('[data-testid="map"] path[data-code="${code}"]');
    if (!el) return null;
    const b = el.getBoundingClientRect();
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
      const x = b.left + (b.width * i) / 20, y = b.top + (b.height * j) / 20;
      if (document.elementFromPoint(x, y) === el) return { x, y };
    }
    return null;
  })()`)) as { x: number; y: number } | null;
  if (!point) throw new Error(`No visible point inside area ${code} on the map`);
  return point;
}
