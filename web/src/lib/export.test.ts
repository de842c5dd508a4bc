import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildXlsx, fileName, toCsv } from './export.js';

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
    expect(fileName('Peta Kecamatan', 'pbi_dtks_pct', '2024-06', null)).toBe(
      'peta-kecamatan_pbi_dtks_pct_2024-06',
    );
  });
});
