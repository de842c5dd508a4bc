/**
 * Boundary import: desa (or kecamatan) polygons from the files offices have — a zipped Shapefile
 * (reprojected to WGS84 from its `.prj`, e.g. UTM zone 50S), GeoJSON or TopoJSON — matched to the
 * wilayah reference (idn-area-data), simplified for the browser and stored in the data folder
 * (`geo/<region>/`, warehouse/data-folder.ts). Reading, reprojection, cleaning, simplification and
 * TopoJSON output are mapshaper's (its Node API); this module only chooses the layer, matches and
 * reports. Used by the API (geo-import.service.ts) and the CLI (geo-cli.ts) alike.
 *
 * Matching, per polygon:
 * - by a code column the admin picks: a Kemendagri code, dotted or not (`62.03.01.2001`,
 *   `6203012001`); BPS codes are not matched (no crosswalk is shipped);
 * - else by name within the kecamatan (a kecamatan column, by name or code), with the names'
 *   normal form of warehouse/area-names.ts (no fuzzy matching); a name shared by two desa of the
 *   kecamatan (or of the kabupaten, without a kecamatan column) stays unmatched as ambiguous.
 * Several polygons of one area (islands as separate records) are listed as duplicates and merged.
 */
import mapshaper from 'mapshaper';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normaliseAreaCode, normaliseAreaName } from '../../warehouse/area-names.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { regionNames, wilayahCsv } from '../../warehouse/wilayah.js';

export type BoundaryLevel = 'desa' | 'kecamatan';
export const BOUNDARY_LEVELS: readonly BoundaryLevel[] = ['desa', 'kecamatan'];

/** What the admin chose; columns unset are guessed (names) or not used (code). */
export interface MatchOptions {
  level: BoundaryLevel;
  codeColumn?: string | null;
  nameColumn?: string | null;
  kecamatanColumn?: string | null;
}

/** A bad file or a bad choice: the message says what to fix (Bahasa Indonesia). */
export class BoundaryImportError extends Error {
  override name = 'BoundaryImportError';
}

/** Largest upload accepted (API and CLI). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Unmatched polygons and reference areas listed one by one in a report (the counts are whole). */
export const REPORT_ROW_LIMIT = 1000;
/** The browser's budget: vertices per polygon on average (the shipped Kapuas file has ~32). */
export const VERTICES_PER_AREA = 30;
const MIN_VERTEX_BUDGET = 3000;
/** Simplification intervals tried in turn (metres) until the vertex budget holds. */
const INTERVALS_M = [10, 15, 25, 40, 60, 100, 160, 250];

export type UnmatchedReason =
  | 'KODE_KOSONG'
  | 'KODE_TIDAK_VALID'
  | 'KODE_BEDA_TINGKAT'
  | 'DI_LUAR_WILAYAH'
  | 'KODE_TIDAK_DIKENAL'
  | 'NAMA_KOSONG'
  | 'KECAMATAN_TIDAK_DIKENAL'
  | 'NAMA_TIDAK_DIKENAL'
  | 'NAMA_GANDA'
  | 'TANPA_GEOMETRI';

export interface ReportColumn {
  name: string;
  /** Values that are Kemendagri codes of this level inside the region (a code column's sign). */
  code_values: number;
  /** The first non-empty value, to recognise the column. */
  example: string | null;
}

export interface BoundaryReport {
  file: string;
  format: 'shapefile' | 'geojson' | 'topojson';
  layer: string;
  layers: string[];
  level: BoundaryLevel;
  region: { code: string; name: string };
  /** True when the file was in projected coordinates (its `.prj`) and was reprojected to WGS84. */
  reprojected: boolean;
  match_by: 'code' | 'name';
  code_column: string | null;
  name_column: string | null;
  kecamatan_column: string | null;
  columns: ReportColumn[];
  polygons: number;
  /** Polygons matched (several polygons of one area each count). */
  matched: number;
  /** Reference areas that got a polygon. */
  areas_matched: number;
  areas_total: number;
  unmatched: {
    count: number;
    by_reason: Partial<Record<UnmatchedReason, number>>;
    rows: {
      index: number;
      name: string | null;
      kecamatan: string | null;
      code: string | null;
      reason: UnmatchedReason;
    }[];
  };
  missing: { count: number; rows: { code: string; name: string; kecamatan: string }[] };
  duplicates: { code: string; name: string; polygons: number }[];
  /** The simplified result (null when nothing matched). */
  output: { vertices: number; bytes: number; interval_m: number; kecamatan_derived: number } | null;
}

interface RefArea {
  code: string;
  name: string;
  parent: string;
  key: string;
}
export interface Reference {
  region: { code: string; name: string };
  kecamatan: RefArea[];
  desa: RefArea[];
}

/** One line of idn-area-data's CSV (three fields, RFC 4180 quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function readCsv(file: string, keep: (code: string) => boolean): string[][] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l && keep(l.slice(0, l.indexOf(','))))
    .map(csvFields);
}

const references = new Map<string, Reference>();
/**
 * The kecamatan and desa of a kabupaten/kota, or of a whole province, from idn-area-data (as
 * warehouse/wilayah.ts).
 */
export function loadReference(region: string): Reference {
  let ref = references.get(region);
  if (ref) return ref;
  const inside = (code: string) => code.startsWith(`${region}.`);
  const name = regionNames().get(region);
  if (!name)
    throw new BoundaryImportError(
      `Kode wilayah ${region} tidak ada di referensi (idn-area-data); pakai kode kabupaten/kota seperti 62.03 atau provinsi seperti 62`,
    );
  const area = ([code, parent, name]: string[]): RefArea => ({
    code: code!,
    parent: parent!,
    name: name!,
    key: normaliseAreaName(name!),
  });
  ref = {
    region: { code: region, name },
    kecamatan: readCsv(wilayahCsv.districts, inside).map(area),
    desa: readCsv(wilayahCsv.villages, inside).map(area),
  };
  references.set(region, ref);
  return ref;
}

type Properties = Record<string, unknown>;
interface Feature {
  type: 'Feature';
  properties: Properties | null;
  geometry: { type: string; coordinates: unknown } | null;
}
interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

const TEXT = (buffer: string | Buffer) =>
  typeof buffer === 'string' ? buffer : buffer.toString('utf8');

/** mapshaper's error, without its stack, for the admin. */
function mapshaperMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^Error: /, '');
}

/** The input name mapshaper gets (never the user's file name) and the report's format. */
function inputKind(fileName: string): { name: string; format: BoundaryReport['format'] | null } {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.zip') return { name: 'berkas.zip', format: 'shapefile' };
  if (ext === '.geojson' || ext === '.json') return { name: 'berkas.json', format: 'geojson' };
  if (ext === '.topojson') return { name: 'berkas.json', format: 'topojson' };
  if (['.shp', '.dbf', '.shx', '.prj'].includes(ext))
    throw new BoundaryImportError(
      `Shapefile dikirim sebagai satu berkas .zip yang berisi .shp, .shx, .dbf dan .prj (bukan ${ext} saja)`,
    );
  if (ext === '.gpkg' || ext === '.kml' || ext === '.kmz')
    throw new BoundaryImportError(
      `Format ${ext} belum didukung; ekspor lapisan desa dari QGIS/ArcGIS sebagai Shapefile (.zip) atau GeoJSON`,
    );
  throw new BoundaryImportError(
    `Jenis berkas '${ext || fileName}' tidak dikenal; kirim Shapefile (.zip), GeoJSON (.geojson/.json) atau TopoJSON (.topojson)`,
  );
}

function looksLonLat(layers: Record<string, FeatureCollection>): boolean {
  let seen = false;
  const check = (c: unknown): boolean => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      seen = true;
      const [x, y] = c as number[];
      return Math.abs(x!) <= 180 && Math.abs(y!) <= 90;
    }
    return Array.isArray(c) ? c.every(check) : true;
  };
  for (const fc of Object.values(layers))
    for (const f of fc.features) if (f.geometry && !check(f.geometry.coordinates)) return false;
  return seen;
}

/** Every layer of the file as WGS84 GeoJSON, reprojected from the `.prj` when needed. */
export async function readLayers(
  bytes: Buffer,
  fileName: string,
): Promise<{
  layers: Record<string, FeatureCollection>;
  format: BoundaryReport['format'];
  reprojected: boolean;
}> {
  const { name, format } = inputKind(fileName);
  const run = async (proj: boolean) => {
    const out = await mapshaper.applyCommands(
      `-i ${name}${proj ? ' -proj wgs84' : ''} -o format=geojson target=*`,
      { [name]: bytes },
    );
    const layers: Record<string, FeatureCollection> = {};
    for (const [file, content] of Object.entries(out))
      layers[file.replace(/\.json$/, '')] = JSON.parse(TEXT(content)) as FeatureCollection;
    return layers;
  };
  let layers: Record<string, FeatureCollection>;
  try {
    layers = await run(false);
  } catch (error) {
    throw new BoundaryImportError(`Berkas tidak dapat dibaca: ${mapshaperMessage(error)}`);
  }
  const sniffed = TEXT(bytes.subarray(0, 2000));
  const kind =
    format === 'geojson' && /"type"\s*:\s*"Topology"/.test(sniffed) ? 'topojson' : format!;
  if (!Object.values(layers).some((l) => l.features.length))
    throw new BoundaryImportError('Berkas tidak berisi poligon');
  if (looksLonLat(layers)) return { layers, format: kind, reprojected: false };
  try {
    layers = await run(true);
  } catch (error) {
    throw new BoundaryImportError(
      'Koordinat berkas bukan derajat bujur/lintang dan proyeksinya tidak diketahui: sertakan berkas ' +
        `.prj di dalam .zip (mis. UTM zona 50S) atau ekspor ke WGS84 (${mapshaperMessage(error)})`,
    );
  }
  if (!looksLonLat(layers))
    throw new BoundaryImportError(
      'Koordinat berkas tidak dapat diubah ke WGS84; periksa berkas .prj',
    );
  return { layers, format: kind, reprojected: true };
}

/** Header spellings of desa and kecamatan name columns in the files offices have (upper case). */
const DESA_NAME_COLUMNS = [
  'NAMOBJ',
  'WADMKD',
  'DESA',
  'NAMA_DESA',
  'NAMADESA',
  'NM_DESA',
  'DESA_KEL',
  'DESAKEL',
  'DESA_KELURAHAN',
  'KELURAHAN',
  'NAMA_KEL',
  'KEL_DESA',
  'VILLAGE',
  'NAME',
  'NAMA',
];
const KECAMATAN_COLUMNS = [
  'WADMKC',
  'KECAMATAN',
  'NAMA_KEC',
  'NAMAKEC',
  'NM_KEC',
  'KEC',
  'DISTRICT',
  'KODE_KEC',
  'KDCPUM',
];

function guessColumn(columns: string[], candidates: string[]): string | null {
  const byUpper = new Map(columns.map((c) => [c.toUpperCase(), c]));
  for (const c of candidates) if (byUpper.has(c)) return byUpper.get(c)!;
  return null;
}

function text(value: unknown): string | null {
  if (value == null) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

/** The layer that holds the areas: one named after the level, else the one with most polygons. */
function chooseLayer(layers: Record<string, FeatureCollection>, level: BoundaryLevel): string {
  const names = Object.keys(layers);
  const pattern = level === 'desa' ? /desa|kel|village|vil/i : /kec|district/i;
  const named = names.filter((n) => pattern.test(n) && layers[n]!.features.length);
  if (named.length === 1) return named[0]!;
  return names.reduce((a, b) => (layers[b]!.features.length > layers[a]!.features.length ? b : a));
}

export interface Analysis {
  report: BoundaryReport;
  /** To store on accept: objects `desa` and `kecamatan` (or `kecamatan` only), unquantized. */
  result: object | null;
  /** For the preview map: the result plus the unmatched polygons (object `unmatched`). */
  preview: object | null;
}

/**
 * Reads `bytes` (a file called `fileName`), matches it to the reference of `region` and builds
 * the simplified TopoJSON. Throws BoundaryImportError for a file or a choice that cannot work.
 */
export async function analyseBoundaries(
  bytes: Buffer,
  fileName: string,
  region: string,
  options: MatchOptions,
): Promise<Analysis> {
  const reference = loadReference(region);
  const { layers, format, reprojected } = await readLayers(bytes, fileName);
  const chosen = chooseLayer(layers, options.level);
  // A GeoJSON's one layer is named after mapshaper's input name: show the user's file instead.
  const layer = chosen === 'berkas' ? path.basename(fileName, path.extname(fileName)) : chosen;
  const features = layers[chosen]!.features;
  const columns = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const areas = options.level === 'desa' ? reference.desa : reference.kecamatan;
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const codeLength = options.level === 'desa' ? 13 : 8;

  const reportColumns: ReportColumn[] = columns.map((name) => {
    let codes = 0;
    let example: string | null = null;
    for (const f of features) {
      const value = f.properties?.[name];
      example ??= text(value);
      const code = normaliseAreaCode(value);
      if (code && code.length === codeLength && code.startsWith(`${region}.`)) codes++;
    }
    return { name, code_values: codes, example: example && example.slice(0, 60) };
  });

  const pick = (chosen: string | null | undefined, what: string): string | null => {
    if (!chosen) return null;
    if (!columns.includes(chosen))
      throw new BoundaryImportError(
        `Kolom ${what} '${chosen}' tidak ada di lapisan ${layer}; kolom yang ada: ${columns.join(', ') || '(tidak ada)'}`,
      );
    return chosen;
  };
  const codeColumn = pick(options.codeColumn, 'kode');
  let nameColumn = pick(options.nameColumn, 'nama');
  let kecamatanColumn = pick(options.kecamatanColumn, 'kecamatan');
  if (!codeColumn) {
    nameColumn ??= guessColumn(
      columns,
      options.level === 'desa' ? DESA_NAME_COLUMNS : [...KECAMATAN_COLUMNS, 'NAME', 'NAMA'],
    );
    if (options.level === 'desa') kecamatanColumn ??= guessColumn(columns, KECAMATAN_COLUMNS);
    if (!nameColumn)
      throw new BoundaryImportError(
        `Pilih kolom kode (kode Kemendagri) atau kolom nama ${options.level}: kolom nama tidak dikenali. ` +
          `Kolom yang ada: ${columns.join(', ') || '(tidak ada)'}`,
      );
  }

  const kecamatanByKey = new Map<string, RefArea[]>();
  for (const k of reference.kecamatan)
    kecamatanByKey.set(k.key, [...(kecamatanByKey.get(k.key) ?? []), k]);
  const areasByKey = new Map<string, RefArea[]>();
  for (const a of areas) {
    const scope = options.level === 'desa' && kecamatanColumn ? `${a.parent}|${a.key}` : a.key;
    areasByKey.set(scope, [...(areasByKey.get(scope) ?? []), a]);
  }
  const kecamatanOf = (value: unknown): RefArea | null | 'ganda' => {
    const code = normaliseAreaCode(value);
    if (code) return reference.kecamatan.find((k) => k.code === code) ?? null;
    const found = kecamatanByKey.get(normaliseAreaName(String(value ?? ''))) ?? [];
    return found.length > 1 ? 'ganda' : (found[0] ?? null);
  };

  const unmatchedRows: BoundaryReport['unmatched']['rows'] = [];
  const byReason: Partial<Record<UnmatchedReason, number>> = {};
  const matched: { feature: Feature; area: RefArea }[] = [];
  const unmatchedFeatures: Feature[] = [];
  features.forEach((f, index) => {
    const props = f.properties ?? {};
    const label = {
      name: nameColumn ? text(props[nameColumn]) : null,
      kecamatan: kecamatanColumn ? text(props[kecamatanColumn]) : null,
      code: codeColumn ? text(props[codeColumn]) : null,
    };
    const fail = (reason: UnmatchedReason) => {
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      if (unmatchedRows.length < REPORT_ROW_LIMIT) unmatchedRows.push({ index, ...label, reason });
      if (f.geometry)
        unmatchedFeatures.push({
          type: 'Feature',
          geometry: f.geometry,
          properties: { label: label.name ?? label.code ?? `#${index + 1}`, reason },
        });
    };
    if (!f.geometry || !/Polygon$/.test(f.geometry.type)) return fail('TANPA_GEOMETRI');
    if (codeColumn) {
      if (label.code == null) return fail('KODE_KOSONG');
      const code = normaliseAreaCode(props[codeColumn]);
      if (!code) return fail('KODE_TIDAK_VALID');
      if (!code.startsWith(`${region}.`)) return fail('DI_LUAR_WILAYAH');
      if (code.length !== codeLength) return fail('KODE_BEDA_TINGKAT');
      const area = byCode.get(code);
      return area ? void matched.push({ feature: f, area }) : fail('KODE_TIDAK_DIKENAL');
    }
    if (!label.name) return fail('NAMA_KOSONG');
    let scope = normaliseAreaName(label.name);
    if (options.level === 'desa' && kecamatanColumn) {
      const kecamatan = kecamatanOf(props[kecamatanColumn]);
      if (!kecamatan || kecamatan === 'ganda') return fail('KECAMATAN_TIDAK_DIKENAL');
      scope = `${kecamatan.code}|${scope}`;
    }
    const found = areasByKey.get(scope) ?? [];
    if (found.length > 1) return fail('NAMA_GANDA');
    if (!found.length) return fail('NAMA_TIDAK_DIKENAL');
    matched.push({ feature: f, area: found[0]! });
  });

  const polygonsPerCode = new Map<string, number>();
  for (const m of matched)
    polygonsPerCode.set(m.area.code, (polygonsPerCode.get(m.area.code) ?? 0) + 1);
  const kecamatanName = new Map(reference.kecamatan.map((k) => [k.code, k.name]));
  const missing = areas.filter((a) => !polygonsPerCode.has(a.code));

  const built = matched.length
    ? await buildTopology(matched, unmatchedFeatures, options.level, reference, polygonsPerCode)
    : null;

  const report: BoundaryReport = {
    file: path.basename(fileName),
    format,
    layer,
    layers: Object.keys(layers).map((l) => (l === chosen ? layer : l)),
    level: options.level,
    region: reference.region,
    reprojected,
    match_by: codeColumn ? 'code' : 'name',
    code_column: codeColumn,
    name_column: nameColumn,
    kecamatan_column: kecamatanColumn,
    columns: reportColumns,
    polygons: features.length,
    matched: matched.length,
    areas_matched: polygonsPerCode.size,
    areas_total: areas.length,
    unmatched: {
      count: features.length - matched.length,
      by_reason: byReason,
      rows: unmatchedRows,
    },
    missing: {
      count: missing.length,
      rows: missing.slice(0, REPORT_ROW_LIMIT).map((a) => ({
        code: a.code,
        name: a.name,
        kecamatan: options.level === 'desa' ? (kecamatanName.get(a.parent) ?? '') : '',
      })),
    },
    duplicates: [...polygonsPerCode]
      .filter(([, n]) => n > 1)
      .map(([code, polygons]) => ({ code, name: byCode.get(code)!.name, polygons }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    output: built?.output ?? null,
  };
  return { report, result: built?.result ?? null, preview: built?.preview ?? null };
}

interface TopoGeometry {
  type: string;
  properties?: Record<string, unknown>;
}
interface TopoOut {
  arcs: number[][][];
  objects: Record<string, { geometries: TopoGeometry[] }>;
}

const vertexCount = (t: TopoOut) => t.arcs.reduce((s, a) => s + a.length, 0);

/**
 * mapshaper: merge the polygons of one area (-dissolve), repair gaps and overlaps (-clean),
 * simplify (Visvalingam, keeping every area; the interval grows until the browser's vertex budget
 * holds), derive kecamatan from their desa, and write TopoJSON with shared arcs. For a desa import
 * the kecamatan layer keeps only the kecamatan whose every desa has a polygon (a partial outline
 * would hide the rest of the kecamatan; the served map takes those from the shipped files).
 */
async function buildTopology(
  matched: { feature: Feature; area: RefArea }[],
  unmatched: Feature[],
  level: BoundaryLevel,
  reference: Reference,
  polygonsPerCode: Map<string, number>,
): Promise<{ result: object; preview: object; output: NonNullable<BoundaryReport['output']> }> {
  const areaFeatures: FeatureCollection = {
    type: 'FeatureCollection',
    features: matched.map(({ feature, area }) => ({
      type: 'Feature',
      geometry: feature.geometry,
      properties: { code: area.code },
    })),
  };
  const input: Record<string, string> = { 'cocok.json': JSON.stringify(areaFeatures) };
  const withUnmatched = unmatched.length > 0;
  if (withUnmatched)
    input['lain.json'] = JSON.stringify({ type: 'FeatureCollection', features: unmatched });
  const budget = Math.max(MIN_VERTEX_BUDGET, VERTICES_PER_AREA * polygonsPerCode.size);
  const all = withUnmatched ? `${level},unmatched` : level;
  const layers = level === 'desa' ? 'desa,kecamatan' : 'kecamatan';
  const out = '-o format=topojson no-quantization precision=0.00001';
  let result: TopoOut | null = null;
  let preview = '';
  let resultText = '';
  let interval = INTERVALS_M[0]!;
  for (interval of INTERVALS_M) {
    const commands = [
      withUnmatched ? '-i cocok.json lain.json combine-files' : '-i cocok.json',
      `-rename-layers ${all}`,
      `-dissolve code target=${level}`,
      `-clean target=${all}`,
      `-simplify interval=${interval} keep-shapes target=${all}`,
      level === 'desa'
        ? `-each 'kec=code.slice(0,8)' target=desa -dissolve kec + name=kecamatan target=desa`
        : '',
      `${out} target=${layers} hasil.json`,
      `${out} target=${withUnmatched ? `${layers},unmatched` : layers} pratinjau.json`,
    ].join(' ');
    let files: Record<string, string | Buffer>;
    try {
      files = await mapshaper.applyCommands(commands, input);
    } catch (error) {
      throw new BoundaryImportError(`Poligon tidak dapat diolah: ${mapshaperMessage(error)}`);
    }
    resultText = TEXT(files['hasil.json']!);
    preview = TEXT(files['pratinjau.json']!);
    result = JSON.parse(resultText) as TopoOut;
    if (vertexCount(result) <= budget) break;
  }
  const names = new Map(
    [...reference.desa, ...reference.kecamatan].map((a) => [a.code, a.name] as const),
  );
  const desaPerKecamatan = new Map<string, number>();
  for (const d of reference.desa)
    desaPerKecamatan.set(d.parent, (desaPerKecamatan.get(d.parent) ?? 0) + 1);
  const label = (t: TopoOut) => {
    for (const g of t.objects[level]?.geometries ?? []) {
      const code = String(g.properties?.code);
      g.properties = { code, name: names.get(code) ?? code, level };
    }
    const kec = level === 'desa' ? t.objects.kecamatan : undefined;
    if (kec) {
      kec.geometries = kec.geometries.filter((g) => {
        const code = String(g.properties?.kec);
        const drawn = [...polygonsPerCode.keys()].filter((c) => c.startsWith(`${code}.`)).length;
        g.properties = { code, name: names.get(code) ?? code, level: 'kecamatan' };
        return drawn === desaPerKecamatan.get(code);
      });
    }
  };
  label(result!);
  const previewTopology = JSON.parse(preview) as TopoOut;
  label(previewTopology);
  resultText = JSON.stringify(result);
  return {
    result: result!,
    preview: previewTopology,
    output: {
      vertices: vertexCount(result!),
      bytes: Buffer.byteLength(resultText),
      interval_m: interval,
      kecamatan_derived: level === 'desa' ? (result!.objects.kecamatan?.geometries.length ?? 0) : 0,
    },
  };
}

/** Who imported the accepted boundaries of a level, from which file, when (for the attribution). */
export interface BoundaryRecord {
  level: BoundaryLevel;
  region: string;
  file: string;
  imported_by: string;
  imported_at: string;
  report: BoundaryReport;
}

/** The accepted boundaries of `level` of `region` in the data folder: topology and record. */
export function boundaryFiles(dataDir: string, region: string, level: BoundaryLevel) {
  const dir = dataFolder(dataDir).geoOf(region);
  return {
    dir,
    topology: path.join(dir, `${level}.topo.json`),
    record: path.join(dir, `${level}.json`),
  };
}

/** Writes an accepted import into place (each file written whole, then renamed). */
export async function storeBoundaries(
  dataDir: string,
  region: string,
  level: BoundaryLevel,
  result: object,
  record: BoundaryRecord,
): Promise<void> {
  const files = boundaryFiles(dataDir, region, level);
  await mkdir(files.dir, { recursive: true });
  await writeFile(`${files.record}.tmp`, JSON.stringify(record, null, 2));
  await writeFile(`${files.topology}.tmp`, JSON.stringify(result));
  await rename(`${files.record}.tmp`, files.record);
  await rename(`${files.topology}.tmp`, files.topology);
}

/** Back to the shipped boundaries for that level (false when nothing had been imported). */
export async function removeBoundaries(
  dataDir: string,
  region: string,
  level: BoundaryLevel,
): Promise<boolean> {
  const files = boundaryFiles(dataDir, region, level);
  const had = await readFile(files.record).then(
    () => true,
    () => false,
  );
  await rm(files.topology, { force: true });
  await rm(files.record, { force: true });
  return had;
}
