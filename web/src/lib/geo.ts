// Decodes the API's TopoJSON (objects `kecamatan` and `desa`, properties {code, name, level}).
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

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
  layer: 'kecamatan' | 'desa',
  within?: string | null,
): AreaFeature[] {
  const object = topology.objects[layer] as GeometryCollection | undefined;
  if (!object) return [];
  const all = feature(topology, object).features as AreaFeature[];
  return within ? all.filter((f) => f.properties.code.startsWith(`${within}.`)) : all;
}
