/**
 * Geometry for a region without its own desa file: its kecamatan are cut out of the national
 * kecamatan layer, keeping only the arcs they use, and still decode with topojson-client.
 */
import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { GeoService } from '../../api/areas/geo.service.js';
import { loadConfig } from '../../api/config/config.js';
import { wilayahCsv } from '../../warehouse/wilayah.js';

function districtsOf(region: string): string[] {
  return readFileSync(wilayahCsv.districts, 'utf8')
    .split('\n')
    .map((l) => l.split(',')[0]!)
    .filter((code) => code.startsWith(`${region}.`));
}

describe('GeoService', () => {
  it('derives Kotawaringin Barat (62.01) kecamatan from the national layer, no desa', () => {
    const geo = new GeoService(loadConfig({ REGION_CODE: '62.01' }), null as never).geo();
    const codes = geo.objects.kecamatan!.geometries.map((g) => g.properties!.code).sort();
    expect(codes).toEqual(districtsOf('62.01').sort());
    expect(geo.objects.desa!.geometries).toEqual([]);
    expect(geo.arcs.length).toBeLessThan(2000); // pruned from the national ~100k arcs
    const decoded = feature(
      geo as unknown as Topology,
      (geo as unknown as Topology).objects.kecamatan!,
    );
    expect('features' in decoded && decoded.features.length).toBe(codes.length);
    for (const f of 'features' in decoded ? decoded.features : []) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
  });

  it('serves the own file of Kapuas with kecamatan and desa', () => {
    const geo = new GeoService(loadConfig({ REGION_CODE: '62.03' }), null as never).geo();
    expect(geo.objects.kecamatan!.geometries).toHaveLength(17);
    expect(geo.objects.desa!.geometries).toHaveLength(231);
  });
});
