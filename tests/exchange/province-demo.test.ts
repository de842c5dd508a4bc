/**
 * The province demo (etl/demo/province.ts, `npm run demo` with REGION_CODE=62): two kabupaten
 * made, run through the ETL, exported and imported into an empty province data folder; the
 * scratch kabupaten instances are gone afterwards (small scale here).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { provinceDemo } from '../../etl/demo/province.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { query } from '../support/duckdb.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs('provinsi-demo-');

describe('province demo', () => {
  it('imports Kapuas and Palangka Raya into the province warehouse, logging progress', async () => {
    const data = path.join(await temp(), 'data');
    const messages: string[] = [];
    const imports = await provinceDemo({
      dataDir: data,
      provinceCode: '62',
      scale: 0.02,
      months: 3,
      onProgress: (m) => messages.push(m),
    });
    expect(imports.map((e) => e.kabupaten_code)).toEqual(['62.03', '62.71']);
    expect(messages).toContain('62.71: impor ke provinsi 62');
    const wh = dataFolder(data).warehouse;
    const kab = await query(
      wh,
      `SELECT area_code, count(*)::INTEGER AS n FROM indicator_values
       WHERE level IN ('kabupaten', 'provinsi') GROUP BY 1 ORDER BY 1`,
    );
    expect(kab.map((r) => r.area_code)).toEqual(['62', '62.03', '62.71']);
    const status = await query(
      wh,
      `SELECT kabupaten_code FROM agregat_status WHERE last_import_at IS NOT NULL ORDER BY 1`,
    );
    expect(status.map((r) => r.kabupaten_code)).toEqual(['62.03', '62.71']);
    expect(existsSync(path.join(data, '.demo-kabupaten'))).toBe(false);
    expect(existsSync(dataFolder(data).registeredKey('62.71'))).toBe(true);
    await expect(provinceDemo({ dataDir: data, provinceCode: '63' })).rejects.toThrow(
      /Belum ada demo/,
    );
  });
});
