// Decodes the API's TopoJSON (objects `kecamatan` and `desa`, and `kabupaten` on a province
// instance; properties {code, name, level}).
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { MapLevel } from './areas.js';

export interface AreaProps {
  code: string;
  name: string;
  level: string;
}
export type AreaFeature = Feature<Geometry, AreaProps>;

type FeatureFn = (topology: Topology, object: GeometryCollection) => FeatureCollection;

/** Features of one layer, optionally only those inside an area (by code prefix: 62.03.01.*). */
export function areaFeatures(
  feature: FeatureFn,
  topology: Topology,
  layer: MapLevel,
  within?: string | null,
): AreaFeature[] {
  const object = topology.objects[layer] as GeometryCollection | undefined;
  if (!object) return [];
  const all = feature(topology, object).features as AreaFeature[];
  return within ? all.filter((f) => f.properties.code.startsWith(`${within}.`)) : all;
}

type Ring = number[][];

function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
  return a / 2;
}

function insideRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Where to write an area's name: the centroid of its largest outer ring when that falls inside
 * the ring; otherwise the middle of the widest horizontal run through the ring at the centroid's
 * latitude (long thin or bent areas, common among Kapuas kecamatan). Returns [lng, lat].
 */
export function labelPoint(geometry: Geometry): [number, number] | null {
  const rings: Ring[] =
    geometry.type === 'Polygon'
      ? [geometry.coordinates[0] as Ring]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates.map((p) => p[0] as Ring)
        : [];
  if (!rings.length) return null;
  const ring = rings.reduce((best, r) =>
    Math.abs(ringArea(r)) > Math.abs(ringArea(best)) ? r : best,
  );
  const a = ringArea(ring);
  if (a === 0) return (ring[0] as [number, number]) ?? null;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
    cx += (ring[j]![0]! + ring[i]![0]!) * f;
    cy += (ring[j]![1]! + ring[i]![1]!) * f;
  }
  cx /= 6 * a;
  cy /= 6 * a;
  if (insideRing(cx, cy, ring)) return [cx, cy];
  // Crossings of the horizontal line y = cy, sorted: inside runs are [x0,x1], [x2,x3], …
  const xs: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > cy !== yj > cy) xs.push(((xj - xi) * (cy - yi)) / (yj - yi) + xi);
  }
  xs.sort((p, q) => p - q);
  let best: [number, number] | null = null;
  let width = -1;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (xs[k + 1]! - xs[k]! > width) {
      width = xs[k + 1]! - xs[k]!;
      best = [(xs[k]! + xs[k + 1]!) / 2, cy];
    }
  }
  return best;
}
