// Table and image exports. CSV is written here; XLSX uses exceljs's browser build, loaded only
// when someone asks for a workbook so it never weighs on the first page load.

export interface ExportColumn {
  key: string;
  label: string;
  /** 'text' keeps codes like 62.03.01 from turning into numbers in a spreadsheet. */
  type?: 'text' | 'number';
  /** Excel number format for the column, e.g. '#,##0' or '0.0'. */
  numFmt?: string;
}

export type ExportRow = Record<string, string | number | null | undefined>;

/**
 * The one guard of every exported cell (CSV and XLSX, headers included) against formula
 * injection: names and codes come from the offices' inbox files, and a text such as
 * `=HYPERLINK(…)` or `@SUM(…)` would run as a formula when the file is opened in a spreadsheet.
 * A text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
 * spreadsheets show as text. Numbers stay numbers (a negative number is not text).
 */
export function safeCell<T extends string | number | null | undefined>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(safeCell(value));
  return /[";\n\r,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV with a comma separator and full-precision numbers with a dot decimal, so any tool parses the
 * figures exactly; a BOM makes Excel read the names as UTF-8.
 */
export function toCsv(columns: ExportColumn[], rows: ExportRow[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.key])).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export function downloadBlob(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function downloadCsv(filename: string, columns: ExportColumn[], rows: ExportRow[]): void {
  downloadBlob(
    new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }),
    `${filename}.csv`,
  );
}

interface ExcelWorkbook {
  creator: string;
  addWorksheet(name: string): {
    columns: { header: string; key: string; width: number; style?: { numFmt?: string } }[];
    addRow(row: Record<string, unknown>): void;
    getRow(n: number): { font: unknown };
    views: unknown[];
  };
  xlsx: { writeBuffer(): Promise<ArrayBuffer> };
}

export interface Sheet {
  name: string;
  columns: ExportColumn[];
  rows: ExportRow[];
}

export async function buildXlsx(sheets: Sheet[]): Promise<Blob> {
  const mod = (await import('exceljs/dist/exceljs.min.js')) as unknown as {
    default?: { Workbook: new () => ExcelWorkbook };
    Workbook?: new () => ExcelWorkbook;
  };
  const Workbook = mod.Workbook ?? mod.default!.Workbook;
  const wb = new Workbook();
  wb.creator = 'Dasbor Pokja SLRT-Puskesos';
  for (const sheet of sheets) {
    // Excel limits sheet names to 31 characters and forbids a few symbols.
    const ws = wb.addWorksheet(sheet.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
    ws.columns = sheet.columns.map((c) => ({
      header: safeCell(c.label),
      key: c.key,
      width: Math.max(10, Math.min(40, c.label.length + 4)),
      style: c.numFmt ? { numFmt: c.numFmt } : undefined,
    }));
    for (const row of sheet.rows) {
      const out: Record<string, unknown> = {};
      for (const c of sheet.columns) {
        const v = row[c.key];
        out[c.key] =
          v === null || v === undefined ? null : safeCell(c.type === 'text' ? String(v) : v);
      }
      ws.addRow(out);
    }
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Blob([buffer], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

export async function downloadXlsx(filename: string, sheets: Sheet[]): Promise<void> {
  downloadBlob(await buildXlsx(sheets), `${filename}.xlsx`);
}

export function downloadDataUrl(dataUrl: string, filename: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** A file name safe on every OS, from parts like the view, the area and the month. */
export function fileName(...parts: (string | undefined | null)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join('_')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .toLowerCase();
}
