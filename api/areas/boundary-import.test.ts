/**
 * Boundary import on the fixtures of tests/fixtures/geo (made with mapshaper by its
 * make-fixtures.sh): a BIG-style Shapefile in UTM zone 50S matched by code and by name, a GeoJSON
 * with names only, the errors an admin can meet, and the size of a whole kabupaten's result.
 */
import mapshaper from 'mapshaper';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../common/paths.js';
import { loadConfig } from '../config/config.js';
import {
  analyseBoundaries,
  BoundaryImportError,
  type BoundaryRecord,
  storeBoundaries,
} from './boundary-import.js';
import { GeoService } from './geo.service.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'tests/fixtures/geo', name));
const SHIPPED_KAPUAS = path.join(repoRoot, 'api/geo/62.03-kab-kapuas.topo.json');

interface Topo {
  arcs: number[][][];
  objects: Record<string, { geometries: { properties: Record<string, string> }[] }>;
}

describe('boundary import', () => {
  it('reprojects a UTM 50S Shapefile and matches it by its code column', async () => {
    const { report, result } = await analyseBoundaries(
      fixture('kapuas-selat-utm50s.zip'),
      'kapuas-selat-utm50s.zip',
      '62.03',
      { level: 'desa', codeColumn: 'KDEPUM' },
    );
    expect(report).toMatchObject({
      format: 'shapefile',
      reprojected: true,
      match_by: 'code',
      polygons: 13,
      matched: 11,
      areas_matched: 10,
      areas_total: 231,
      unmatched: { count: 2, by_reason: { KODE_TIDAK_DIKENAL: 1, DI_LUAR_WILAYAH: 1 } },
      missing: { count: 221 },
      duplicates: [{ code: '62.03.01.1010', name: 'Selat Dalam', polygons: 2 }],
    });
    expect(report.unmatched.rows.map((r) => r.code).sort()).toEqual(['6203019999', '6271011001']);
    expect(report.columns.find((c) => c.name === 'KDEPUM')?.code_values).toBe(12); // 6203019999 has the shape too
    const topo = result as Topo;
    const desa = topo.objects.desa!.geometries.map((g) => g.properties);
    expect(desa).toHaveLength(10);
    expect(desa).toContainEqual({ code: '62.03.01.1010', name: 'Selat Dalam', level: 'desa' });
    // Selat has all its 10 desa: its outline is derived from them
    expect(topo.objects.kecamatan!.geometries.map((g) => g.properties)).toEqual([
      { code: '62.03.01', name: 'Selat', level: 'kecamatan' },
    ]);
    const [x, y] = topo.arcs[0]![0]!;
    expect(x).toBeGreaterThan(114);
    expect(x).toBeLessThan(115);
    expect(y).toBeGreaterThan(-4);
    expect(y).toBeLessThan(-2);
  });

  it('matches by code on a province instance (REGION_CODE=62): the whole province is the reference', async () => {
    const { report } = await analyseBoundaries(
      fixture('kapuas-selat-utm50s.zip'),
      'kapuas-selat-utm50s.zip',
      '62',
      { level: 'desa', codeColumn: 'KDEPUM' },
    );
    // 6271011001 (Palangka Raya) lies inside the province: matched here, outside on 62.03.
    expect(report).toMatchObject({
      region: { code: '62', name: 'Kalimantan Tengah' },
      match_by: 'code',
      polygons: 13,
      matched: 12,
      areas_matched: 11,
      unmatched: { count: 1, by_reason: { KODE_TIDAK_DIKENAL: 1 } },
    });
    expect(report.areas_total).toBeGreaterThan(1500);
  });

  it('matches the same Shapefile by names within the kecamatan', async () => {
    const { report } = await analyseBoundaries(
      fixture('kapuas-selat-utm50s.zip'),
      'selat.zip',
      '62.03',
      { level: 'desa' },
    );
    expect(report).toMatchObject({
      match_by: 'name',
      name_column: 'WADMKD',
      kecamatan_column: 'WADMKC',
      matched: 11,
      areas_matched: 10,
      unmatched: { count: 2, by_reason: { NAMA_TIDAK_DIKENAL: 1, KECAMATAN_TIDAK_DIKENAL: 1 } },
    });
  });

  it('matches a GeoJSON with names only ("Desa …", "KEL. …", "Kec. …")', async () => {
    const { report, result } = await analyseBoundaries(
      fixture('kapuas-hilir-nama.geojson'),
      'kapuas-hilir-nama.geojson',
      '62.03',
      { level: 'desa' },
    );
    expect(report).toMatchObject({
      format: 'geojson',
      reprojected: false,
      match_by: 'name',
      name_column: 'DESA',
      kecamatan_column: 'KECAMATAN',
      polygons: 9,
      matched: 8,
      areas_matched: 8,
      unmatched: {
        count: 1,
        by_reason: { NAMA_TIDAK_DIKENAL: 1 },
        rows: [
          { name: 'Desa Tidak Ada', kecamatan: 'Kec. Kapuas Hilir', reason: 'NAMA_TIDAK_DIKENAL' },
        ],
      },
      duplicates: [],
      missing: { count: 223 },
    });
    expect((result as Topo).objects.kecamatan!.geometries).toHaveLength(1);
  });

  it('reads a TopoJSON with several objects and takes its desa layer', async () => {
    const { report } = await analyseBoundaries(
      readFileSync(SHIPPED_KAPUAS),
      '62.03-kab-kapuas.topo.json',
      '62.03',
      { level: 'desa', codeColumn: 'code' },
    );
    expect(report).toMatchObject({
      format: 'topojson',
      layer: 'desa',
      layers: ['kecamatan', 'desa'],
      reprojected: false,
      polygons: 231,
      areas_matched: 231,
      unmatched: { count: 0 },
    });
  });

  it('says what to fix', async () => {
    const zip = fixture('kapuas-selat-utm50s.zip');
    await expect(
      analyseBoundaries(zip, 'a.zip', '62.03', { level: 'desa', codeColumn: 'KODE' }),
    ).rejects.toThrow(/Kolom kode 'KODE' tidak ada.*KDEPUM, WADMKD, WADMKC/);
    await expect(analyseBoundaries(zip, 'desa.shp', '62.03', { level: 'desa' })).rejects.toThrow(
      /satu berkas \.zip/,
    );
    await expect(analyseBoundaries(zip, 'desa.gpkg', '62.03', { level: 'desa' })).rejects.toThrow(
      BoundaryImportError,
    );
    await expect(
      analyseBoundaries(Buffer.from('bukan json'), 'x.geojson', '62.03', { level: 'desa' }),
    ).rejects.toThrow(/tidak dapat dibaca/);
    // UTM coordinates without a .prj (GeoJSON carries none)
    const utm = await mapshaper.applyCommands('-i a.zip -o format=geojson utm.json', {
      'a.zip': zip,
    });
    await expect(
      analyseBoundaries(Buffer.from(utm['utm.json']!), 'utm.json', '62.03', { level: 'desa' }),
    ).rejects.toThrow(/\.prj/);
  });

  it('keeps a whole kabupaten (Kapuas, 231 desa) within the shipped file size', async () => {
    const shipped = readFileSync(SHIPPED_KAPUAS, 'utf8');
    const files = await mapshaper.applyCommands(
      "-i k.json -target desa -each 'KODE=code' -filter-fields KODE -proj EPSG:32750 -o format=shapefile zip",
      { 'k.json': shipped },
    );
    const started = performance.now();
    const { report } = await analyseBoundaries(
      files['output.zip'] as Buffer,
      'kapuas.zip',
      '62.03',
      { level: 'desa', codeColumn: 'KODE' },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(report.areas_matched).toBe(231);
    expect(report.output!.kecamatan_derived).toBe(17);
    const shippedTopo = JSON.parse(shipped) as Topo;
    const shippedVertices = shippedTopo.arcs.reduce((s, a) => s + a.length, 0);
    expect(report.output!.bytes).toBeLessThan(Buffer.byteLength(shipped));
    expect(report.output!.vertices).toBeLessThanOrEqual(shippedVertices);
    console.log(
      `Kapuas import: ${report.output!.vertices} vertices (shipped ${shippedVertices}), ` +
        `${report.output!.bytes} bytes (shipped ${Buffer.byteLength(shipped)}), ${seconds.toFixed(1)} s`,
    );
  });
});

describe('kecamatan import', () => {
  it('matches kecamatan by name and the maps use them over the shipped outlines', async () => {
    const shipped = readFileSync(SHIPPED_KAPUAS, 'utf8');
    const files = await mapshaper.applyCommands(
      '-i k.json -target kecamatan -each \'KECAMATAN="Kec. " + name\' -filter-fields KECAMATAN ' +
        '-o format=geojson kec.json',
      { 'k.json': shipped },
    );
    const { report, result } = await analyseBoundaries(
      Buffer.from(files['kec.json']!),
      'kecamatan-kapuas.geojson',
      '62.03',
      { level: 'kecamatan' },
    );
    expect(report).toMatchObject({
      level: 'kecamatan',
      match_by: 'name',
      name_column: 'KECAMATAN',
      polygons: 17,
      matched: 17,
      areas_total: 17,
      missing: { count: 0 },
    });
    expect(Object.keys((result as Topo).objects)).toEqual(['kecamatan']);

    const dataDir = await mkdtemp(path.join(tmpdir(), 'geo-kecamatan-'));
    try {
      const record: BoundaryRecord = {
        level: 'kecamatan',
        region: '62.03',
        file: report.file,
        imported_by: 'uji',
        imported_at: '2026-01-02T03:04:05.000Z',
        report,
      };
      await storeBoundaries(dataDir, '62.03', 'kecamatan', result!, record);
      const geo = new GeoService(
        loadConfig({ REGION_CODE: '62.03', DATA_DIR: dataDir }),
        null as never,
      ).geo();
      expect(geo.objects.kecamatan!.geometries).toHaveLength(17);
      expect(geo.objects.desa!.geometries).toHaveLength(231);
      expect(geo.sources).toEqual([
        { layer: 'desa', kind: 'shipped', file: null, imported_by: null, imported_at: null },
        {
          layer: 'kecamatan',
          kind: 'imported',
          file: 'kecamatan-kapuas.geojson',
          imported_by: 'uji',
          imported_at: '2026-01-02T03:04:05.000Z',
        },
      ]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
