/**
 * Pokja coordination in real headless Chromium against the running product on demo data: create a
 * meeting (agenda proposed by the API), add actions, change a status, comment, edit the agenda,
 * open the A4 brief, print it with Chromium's page.pdf() and read the PDF's text back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AS_OF, getJson, LOGIN, repoRoot, startProduct, type Product } from './support/product.js';
import {
  hasChromium,
  launch,
  openPage,
  screenshot,
  settle,
  waitForMap,
  useProduct,
  waitUntil,
} from './support/browser.js';
import { compact, pdfPages } from '../pokja/pdf-text.js';

interface AreaRef {
  code: string;
  name: string;
}
interface Action {
  id: number;
  title: string;
  status: string;
  overdue: boolean;
  then: { period: string | null; value: number | null };
  now: { period: string | null; value: number | null };
  comments: { author: string; body: string }[];
}
interface Detail {
  meeting: { id: number; kecamatan: AreaRef; catatan: string };
  agenda: { kind: string; title: string; detail: string }[];
  actions: Action[];
}
interface Brief extends Detail {
  filters: { area: AreaRef; period: string };
  scorecard: { indicator: { id: string; label: { id: string } } }[];
  actions_overdue: Action[];
  data_dates: Record<string, string | null>;
}

/** Polls until the condition holds (the UI saved something), at most 10 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached within 10 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const longDate = (iso: string) =>
  new Intl.DateTimeFormat('id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));

if (!hasChromium) console.warn('SKIPPED pokja e2e: /usr/bin/chromium is missing.');

describe.skipIf(!hasChromium)('Pokja meeting in Chromium against the running product', () => {
  let product: Product;
  let browser: Browser;
  let kecamatan: AreaRef;
  let desa: AreaRef;

  beforeAll(async () => {
    product = await startProduct();
    useProduct(product.baseUrl);
    browser = await launch();
    const meta = await getJson<{ region: AreaRef }>(product.baseUrl, '/api/meta');
    const region = await getJson<{ children: AreaRef[] }>(
      product.baseUrl,
      `/api/areas/${meta.region.code}`,
    );
    kecamatan = region.children[0]!;
    const kec = await getJson<{ children: AreaRef[] }>(
      product.baseUrl,
      `/api/areas/${kecamatan.code}`,
    );
    desa = kec.children[0]!;
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  const api = <T>(p: string) => getJson<T>(product.baseUrl, p);

  async function addAction(
    page: Page,
    a: { title: string; owner: string; due: string; indicator: string; area: string },
  ) {
    const form = page.locator('[data-testid="action-form"]');
    await form.locator('input[name="title"]').fill(a.title);
    await form.locator('input[name="owner_opd"]').fill(a.owner);
    await form.locator('input[name="due_date"]').fill(a.due);
    await form.locator('select[name="indicator_id"]').selectOption(a.indicator);
    await form.locator('select[name="area"]').selectOption(a.area);
    await page.locator('[data-testid="action-add"]').click();
    await page.locator('[data-testid="action-table"] tr', { hasText: a.title }).waitFor();
  }

  it('creates a meeting, adds actions, edits the agenda and prints the brief to a PDF', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/pokja`);
    await page.locator('[data-testid="meeting-form"]').waitFor({ timeout: 30_000 });
    // The acting user is the logged-in account (the demo admin), shown on the page.
    await expect(page.locator('[data-testid="pokja-user"]').textContent()).resolves.toBe(
      LOGIN.username,
    );

    const form = page.locator('[data-testid="meeting-form"]');
    await form
      .locator(`select[name="kecamatan"] option[value="${kecamatan.code}"]`)
      .waitFor({ state: 'attached' });
    await form.locator('select[name="kecamatan"]').selectOption(kecamatan.code);
    await form.locator('input[name="tanggal"]').fill(AS_OF);
    await form.locator('input[name="tempat"]').fill('Aula Kantor Camat');
    await form.locator('input[name="opd"]').fill('DINSOS, DINKES, PEMDES');
    await page.locator('[data-testid="meeting-create"]').click();
    await page.waitForURL(/\/pokja\/rapat\/\d+$/, { timeout: 30_000 });
    const id = Number(/rapat\/(\d+)/.exec(page.url())![1]);
    await page.locator('[data-testid="meeting-title"]').waitFor();

    // The agenda on screen is the one the API proposed, item by item.
    const proposed = await api<Detail>(`/api/pokja/meetings/${id}`);
    expect(proposed.meeting.kecamatan.code).toBe(kecamatan.code);
    expect(proposed.agenda.length).toBeGreaterThan(0);
    const shownTitles = await page
      .locator('[data-testid="agenda"] li input:first-of-type')
      .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(shownTitles).toEqual(proposed.agenda.map((i) => i.title));

    const overdueTitle = 'Verifikasi warga desil 1–4 tanpa JKN';
    const openTitle = 'Usulkan PBI APBD untuk DTKS tanpa JKN';
    await addAction(page, {
      title: overdueTitle,
      owner: 'DINSOS',
      due: shiftDays(AS_OF, -7),
      indicator: 'gap_jkn_sasaran',
      area: desa.code,
    });
    await addAction(page, {
      title: openTitle,
      owner: 'BPJS_KESEHATAN',
      due: shiftDays(AS_OF, 14),
      indicator: 'pbi_sasaran_pct',
      area: '',
    });
    const overdueRow = page.locator('[data-testid="action-table"] tr', { hasText: overdueTitle });
    await expect(overdueRow.locator('.badge-overdue').count()).resolves.toBe(1);
    const openRow = page.locator('[data-testid="action-table"] tr', { hasText: openTitle });
    await expect(openRow.locator('.badge-overdue').count()).resolves.toBe(0);

    // "Value then" is the warehouse value of the linked indicator for that desa.
    let detail = await api<Detail>(`/api/pokja/meetings/${id}`);
    const first = detail.actions.find((a) => a.title === overdueTitle)!;
    const values = await api<{ rows: { code: string; value: number | null }[] }>(
      `/api/indicators/gap_jkn_sasaran/values?level=desa&parent=${kecamatan.code}`,
    );
    expect(first.then.value).toBe(values.rows.find((r) => r.code === desa.code)!.value);
    expect(first.overdue).toBe(true);

    // Status and a comment on the second action.
    await openRow.locator('[data-testid="action-status"]').selectOption('PROSES');
    await waitUntil(
      page,
      `document.querySelector('[data-testid="action-table"]')?.innerText.includes('${openTitle}')`,
    );
    await openRow.locator('button.link').click();
    await page.locator('[data-testid="comment-input"]').fill('Data dikirim ke BPJS Kesehatan');
    await page.locator('[data-testid="comment-input"]').press('Enter');
    await page.locator('.comments li', { hasText: 'Data dikirim ke BPJS Kesehatan' }).waitFor();
    detail = await api<Detail>(`/api/pokja/meetings/${id}`);
    const second = await api<Action>(
      `/api/pokja/actions/${detail.actions.find((a) => a.title === openTitle)!.id}`,
    );
    expect(second.status).toBe('PROSES');
    expect(second.comments).toEqual([
      expect.objectContaining({
        author: LOGIN.username,
        body: 'Data dikirim ke BPJS Kesehatan',
      }),
    ]);

    // The secretary adds a closing item and the minutes.
    await page.getByRole('button', { name: 'Tambah butir' }).click();
    await page
      .locator('[data-testid="agenda"] li')
      .last()
      .locator('input')
      .first()
      .fill('Penutup dan kesimpulan');
    await page.locator('[data-testid="agenda-save"]').click();
    await until(
      async () =>
        (await api<Detail>(`/api/pokja/meetings/${id}`)).agenda.length > proposed.agenda.length,
    );
    await page.locator('[data-testid="meeting-notes"]').fill('Disepakati dua tindak lanjut.');
    await page.locator('[data-testid="notes-save"]').click();
    await until(
      async () => (await api<Detail>(`/api/pokja/meetings/${id}`)).meeting.catatan !== '',
    );
    await settle(page);
    detail = await api<Detail>(`/api/pokja/meetings/${id}`);
    expect(detail.agenda.at(-1)!.title).toBe('Penutup dan kesimpulan');
    expect(detail.meeting.catatan).toBe('Disepakati dua tindak lanjut.');
    await screenshot(page, 'pokja-rapat', true);

    // The brief: on screen, then printed by Chromium to an A4 PDF whose text we read back.
    await page.locator('[data-testid="brief-link"]').click();
    await page.waitForURL(/\/brief$/);
    await page.locator('[data-testid="brief"]').waitFor();
    await waitForMap(page);
    await settle(page);
    await screenshot(page, 'pokja-brief', true);
    const brief = await api<Brief>(`/api/pokja/meetings/${id}/brief`);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'pokja-brief-print', true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const outDir = path.join(repoRoot, 'tests/.output');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'pokja-brief.pdf'), pdf);

    const pages = pdfPages(pdf);
    expect(pages.length, 'the brief fits one A4 sheet').toBe(1);
    const text = compact(pages.join(' '));
    const expected = [
      `Brief Rapat Pokja Kecamatan ${kecamatan.name}`,
      `Filter: wilayah ${kecamatan.name} (${kecamatan.code})`,
      'Kartu skor dengan target',
      'Tindak lanjut terlambat (1)',
      'Tindak lanjut terbuka lainnya (1)',
      overdueTitle,
      openTitle,
      'Terlambat',
      'Penutup dan kesimpulan',
      'Disepakati dua tindak lanjut.',
      'DINSOS, DINKES, PEMDES',
      ...brief.agenda.map((i) => i.title),
      ...brief.scorecard.map((r) => r.indicator.label.id),
      ...Object.entries(brief.data_dates).map(
        ([feed, date]) => `${feed} ${date ? longDate(date) : 'belum pernah diterima'}`,
      ),
    ];
    for (const phrase of expected) expect(text, phrase).toContain(compact(phrase));
    expect(brief.actions_overdue.map((a) => a.title)).toEqual([overdueTitle]);
    expect(problems, problems.join('; ')).toEqual([]);
    await context.close();
  });

  it('shows the kabupaten rakor summary as the API counts it', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/pokja/rakor`);
    await page
      .locator('[data-testid="rakor-kecamatan"] tbody tr')
      .first()
      .waitFor({ timeout: 30_000 });
    await settle(page);
    const rakor = await api<{
      by_opd: { opd: string; selesai: number; terbuka: number; terlambat: number }[];
      by_kecamatan: { code: string; name: string; terbuka: number; terlambat: number }[];
    }>(`/api/pokja/rakor?tanggal=${new Date().toISOString().slice(0, 10)}`);
    const rows = await page
      .locator('[data-testid="rakor-opd"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())),
      );
    expect(rows).toEqual(
      rakor.by_opd.map((r) => [
        r.opd,
        String(r.selesai),
        String(r.terbuka),
        String(r.terlambat),
        '0',
      ]),
    );
    expect(await page.locator('[data-testid="rakor-kecamatan"] tbody tr').count()).toBe(
      rakor.by_kecamatan.length,
    );
    await screenshot(page, 'pokja-rakor', true);
    expect(problems, problems.join('; ')).toEqual([]);
    await context.close();
  });

  it('lets an admin set a kecamatan target that the scorecard then uses, with the change recorded', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${product.baseUrl}/pokja/target`);
    const scope = page.locator('[data-testid="target-scope"]');
    await scope.locator(`option[value="${kecamatan.code}"]`).waitFor({ state: 'attached' });
    await scope.selectOption(kecamatan.code);
    const row = page.locator('[data-testid="target-table"] tr[data-indicator="pbi_sasaran_pct"]');
    await row.locator('input').fill('55,5');
    await row.getByRole('button', { name: 'Simpan' }).click();
    await page
      .locator('[data-testid="target-audit"] tbody tr', { hasText: LOGIN.username })
      .waitFor();
    const saved = await api<{
      targets: {
        indicator_id: string;
        area_code: string | null;
        target: number;
        updated_by: string;
      }[];
    }>('/api/targets');
    expect(saved.targets).toContainEqual(
      expect.objectContaining({
        indicator_id: 'pbi_sasaran_pct',
        area_code: kecamatan.code,
        target: 55.5,
        updated_by: LOGIN.username,
      }),
    );
    const card = await api<{ rows: { indicator: { id: string }; target: number }[] }>(
      `/api/scorecard?area=${kecamatan.code}`,
    );
    expect(card.rows.find((r) => r.indicator.id === 'pbi_sasaran_pct')!.target).toBe(55.5);
    await screenshot(page, 'pokja-target', true);
    expect(problems, problems.join('; ')).toEqual([]);
    await context.close();
  });
});
