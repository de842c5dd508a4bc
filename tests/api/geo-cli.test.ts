/**
 * `npm run geo` (the compiled CLI): the report of the UTM Shapefile fixture printed, nothing saved
 * without --accept, the boundaries in the data folder with it (and used by the API's GeoService),
 * status, remove, and the errors (exit 1 for a file that cannot be used, 2 for bad arguments).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boundaryFiles } from '../../api/areas/boundary-import.js';
import { GeoService } from '../../api/areas/geo.service.js';
import { repoRoot } from '../../api/common/paths.js';
import { loadConfig } from '../../api/config/config.js';
import { tempDir } from './support.js';

const CLI = path.join(repoRoot, 'dist', 'api', 'areas', 'geo-cli.js');
const FIXTURE = path.join(repoRoot, 'tests/fixtures/geo/kapuas-selat-utm50s.zip');
let root = '';
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function geo(args: string[]) {
  const env = { ...process.env };
  delete env.REGION_CODE;
  delete env.DATA_DIR;
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('npm run geo', () => {
  it('prints the report, and with --accept stores the boundaries every map uses', async () => {
    root = await tempDir('geo-cli');
    const data = path.join(root, 'data');
    const files = boundaryFiles(data, '62.03', 'desa');
    const dry = geo(['import', FIXTURE, '--code-column', 'KDEPUM', '--data', data]);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('diproyeksikan ulang ke WGS84 dari .prj');
    expect(dry.out).toContain('Poligon: 13; cocok 11; tidak cocok 2');
    expect(dry.out).toContain('Desa referensi berpoligon: 10 dari 231; tanpa poligon 221');
    expect(dry.out).toContain('Ganda (digabung): 62.03.01.1010 Selat Dalam ×2');
    expect(dry.out).toContain('#12 6203019999: kode tidak ada di referensi');
    expect(dry.out).toContain('#13 6271011001: di luar wilayah');
    expect(dry.out).toContain('Belum disimpan');
    expect(existsSync(files.topology)).toBe(false);

    const saved = geo(['import', FIXTURE, '--code-column', 'KDEPUM', '--data', data, '--accept']);
    expect(saved.code, saved.err).toBe(0);
    expect(existsSync(files.topology)).toBe(true);
    const served = new GeoService(
      loadConfig({ REGION_CODE: '62.03', DATA_DIR: data }),
      null as never,
    ).geo();
    expect(JSON.stringify(served.sources)).toContain('"file":"kapuas-selat-utm50s.zip"');
    expect(geo(['status', '--data', data]).out).toMatch(
      /desa: kapuas-selat-utm50s\.zip, diimpor oleh .+ \(CLI\).*\(10 dari 231 berpoligon\)/,
    );
    const removed = geo(['remove', 'desa', '--data', data]);
    expect(removed.out).toContain('kembali memakai batas bawaan');
    expect(existsSync(files.topology)).toBe(false);
  });

  it('says what to fix', () => {
    const column = geo(['import', FIXTURE, '--code-column', 'KODE', '--data', root]);
    expect(column.code).toBe(1);
    expect(column.err).toMatch(/Kolom kode 'KODE' tidak ada.*KDEPUM/);
    expect(geo(['import', FIXTURE, '--region', '6203']).code).toBe(2);
    expect(geo(['import']).code).toBe(2);
    expect(geo(['hapus']).err).toMatch(/tidak dikenal; pakai import, status atau remove/);
  });
});
