/**
 * The indicator catalogue (`catalogue.json`) as data for code that needs it before a warehouse
 * exists (the API's OpenAPI document, its parameter checks). The warehouse loads the same file
 * into `indicator_catalogue`; a served warehouse always has this file's version (model_version).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CatalogueEntry {
  id: string;
  label_id: string;
  label_en: string;
  unit: string;
  direction: string;
  category: string;
  sort_order: number;
  feeds: string[];
  /** Position of the indicator in the per-desa gap table (GET /api/cakupan/gaps), else null. */
  gap_column: number | null;
  /** Shown on the coverage page's map and tiles. */
  cakupan_map: boolean;
  /** Position among the trend charts a desa page shows first, else null. */
  desa_trend: number | null;
  /**
   * Position among the columns of the coverage page's inclusion check, else null: the first
   * column is the count that picks the desa listed (those above 0) and gives the headline total.
   */
  inclusion_column: number | null;
  /** One of the coverage gaps a Pokja agenda ranks desa by (their sum). */
  agenda_gap: boolean;
  /** The field of a receiving agency's row (GET /api/rujukan) this referral indicator fills. */
  agency_field: AgencyField | null;
  /** Charted month by month on the Rujukan page. */
  rujukan_trend: boolean;
  /**
   * The figures count areas (desa), not people: the small-count rule does not apply to them
   * (api/common/small-count.ts).
   */
  area_count: boolean;
  /**
   * The input whose first month starts the indicator's rows (docs/registry.md, "Readings"):
   * `rujukan`, `registri` (the first registry snapshot), `registri_pendahulu` (the first
   * snapshot with a predecessor) or `bpjs_kesehatan`.
   */
  starts_with: string;
  /** Only for months served by this registry source (`DTKS`), else null. */
  registry_source: string | null;
  /**
   * The action list (mart `daftar_aksi`, `list_id`) of the people or households this gap
   * indicator counts per desa, else null (docs/indicators.md, "Action lists").
   */
  action_list: string | null;
}

/**
 * The agency row's fields and the figure each takes from its indicator: `closed` is the
 * numerator of the resolved share (the complaints of the month now resolved).
 */
export const AGENCY_FIELDS = {
  received: 'value',
  closed: 'numerator',
  median_days: 'value',
  backlog: 'value',
} as const;
export type AgencyField = keyof typeof AGENCY_FIELDS;

function cataloguePath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '..', '..', 'warehouse')].map((dir) =>
    path.join(dir, 'catalogue.json'),
  );
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`warehouse/catalogue.json not found beside ${here}`);
  return found;
}

export const catalogue: readonly CatalogueEntry[] = JSON.parse(
  readFileSync(cataloguePath(), 'utf8'),
) as CatalogueEntry[];

/** The gap table's indicator columns, in the order of their `gap_column`. */
export const gapColumns: readonly string[] = catalogue
  .filter((e) => e.gap_column !== null)
  .sort((a, b) => a.gap_column! - b.gap_column!)
  .map((e) => e.id);

/** The indicators with a non-null numeric field, in the order of that field. */
function ordered(field: 'desa_trend' | 'inclusion_column'): readonly string[] {
  return catalogue
    .filter((e) => e[field] !== null)
    .sort((a, b) => a[field]! - b[field]!)
    .map((e) => e.id);
}

/** The trend charts a desa page shows first, in their order. */
export const desaTrends = ordered('desa_trend');
/** The inclusion check's columns, in their order. */
export const inclusionColumns = ordered('inclusion_column');
/** The referral indicators (category `rujukan`): the breakdown tables' columns, in catalogue order. */
export const rujukanIndicators: readonly string[] = catalogue
  .filter((e) => e.category === 'rujukan')
  .sort((a, b) => a.sort_order - b.sort_order)
  .map((e) => e.id);

/** The indicator filling an agency row's field. */
export function agencyIndicator(field: AgencyField): string {
  const entry = catalogue.find((e) => e.agency_field === field);
  if (!entry) throw new Error(`warehouse/catalogue.json: no indicator has agency_field "${field}"`);
  return entry.id;
}

/** The coverage page's indicators (`cakupan_map`), in catalogue order; the first is its default. */
export const cakupanIndicators: readonly string[] = catalogue
  .filter((e) => e.cakupan_map)
  .sort((a, b) => a.sort_order - b.sort_order)
  .map((e) => e.id);
