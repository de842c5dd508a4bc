/**
 * Boundaries of the served kabupaten/kota, from the TopoJSON files in api/geo/ (see SOURCES.md).
 * A region with its own `<code>-*.topo.json` gets kecamatan and desa; any other region gets its
 * kecamatan cut out of indonesia.kecamatan.topo.json (with only the arcs they use) and no desa.
 */
import { Inject, Injectable } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import topojson from 'topojson-client';
import path from 'node:path';
import { apiAssetDir } from '../common/paths.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AreaRepository } from '../warehouse/area.repository.js';
import type { MissingGeoDto } from './areas.dto.js';

const GEO_DIR = path.join(apiAssetDir, 'geo');
const QUANTIZATION = 1e5;

interface Geometry {
  type: string;
  arcs?: unknown;
  properties?: { code: string; name: string; level: string };
}
interface Topology {
  type: 'Topology';
  arcs: unknown[];
  objects: Record<string, { type: 'GeometryCollection'; geometries: Geometry[] }>;
  [key: string]: unknown;
}

/** Keeps only the arcs the geometries use and renumbers the references (~i for reversed arcs). */
function pruneArcs(arcs: unknown[], geometries: Geometry[]): unknown[] {
  const index = new Map<number, number>();
  const kept: unknown[] = [];
  const remap = (ref: unknown): unknown => {
    if (Array.isArray(ref)) return ref.map(remap);
    const i = ref as number;
    const original = i < 0 ? ~i : i;
    let next = index.get(original);
    if (next === undefined) {
      next = kept.length;
      index.set(original, next);
      kept.push(arcs[original]);
    }
    return i < 0 ? ~next : next;
  };
  for (const g of geometries) g.arcs = remap(g.arcs);
  return kept;
}

@Injectable()
export class GeoService {
  private topology: Topology | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly areas: AreaRepository,
  ) {}

  /**
   * Quantized for the browser (integer, delta-encoded arcs): 10⁵ steps across the region's
   * extent — about 3 m for Kapuas, finer than the source's five decimals matter on a dashboard
   * map — and a third smaller on the wire than the plain coordinates.
   */
  geo(): Topology {
    this.topology ??= topojson.quantize(this.load() as never, QUANTIZATION) as unknown as Topology;
    return this.topology;
  }

  async missing(): Promise<MissingGeoDto> {
    const drawn = new Set<string>();
    for (const object of Object.values(this.geo().objects)) {
      for (const g of object.geometries) if (g.properties) drawn.add(g.properties.code);
    }
    const region = this.config.regionCode;
    const [kecamatan, desa] = await Promise.all([
      this.areas.within(region, 'kecamatan'),
      this.areas.within(region, 'desa'),
    ]);
    const rows = [...kecamatan, ...desa]
      .filter((a) => !drawn.has(a.code))
      .map((a) => ({ code: a.code, name: a.name, level: a.level }));
    return { rows };
  }

  private load(): Topology {
    const region = this.config.regionCode;
    const own = readdirSync(GEO_DIR).find(
      (f) => f.startsWith(`${region}-`) && f.endsWith('.topo.json'),
    );
    if (own) return JSON.parse(readFileSync(path.join(GEO_DIR, own), 'utf8')) as Topology;
    const national = JSON.parse(
      readFileSync(path.join(GEO_DIR, 'indonesia.kecamatan.topo.json'), 'utf8'),
    ) as Topology;
    const kecamatan = national.objects.kecamatan!.geometries.filter((g) =>
      g.properties?.code.startsWith(`${region}.`),
    );
    const arcs = pruneArcs(national.arcs, kecamatan);
    return {
      ...national,
      arcs,
      objects: {
        kecamatan: { type: 'GeometryCollection', geometries: kecamatan },
        desa: { type: 'GeometryCollection', geometries: [] },
      },
    };
  }
}
