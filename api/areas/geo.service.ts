/**
 * Boundaries of the served kabupaten/kota or province. The shipped TopoJSON files in api/geo/ (see
 * SOURCES.md) are the default: a region with its own `<code>-*.topo.json` gets kecamatan and desa;
 * any other region gets its kecamatan cut out of indonesia.kecamatan.topo.json and no desa. A
 * province gets the own files of its kabupaten that have one, the national file's kecamatan for
 * the others, and a third object `kabupaten`: outlines dissolved from those kecamatan. Boundaries an
 * admin imported (boundary-import.ts, `<data>/geo/<region>/`) are used in preference, area by
 * area: a desa with an imported polygon gets it, the others keep the shipped one (if any); a
 * kecamatan comes from an imported kecamatan layer, else from the imported desa when all its desa
 * have a polygon, else from the shipped files. A change
 * of the imported files (an accepted import, also by the CLI) is seen on the next request.
 */
import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import topojson from 'topojson-client';
import path from 'node:path';
import { apiAssetDir } from '../common/paths.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AreaRepository } from '../warehouse/area.repository.js';
import type { MissingGeoDto } from './areas.dto.js';
import { levelOfCode } from '../../warehouse/area-names.js';
import { regionNames } from '../../warehouse/wilayah.js';
import { boundaryFiles, type BoundaryLevel, type BoundaryRecord } from './boundary-import.js';

const GEO_DIR = path.join(apiAssetDir, 'geo');
const QUANTIZATION = 1e5;

interface Geometry {
  type: string;
  arcs?: unknown;
  properties?: { code: string; name: string; level: string };
}
export interface Topology {
  type: 'Topology';
  arcs: unknown[];
  objects: Record<string, { type: 'GeometryCollection'; geometries: Geometry[] }>;
  [key: string]: unknown;
}

/** Where a layer's polygons come from, for the map's attribution (`sources` of `/api/geo`). */
export interface GeoSource {
  layer: BoundaryLevel;
  kind: 'shipped' | 'imported';
  file: string | null;
  imported_by: string | null;
  imported_at: string | null;
}

interface Part {
  topology: Topology;
  geometries: Geometry[];
}

/**
 * One topology from geometries of several topologies: only the arcs they use are kept, each
 * source's arcs renumbered once (`~i` for a reversed arc). Unquantized sources only.
 */
export function assemble(layers: Record<string, Part[]>): Topology {
  const arcs: unknown[] = [];
  const indexes = new Map<Topology, Map<number, number>>();
  const objects: Topology['objects'] = {};
  for (const [name, parts] of Object.entries(layers)) {
    const geometries: Geometry[] = [];
    for (const { topology, geometries: from } of parts) {
      let index = indexes.get(topology);
      if (!index) indexes.set(topology, (index = new Map()));
      const remap = (ref: unknown): unknown => {
        if (Array.isArray(ref)) return ref.map(remap);
        const i = ref as number;
        const original = i < 0 ? ~i : i;
        let next = index.get(original);
        if (next === undefined) {
          next = arcs.length;
          index.set(original, next);
          arcs.push(topology.arcs[original]);
        }
        return i < 0 ? ~next : next;
      };
      for (const g of from) geometries.push({ ...g, arcs: remap(g.arcs) });
    }
    objects[name] = { type: 'GeometryCollection', geometries };
  }
  return { type: 'Topology', arcs, objects };
}

const readTopology = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Topology;

@Injectable()
export class GeoService {
  private cache: { key: string; topology: Topology } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly areas: AreaRepository,
  ) {}

  /**
   * Quantized for the browser (integer, delta-encoded arcs): 10⁵ steps across the region's
   * extent — about 3 m for Kapuas, finer than the source's five decimals matter on a dashboard
   * map — and a third smaller on the wire than the plain coordinates. Foreign member `sources`:
   * where each layer's polygons come from (GeoSource).
   */
  geo(): Topology {
    const key = this.importedState();
    if (this.cache?.key !== key) {
      const { topology, sources } = this.load();
      const quantized = topojson.quantize(topology as never, QUANTIZATION) as unknown as Topology;
      this.cache = { key, topology: { ...quantized, sources } };
    }
    return this.cache.topology;
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

  /** Changes whenever an imported file is written or removed. */
  private importedState(): string {
    return (['desa', 'kecamatan'] as const)
      .map((level) => {
        const file = boundaryFiles(this.config.dataDir, this.config.regionCode, level).topology;
        try {
          const s = statSync(file);
          return `${s.mtimeMs}:${s.size}`;
        } catch {
          return '-';
        }
      })
      .join('|');
  }

  private imported(level: BoundaryLevel): { topology: Topology; record: BoundaryRecord } | null {
    const files = boundaryFiles(this.config.dataDir, this.config.regionCode, level);
    if (!existsSync(files.topology) || !existsSync(files.record)) return null;
    try {
      return {
        topology: readTopology(files.topology),
        record: JSON.parse(readFileSync(files.record, 'utf8')) as BoundaryRecord,
      };
    } catch {
      return null; // half-written by another process: the shipped files until the next request
    }
  }

  /**
   * The shipped boundaries: the region's own file, or its kecamatan of the national file. On a
   * province instance: the own file of each of its kabupaten that has one, then the national
   * file's kecamatan of the province (a kecamatan is taken from the first that has it).
   */
  private shipped(): Topology[] {
    const region = this.config.regionCode;
    const province = levelOfCode(region) === 'provinsi';
    const own = readdirSync(GEO_DIR)
      .filter((f) => f.startsWith(`${region}${province ? '.' : '-'}`) && f.endsWith('.topo.json'))
      .sort()
      .map((f) => readTopology(path.join(GEO_DIR, f)));
    if (own.length && !province) return own;
    const national = readTopology(path.join(GEO_DIR, 'indonesia.kecamatan.topo.json'));
    const kecamatan = national.objects.kecamatan!.geometries.filter((g) =>
      g.properties?.code.startsWith(`${region}.`),
    );
    return [
      ...own,
      {
        ...national,
        objects: {
          kecamatan: { type: 'GeometryCollection', geometries: kecamatan },
          desa: { type: 'GeometryCollection', geometries: [] },
        },
      },
    ];
  }

  /**
   * A province's kabupaten/kota outlines, each the union of its kecamatan as drawn (topojson's
   * mergeArcs: shared borders dissolve, the arcs are those of the kecamatan), named from the
   * wilayah reference.
   */
  private kabupatenOf(topology: Topology): Geometry[] {
    const byKabupaten = new Map<string, Geometry[]>();
    for (const g of topology.objects.kecamatan?.geometries ?? []) {
      const code = g.properties!.code.slice(0, 5);
      byKabupaten.set(code, [...(byKabupaten.get(code) ?? []), g]);
    }
    return [...byKabupaten].sort().map(([code, parts]) => ({
      ...(topojson.mergeArcs(topology as never, parts as never) as unknown as Geometry),
      properties: { code, name: regionNames().get(code) ?? code, level: 'kabupaten' },
    }));
  }

  private load(): { topology: Topology; sources: GeoSource[] } {
    const shipped = this.shipped();
    const desaImport = this.imported('desa');
    const kecamatanImport = this.imported('kecamatan');
    const sources: GeoSource[] = [];

    /** Per layer, each area from the first source that has it. */
    const layers: Record<BoundaryLevel, Part[]> = { kecamatan: [], desa: [] };
    const taken = new Set<string>();
    const take = (
      layer: BoundaryLevel,
      topology: Topology | undefined,
      record: BoundaryRecord | null,
    ) => {
      const fresh = (topology?.objects[layer]?.geometries ?? []).filter(
        (g) => g.properties && !taken.has(g.properties.code),
      );
      for (const g of fresh) taken.add(g.properties!.code);
      if (!fresh.length) return;
      layers[layer].push({ topology: topology!, geometries: fresh });
      sources.push({
        layer,
        kind: record ? 'imported' : 'shipped',
        file: record?.file ?? null,
        imported_by: record?.imported_by ?? null,
        imported_at: record?.imported_at ?? null,
      });
    };
    take('desa', desaImport?.topology, desaImport?.record ?? null);
    for (const topology of shipped) take('desa', topology, null);
    take('kecamatan', kecamatanImport?.topology, kecamatanImport?.record ?? null);
    take('kecamatan', desaImport?.topology, desaImport?.record ?? null);
    for (const topology of shipped) take('kecamatan', topology, null);
    // Kecamatan first: the order the shipped files have (outlines drawn over desa).
    const topology = assemble(layers);
    if (levelOfCode(this.config.regionCode) === 'provinsi')
      topology.objects = {
        kabupaten: { type: 'GeometryCollection', geometries: this.kabupatenOf(topology) },
        ...topology.objects,
      };
    return { topology, sources };
  }
}
