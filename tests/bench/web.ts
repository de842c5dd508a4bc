/**
 * `npm run bench:web`: the web app's budgets, measured in headless Chromium against the running
 * product on demo data (started here, or BENCH_BASE_URL / E2E_BASE_URL when one already runs).
 *   - cold load to interactive of Ringkasan on localhost (empty cache): KPI tiles shown, the
 *     kecamatan map drawn and the ranking chart drawn, median of 5 — target < 2 s;
 *   - initial JS: every script the cold load of Ringkasan downloads, gzip-compressed — ≤ 400 KB;
 *   - drawing the 231-desa map (Cakupan, whole kabupaten at desa level), the app's `map-draw`
 *     measure from building the layer to the next frame, median of 5 — < 300 ms.
 * Writes tests/.output/bench-web.json and exits 1 when a budget is missed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium } from 'playwright-core';
import { waitUntil } from '../e2e/support/browser.js';
import {
  apiLogin,
  CHROMIUM,
  CHROMIUM_ARGS,
  repoRoot,
  startProduct,
} from '../e2e/support/product.js';

const RUNS = 5;
const BUDGET = { coldLoadMs: 2000, initialJsGzipKB: 400, mapDraw231Ms: 300 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// Records, in page time (ms since navigation start), when the tiles and the map first appear.
const OBSERVER = `
  window.__marks = {};
  new MutationObserver(() => {
    const m = window.__marks;
    if (!m.kpi && document.querySelector('.kpi')) m.kpi = performance.now();
    if (!m.map && document.querySelector('[data-testid="map"][data-drawn]')) m.map = performance.now();
    if (!m.chart && document.querySelector('.echart[data-ready]')) m.chart = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn', 'data-ready'] });
`;

/**
 * A logged-in session as a cookie of the context (not through the login page, which would warm
 * the cache and spoil the cold-load figure).
 */
async function withSession(context: BrowserContext, baseUrl: string): Promise<void> {
  const cookie = await apiLogin(baseUrl);
  if (!cookie) throw new Error('login as the demo admin failed');
  const [name, ...value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: baseUrl }]);
}

async function main(): Promise<void> {
  if (process.env.BENCH_BASE_URL) process.env.E2E_BASE_URL = process.env.BENCH_BASE_URL;
  console.log('Starting the product (demo data + ETL on first start)…');
  const product = await startProduct();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const loads: number[] = [];
    let jsFiles: { url: string; raw: number; gzip: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await withSession(context, product.baseUrl);
      const page = await context.newPage();
      await page.addInitScript(OBSERVER);
      const scripts: Promise<{ url: string; raw: number; gzip: number }>[] = [];
      // Scripts of the first run only: later runs close their context while bodies may be unread.
      page.on('response', (r) => {
        if (i === 0 && r.request().resourceType() === 'script')
          scripts.push(
            r.body().then((b) => ({
              url: new URL(r.url()).pathname,
              raw: b.length,
              gzip: gzipSync(b, { level: 9 }).length,
            })),
          );
      });
      await page.goto(`${product.baseUrl}/`);
      // Browser-side expressions are strings: this file is type-checked without DOM types.
      await waitUntil(
        page,
        'window.__marks.kpi !== undefined && window.__marks.map !== undefined && window.__marks.chart !== undefined',
      );
      const marks = (await page.evaluate('window.__marks')) as {
        kpi: number;
        map: number;
        chart: number;
      };
      loads.push(Math.max(marks.kpi, marks.map, marks.chart));
      // Everything the first screen downloads counts as initial JS, also what arrives after it is drawn.
      await page.waitForLoadState('networkidle');
      if (i === 0) jsFiles = await Promise.all(scripts);
      await context.close();
    }

    const draws: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await withSession(context, product.baseUrl);
      const page = await context.newPage();
      await page.goto(`${product.baseUrl}/cakupan?tingkat=desa`);
      await waitUntil(
        page,
        `document.querySelector('[data-testid="map"]')?.getAttribute('data-drawn') === '231'`,
      );
      draws.push(Number(await page.locator('[data-testid="map"]').getAttribute('data-draw-ms')));
      await context.close();
    }

    const jsGzipKB = jsFiles.reduce((s, f) => s + f.gzip, 0) / 1024;
    const result = {
      base_url: product.baseUrl,
      runs: RUNS,
      cold_load_ms: {
        median: Math.round(median(loads)),
        all: loads.map(Math.round),
        budget: BUDGET.coldLoadMs,
      },
      initial_js_gzip_kb: {
        total: Math.round(jsGzipKB * 10) / 10,
        budget: BUDGET.initialJsGzipKB,
        files: jsFiles,
      },
      map_draw_231_desa_ms: {
        median: Math.round(median(draws) * 10) / 10,
        all: draws,
        budget: BUDGET.mapDraw231Ms,
      },
    };
    const ok = {
      cold: result.cold_load_ms.median < BUDGET.coldLoadMs,
      js: jsGzipKB <= BUDGET.initialJsGzipKB,
      map: result.map_draw_231_desa_ms.median < BUDGET.mapDraw231Ms,
    };
    const out = path.join(repoRoot, 'tests/.output');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'bench-web.json'), JSON.stringify({ ...result, ok }, null, 2));
    const line = (name: string, value: string, budget: string, pass: boolean) =>
      console.log(
        `${pass ? 'OK  ' : 'FAIL'} ${name.padEnd(34)} ${value.padStart(10)}   (budget ${budget})`,
      );
    line(
      'cold load to interactive (median)',
      `${result.cold_load_ms.median} ms`,
      `< ${BUDGET.coldLoadMs} ms`,
      ok.cold,
    );
    line(
      'initial JS, gzip',
      `${result.initial_js_gzip_kb.total} KB`,
      `≤ ${BUDGET.initialJsGzipKB} KB`,
      ok.js,
    );
    line(
      'draw 231-desa map (median)',
      `${result.map_draw_231_desa_ms.median} ms`,
      `< ${BUDGET.mapDraw231Ms} ms`,
      ok.map,
    );
    for (const f of jsFiles)
      console.log(`     ${f.url.padEnd(48)} ${(f.gzip / 1024).toFixed(1).padStart(7)} KB gzip`);
    console.log(`Details: ${path.relative(process.cwd(), path.join(out, 'bench-web.json'))}`);
    if (!ok.cold || !ok.js || !ok.map) process.exitCode = 1;
  } finally {
    await browser.close();
    await product.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
