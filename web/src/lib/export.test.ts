import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildXlsx, fileName, safeCell, toCsv } from './export.js';

const columns = [
  { key: 'code', label: 'Kode', type: 'text' as const },
  { key: 'name', label: 'Nama', type: 'text' as const },
  { key: 'value', label: 'Nilai' },
];
const rows = [
  { code: '62.03.01', name: 'Selat', value: 66.66666666666667 },
  { code: '62.03.02', name: 'Kapuas "Hilir", kota', value: null },
];

describe('toCsv', () => {
  it('writes a header, full-precision numbers, empty cells for no data and quotes where needed', () => {
    const csv = toCsv(columns, rows);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Kode,Nama,Nilai',
      '62.03.01,Selat,66.66666666666667',
      '62.03.02,"Kapuas ""Hilir"", kota",',
      '',
    ]);
  });
});

describe('buildXlsx', () => {
  it('writes a workbook that Excel readers open with the same cells', async () => {
    const blob = await buildXlsx([{ name: 'Nilai per kecamatan', columns, rows }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await blob.arrayBuffer());
    const ws = wb.getWorksheet('Nilai per kecamatan')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Kode', 'Nama', 'Nilai']);
    expect(ws.getCell('A2').value).toBe('62.03.01');
    expect(ws.getCell('C2').value).toBeCloseTo(66.6667, 3);
    expect(ws.getCell('C3').value).toBeNull();
  });
});

describe('fileName', () => {
  it('joins parts into a safe lower-case name', () => {
    expect(fileName('Peta Kecamatan', 'pbi_sasaran_pct', '2024-06', null)).toBe(
      'peta-kecamatan_pbi_sasaran_pct_2024-06',
    );
  });
});

describe('formula injection', () => {
  const hostile = [
    { code: '=HYPERLINK("http://evil.example","klik")', name: '@SUM(A1:A9)', value: -3 },
    { code: '+62.03', name: '-1+1', value: 0 },
    { code: '\tTAB', name: '\rCR', value: 12.5 },
    { code: '62.03.01', name: 'Selat = aman', value: null },
  ];
  const cols = [
    { key: 'code', label: '=Kode', type: 'text' as const },
    { key: 'name', label: 'Nama', type: 'text' as const },
    { key: 'value', label: 'Nilai' },
  ];

  it('safeCell quotes texts that start a formula and leaves numbers alone', () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('+1')).toBe("'+1");
    expect(safeCell('-1')).toBe("'-1");
    expect(safeCell('\tx')).toBe("'\tx");
    expect(safeCell('\rx')).toBe("'\rx");
    expect(safeCell('a=b')).toBe('a=b');
    expect(safeCell('< 5')).toBe('< 5');
    expect(safeCell(-3)).toBe(-3);
    expect(safeCell(null)).toBeNull();
  });

  it('CSV cells and headers cannot start a formula', () => {
    const lines = toCsv(cols, hostile).slice(1).split('\r\n');
    expect(lines[0]).toBe("'=Kode,Nama,Nilai");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""klik"")",'@SUM(A1:A9),-3`);
    expect(lines[2]).toBe("'+62.03,'-1+1,0");
    expect(lines[3]).toBe(`'\tTAB,"'\rCR",12.5`);
    expect(lines[4]).toBe('62.03.01,Selat = aman,');
  });

  it('XLSX text cells cannot start a formula; numbers stay numbers', async () => {
    const blob = await buildXlsx([{ name: 'Data', columns: cols, rows: hostile }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await blob.arrayBuffer());
    const ws = wb.getWorksheet('Data')!;
    expect(ws.getCell('A1').value).toBe("'=Kode");
    expect(ws.getCell('A2').value).toBe('\'=HYPERLINK("http://evil.example","klik")');
    expect(ws.getCell('B2').value).toBe("'@SUM(A1:A9)");
    expect(ws.getCell('C2').value).toBe(-3);
    expect(ws.getCell('A3').value).toBe("'+62.03");
    expect(ws.getCell('B3').value).toBe("'-1+1");
    expect(ws.getCell('A4').value).toBe("'\tTAB");
    // The XLSX format stores a carriage return as a line feed; the quote is what counts.
    expect(String(ws.getCell('B4').value)).toMatch(/^'[\r\n]CR$/);
    expect(ws.getCell('A5').value).toBe('62.03.01');
    for (const cell of ['A2', 'B2', 'A3', 'B3'])
      expect(ws.getCell(cell).type).toBe(ExcelJS.ValueType.String);
  });
});
