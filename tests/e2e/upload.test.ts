/**
 * Loading an office's files from the Data page in real headless Chromium, against the real API
 * (login on) over the sample data folder (Kapuas, as-of 2024-07-05, registry snapshots from
 * 2024-06), with uploads limited to 1 MB:
 *
 * - a legacy SIKS-NG DTKS export of May 2024 (written below: SIKS-NG headers, areas named by
 *   kecamatan and desa instead of codes) whose NIK sits under a header the ETL does not know,
 *   with one relation the contract does not know and one desa misspelled. The upload is cut off
 *   once (the page offers to upload again); the dry run names the missing column, the unknown
 *   value and the unknown desa; each is fixed in place (a column map, a value map, an alias),
 *   each save checking the file again; then "Muat sekarang" runs the ETL, the page follows it to
 *   its result, and the registry figure of May 2024 on Ringkasan changes from none to the rows
 *   loaded;
 * - a corrupt .xlsx (random bytes), whose dry run refuses it whole (BERKAS_RUSAK) once its feed
 *   is chosen, then discarded; a file over the limit, refused in the browser;
 * - no raw NIK anywhere: neither the dry runs' JSON nor the page's text holds a 16-digit run.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type RunningApi, startSampleApi, TEST_ADMIN_PASSWORD } from '../api/support.js';
import { hasChromium, launch, openPage, screenshot, useProduct } from './support/browser.js';

const ADMIN = { username: 'admin', password: TEST_ADMIN_PASSWORD };
const PERIOD = '2024-05';
const FILE = `dtks_siksng_selat_${PERIOD}.csv`;
/** The header the NIK sits under: no contract name, no synonym of a real export. */
const NIK_HEADER = 'NO INDUK WARGA';

/**
 * A SIKS-NG style export (semicolons, CRLF, UTF-8 with BOM as Excel saves it): its real headers
 * (IDDTKS, Nokk, Tgl_Lahir, Hub_Keluarga: etl/feeds.ts HEADER_SYNONYMS), a NAMA column the ETL
 * never reads, areas by name, no periode column (the file name gives it). Row 4's MERTUA is no
 * contract relation; rows 5–6 misspell Selat Tengah; row 11 repeats row 1's NIK (DUPLIKAT).
 */
const ROWS = [
  'DTKS-S-0001;6203012001850001;6203010101240001;BUDI;SELAT;SELAT HILIR;12/03/1985;LAKI-LAKI;KEPALA KELUARGA;1;NELAYAN',
  'DTKS-S-0002;6203014502880002;6203010101240001;SITI;SELAT;SELAT HILIR;05/02/1988;PEREMPUAN;ISTRI;1;MENGURUS RUMAH TANGGA',
  'DTKS-S-0003;6203011005100003;6203010101240001;ANDI;SELAT;SELAT HILIR;10/05/2010;LAKI-LAKI;ANAK;1;PELAJAR',
  'DTKS-S-0004;6203015507450004;6203010101240001;ASMAH;SELAT;SELAT HILIR;15/07/1945;PEREMPUAN;MERTUA;1;TIDAK BEKERJA',
  'DTKS-S-0005;6203010303700005;6203010101240002;RUSLAN;SELAT;SELAT TENGA;03/03/1970;LAKI-LAKI;KEPALA KELUARGA;2;PETANI',
  'DTKS-S-0006;6203014404720006;6203010101240002;ANI;SELAT;SELAT TENGA;04/04/1972;PEREMPUAN;ISTRI;2;PETANI',
  'DTKS-S-0007;6203012012950007;6203010101240003;DEDI;SELAT;SELAT HULU;20/12/1995;LAKI-LAKI;KEPALA KELUARGA;3;BURUH HARIAN',
  'DTKS-S-0008;6203016106970008;6203010101240003;RINA;SELAT;SELAT HULU;21/06/1997;PEREMPUAN;ISTRI;3;PEDAGANG',
  'DTKS-S-0009;6203010808600009;6203010101240004;SLAMET;SELAT;SELAT DALAM;08/08/1960;LAKI-LAKI;KEPALA KELUARGA;4;PETANI',
  'DTKS-S-0010;6203014909620010;6203010101240004;SUMI;SELAT;SELAT DALAM;09/09/1962;PEREMPUAN;ISTRI;4;MENGURUS RUMAH TANGGA',
  'DTKS-S-0011;6203012001850001;6203010101240001;BUDI;SELAT;SELAT HILIR;12/03/1985;LAKI-LAKI;KEPALA KELUARGA;1;NELAYAN',
];
const HEADER = `IDDTKS;${NIK_HEADER};Nokk;NAMA;KECAMATAN;DESA/KELURAHAN;Tgl_Lahir;JENIS KELAMIN;Hub_Keluarga;DESIL;PEKERJAAN`;
const SIKS_NG = Buffer.from(`\uFEFF${[HEADER, ...ROWS].join('\r\n')}\r\n`, 'utf8');
/** Rows the fixed file loads: all but the DUPLIKAT. */
const LOADS = 10;
/** Selat Tengah, the desa the misspelling means. */
const SELAT_TENGAH = '62.03.01.1008';

let api: RunningApi | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  if (!hasChromium) return;
  api = await startSampleApi('e2e-upload', { RATE_LIMIT: '0', UPLOAD_MAX_MB: '1' });
  useProduct(api.url);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** The registry figure of May 2024 for the kabupaten, as its Ringkasan tile shows it. */
async function registryFigure(page: Page): Promise<{ text: string; value: string }> {
  await page.goto(`${api!.url}/?indikator=registri_individu&periode=${PERIOD}`);
  const tile = page.locator('.kpi[data-indicator="registri_individu"]');
  await tile.waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  return {
    text: (await tile.locator('.kpi-value').innerText()).trim(),
    value: (await tile.getAttribute('data-value')) ?? '',
  };
}

const row = (page: Page, name: string) =>
  page.locator(`[data-testid="staged-row"][data-name="${name}"]`);

/** Saves one fix and waits for the new map version's dry run. */
async function saveFix(page: Page, fix: string, version: number): Promise<void> {
  await page.locator(`[data-testid="${fix}"] [data-testid="fix-save"]`).first().click();
  const saved = page.getByTestId('preview-saved');
  await expect
    .poll(async () => ((await saved.count()) ? saved.innerText() : ''), { timeout: 60_000 })
    .toContain(`Peta versi ${version} disimpan`);
  expect(await page.getByTestId('preview-map-version').innerText()).toBe(`versi ${version}`);
}

describe.skipIf(!hasChromium)('loading an office’s files from the Data page', () => {
  it('uploads, checks, fixes in place and loads a SIKS-NG export; the registry figure changes', async () => {
    const { page, context, problems } = await openPage(browser!, undefined, ADMIN);
    const previews: string[] = [];
    page.on('response', (r) => {
      if (/\/api\/uploads\/[0-9a-f]{16}\/preview$/.test(new URL(r.url()).pathname))
        void r.text().then((t) => previews.push(t));
    });
    try {
      const before = await registryFigure(page);
      expect(before.value).toBe(''); // no registry snapshot of May 2024 yet

      await page.goto(`${api!.url}/data`);
      await page.getByTestId('upload-drop').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('upload-panel').innerText()).toContain(
        'Pilih berkas atau seret ke sini',
      );

      // The first upload is cut off: the page says so and uploads it again.
      let cut = false;
      await page.route('**/api/uploads', (route) => {
        if (route.request().method() === 'POST' && !cut) {
          cut = true;
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      const input = page.getByTestId('upload-input');
      await input.setInputFiles({ name: FILE, mimeType: 'text/csv', buffer: SIKS_NG });
      const item = page.locator(`[data-testid="upload-item"][data-name="${FILE}"]`);
      await expect
        .poll(() => item.getAttribute('data-state'), { timeout: 30_000 })
        .toBe('interrupted');
      expect(await item.innerText()).toContain('Unggahan terputus; unggah lagi');
      await page.unroute('**/api/uploads');
      await item.getByTestId('upload-retry').click();
      await expect.poll(() => item.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
      await row(page, FILE).waitFor({ timeout: 30_000 });
      // Without a NIK column the ETL knows, the header fits a DTSEN family file best (no_kk, the
      // areas, DESIL): the officer chooses the feed the file is.
      const feedFrom = row(page, FILE).getByTestId('staged-feed-from');
      expect(await feedFrom.innerText()).toBe('dari judul kolom');
      const feedSelect = row(page, FILE).getByTestId('staged-feed');
      expect(await feedSelect.inputValue()).toBe('');
      expect(await feedSelect.locator('option').first().innerText()).toBe('kenali otomatis: dtsen');
      await feedSelect.selectOption('dtks');
      await expect.poll(() => feedFrom.innerText()).toBe('dipilih');

      // Over the limit: refused in the browser, nothing sent.
      let posts = 0;
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/uploads')) posts++;
      });
      await input.setInputFiles({
        name: 'besar.csv',
        mimeType: 'text/csv',
        buffer: Buffer.alloc(1024 * 1024 + 512 * 1024, 'a'),
      });
      const big = page.locator('[data-testid="upload-item"][data-name="besar.csv"]');
      expect(await big.getAttribute('data-state')).toBe('refused');
      expect(await big.innerText()).toContain('Berkas lebih dari 1 MB');
      expect(posts).toBe(0);

      // Periksa: the NIK is not found.
      await row(page, FILE).getByTestId('staged-check').click();
      const preview = page.getByTestId('upload-preview');
      const fileError = page.getByTestId('preview-file-error');
      await fileError.waitFor({ timeout: 60_000 });
      expect(await fileError.innerText()).toContain('KOLOM_TIDAK_ADA');
      expect(await page.getByTestId('preview-feed').innerText()).toBe('dtks — dipilih admin');
      const column = page.locator('[data-testid="fix-column"][data-column="nik"]');
      expect(await column.innerText()).toContain('Kolom wajib nik tidak ditemukan');
      await screenshot(page, 'unggah-periksa-kolom-hilang', true);

      // Fix 1: the NIK's header.
      await page.getByTestId('fix-note').fill('ekspor SIKS-NG Kecamatan Selat, Mei 2024');
      await column.getByTestId('fix-column-header').selectOption(NIK_HEADER);
      await saveFix(page, 'fix-column', 1);
      expect(await fileError.count()).toBe(0);
      const headers = await page.getByTestId('preview-headers').innerText();
      expect(headers).toMatch(new RegExp(`${NIK_HEADER}\\s+nik\\s+peta admin`));
      expect(headers).toMatch(/NAMA\s+–\s+tidak dibaca/);
      expect(await page.getByTestId('preview-would-load').innerText()).toContain('7');
      const rejects = await page.getByTestId('preview-rejects').innerText();
      expect(rejects).toContain('NILAI_TIDAK_DIKENAL');
      expect(rejects).toContain('KODE_WILAYAH_TIDAK_DIKENAL');
      expect(await page.getByTestId('preview-periodes').innerText()).toBe(PERIOD);

      // Fix 2: the relation the contract does not know, from the contract's values.
      const value = page.locator('[data-testid="fix-value"][data-column="hubungan_keluarga"]');
      expect(await value.innerText()).toContain("Nilai 'MERTUA'");
      await value.getByTestId('fix-value-select').selectOption('FAMILI_LAIN');
      await saveFix(page, 'fix-value', 2);
      expect(await page.getByTestId('preview-would-load').innerText()).toContain('8');

      // Fix 3: the misspelled desa, chosen within its kecamatan (found by its name).
      const area = page.getByTestId('fix-area');
      expect(await area.innerText()).toContain('Desa "SELAT TENGA", Kecamatan "SELAT" (2 baris)');
      expect(await area.getByTestId('fix-area-kecamatan').inputValue()).toBe('62.03.01');
      await area.getByTestId('fix-area-desa').selectOption(SELAT_TENGAH);
      await saveFix(page, 'fix-area', 3);

      // Checked again: no file error, every row but the DUPLIKAT loads, into May's empty slice.
      expect(await fileError.count()).toBe(0);
      expect(await page.getByTestId('preview-fixes').count()).toBe(0);
      expect(await page.getByTestId('preview-rows-read').innerText()).toContain('11');
      expect(await page.getByTestId('preview-would-load').innerText()).toContain(String(LOADS));
      expect(await page.getByTestId('preview-would-reject').innerText()).toContain('1');
      expect(await page.getByTestId('preview-rejects').innerText()).toContain('DUPLIKAT');
      const slices = await page.getByTestId('preview-slices').innerText();
      expect(slices).toContain(`periode ${PERIOD} × kab 62.03`);
      expect(slices).toContain('ganti: 0 baris tersimpan dihapus');
      // "Gabungkan" checks the file again as a merge.
      await row(page, FILE).getByTestId('staged-merge').check();
      await expect
        .poll(
          () =>
            page
              .getByTestId('preview-slices')
              .innerText()
              .catch(() => ''),
          {
            timeout: 60_000,
          },
        )
        .toMatch(/gabung: .*baris tersimpan tetap/);
      await row(page, FILE).getByTestId('staged-merge').uncheck();
      await expect
        .poll(
          () =>
            page
              .getByTestId('preview-slices')
              .innerText()
              .catch(() => ''),
          {
            timeout: 60_000,
          },
        )
        .toContain('ganti: 0 baris tersimpan dihapus');
      await screenshot(page, 'unggah-periksa-diperbaiki', true);

      // A corrupt .xlsx: its feed chosen, the dry run refuses it whole; then discarded.
      await input.setInputFiles({
        name: 'x.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: randomBytes(4096),
      });
      await row(page, 'x.xlsx').waitFor({ timeout: 30_000 });
      await row(page, 'x.xlsx').getByTestId('staged-feed').selectOption('dtks');
      await expect
        .poll(() => row(page, 'x.xlsx').getByTestId('staged-feed-from').innerText())
        .toBe('dipilih');
      await row(page, 'x.xlsx').getByTestId('staged-check').click();
      await expect
        .poll(() => preview.locator('h3').innerText(), { timeout: 30_000 })
        .toContain('x.xlsx');
      await fileError.waitFor({ timeout: 60_000 });
      const corrupt = await fileError.innerText();
      expect(corrupt).toContain('BERKAS_RUSAK');
      expect(corrupt.split('\n').filter((l) => l.trim()).length).toBeGreaterThan(1); // the message
      await screenshot(page, 'unggah-xlsx-rusak');
      page.once('dialog', (d) => void d.accept());
      await row(page, 'x.xlsx').getByTestId('staged-discard').click();
      await row(page, 'x.xlsx').waitFor({ state: 'detached', timeout: 30_000 });

      // Muat sekarang: the run's progress, then its result.
      expect(await row(page, FILE).getByTestId('staged-select').isChecked()).toBe(true);
      await page.getByTestId('load-now').click();
      await expect
        .poll(() =>
          page
            .getByTestId('load-message')
            .innerText()
            .catch(() => ''),
        )
        .toContain('1 berkas masuk inbox. Run ETL dimulai');
      await page.getByTestId('load-progress').waitFor();
      const result = page.getByTestId('load-result');
      await result.waitFor({ timeout: 300_000 });
      expect(await result.getAttribute('data-status')).toBe('SUCCESS');
      const dtks = page.locator('[data-testid="load-feeds"] tr[data-feed="dtks"]');
      expect(await dtks.getByTestId('load-rows-loaded').innerText()).toBe(String(LOADS));
      expect(await page.locator('[data-testid="load-file"]').getAttribute('data-read')).toBe(
        'true',
      );
      expect(await page.locator('[data-testid="load-stage"][data-state="done"]').count()).toBe(8);
      expect(await page.getByTestId('staged-none').innerText()).toContain('Belum ada berkas');
      await screenshot(page, 'unggah-dimuat', true);

      // No raw NIK reached the page or the dry runs' answers.
      expect(await page.evaluate('document.body.innerText')).not.toMatch(/\d{16}/);
      expect(previews.length).toBeGreaterThanOrEqual(6);
      for (const json of previews) expect(json).not.toMatch(/\d{16}/);

      // Ringkasan: May 2024 now has a registry snapshot, the rows loaded.
      const after = await registryFigure(page);
      expect(after.value).toBe(String(LOADS));
      expect(after.text).not.toBe(before.text);
      await screenshot(page, 'unggah-ringkasan-sesudah');

      // The only failed request is the upload the test cut off (and the console's word on it).
      const cutOff = (p: string) => p.includes('ERR_CONNECTION_RESET');
      expect(problems.filter((p) => !cutOff(p))).toEqual([]);
      expect(problems.filter(cutOff)).toContainEqual(
        expect.stringMatching(/^request failed: .*\/api\/uploads net::ERR_CONNECTION_RESET$/),
      );
    } finally {
      await context.close();
    }
  }, 600_000);
});
