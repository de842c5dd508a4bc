import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { areaFeatures, labelPoint } from './geo.js';

// The boundaries the API serves for Kabupaten Kapuas (17 kecamatan, 231 desa: geo/SOURCES.md).
const topology = JSON.parse(
  readFileSync(join(process.cwd(), 'api/geo/62.03-kab-kapuas.topo.json'), 'utf8'),
) as Topology;

describe('areaFeatures', () => {
  it('decodes every kecamatan and desa of Kapuas', () => {
    expect(areaFeatures(feature as never, topology, 'kecamatan')).toHaveLength(17);
    expect(areaFeatures(feature as never, topology, 'desa')).toHaveLength(231);
  });

  it('keeps only the desa inside one kecamatan', () => {
    const selat = areaFeatures(feature as never, topology, 'desa', '62.03.01');
    expect(selat.length).toBeGreaterThan(0);
    expect(selat.every((f) => f.properties.code.startsWith('62.03.01.'))).toBe(true);
    // 62.03.1x codes must not leak into 62.03.01
    expect(selat.some((f) => f.properties.code.startsWith('62.03.10'))).toBe(false);
  });
});

// Ray casting, written here independently of geo.ts.
function inside([x, y]: number[], ring: number[][]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y! !== yj! > y! && x! < ((xj! - xi!) * (y! - yi!)) / (yj! - yi!) + xi!) c = !c;
  }
  return c;
}

describe('labelPoint', () => {
  it('is the centroid for a convex area', () => {
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    expect(labelPoint(square)).toEqual([1, 1]);
  });

  it('stays inside an L-shaped area whose centroid falls outside', () => {
    // An L: the centroid of a thin L lies in the notch.
    const l = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 1],
          [1, 1],
          [1, 10],
          [0, 10],
          [0, 0],
        ],
      ],
    };
    const [x, y] = labelPoint(l)!;
    const inside =
      (y >= 0 && y <= 1 && x >= 0 && x <= 10) || (x >= 0 && x <= 1 && y >= 0 && y <= 10);
    expect(inside).toBe(true);
  });

  it('puts every Kapuas kecamatan label inside its own kecamatan', () => {
    for (const f of areaFeatures(feature as never, topology, 'kecamatan')) {
      const p = labelPoint(f.geometry)!;
      const polygons =
        f.geometry.type === 'Polygon'
          ? [f.geometry.coordinates]
          : (f.geometry as { coordinates: number[][][][] }).coordinates;
      expect(
        polygons.some((poly) => inside(p, poly[0]!)),
        f.properties.name,
      ).toBe(true);
    }
  });
});
