/** The test helper that reads Chromium PDFs, checked on a page whose text we know. */
import { describe, expect, it } from 'vitest';
import { hasChromium, launch } from '../e2e/support/browser.js';
import { compact, pdfPages } from './pdf-text.js';

describe.skipIf(!hasChromium)('pdfPages', () => {
  it('reads back the text of a two-page Chromium PDF, per page', async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      await page.setContent(
        `<h1>Brief Rapat Pokja</h1><p>Kecamatan <b>Selat</b>: 66,7% — jatuh tempo 10 Juli 2024</p>
         <p style="break-before: page">Halaman kedua ≤ 14 hari</p>`,
      );
      const pdf = await page.pdf({ format: 'A4' });
      const pages = pdfPages(pdf);
      expect(pages).toHaveLength(2);
      expect(pages[0]).toContain('Brief Rapat Pokja');
      expect(compact(pages[0]!)).toContain(
        compact('Kecamatan Selat: 66,7% — jatuh tempo 10 Juli 2024'),
      );
      expect(pages[1]).toContain('Halaman kedua ≤ 14 hari');
      expect(pages[1]).not.toContain('Selat');
    } finally {
      await browser.close();
    }
  });
});
