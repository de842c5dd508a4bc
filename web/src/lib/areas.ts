// The levels of the served region and where each area's page is: a kabupaten instance serves
// kabupaten → kecamatan → desa, a province instance provinsi → kabupaten → kecamatan → desa
// (warehouse/area-names.ts AREA_LEVELS, which the API uses too). One place for the route of an
// area and for the breadcrumb from the region down to it, so every view drills the same way.
import type { LocationQueryRaw, RouteLocationRaw } from 'vue-router';
import type { AreaRef } from '../api/client.js';
import { AREA_LEVELS, type AreaLevel } from '../../../warehouse/area-names.js';

/** A level a map can draw (the API's /api/geo objects). */
export type MapLevel = Exclude<AreaLevel, 'provinsi'>;

/** The level directly below, or null for desa (or an unknown level). */
export function childLevel(level: string): MapLevel | null {
  const i = AREA_LEVELS.indexOf(level as AreaLevel);
  return i < 0 ? null : ((AREA_LEVELS[i + 1] as MapLevel | undefined) ?? null);
}

/**
 * The page of an area: the served region is the summary (Ringkasan); a kabupaten of a province
 * its own summary (`/kabupaten/:code`, the same view); a kecamatan and a desa their pages.
 */
export function areaRoute(
  area: { code: string; level: string },
  regionCode: string,
  query: LocationQueryRaw = {},
): RouteLocationRaw {
  if (area.code === regionCode) return { name: 'ringkasan', query };
  if (area.level === 'kabupaten') return { name: 'kabupaten', params: { code: area.code }, query };
  if (area.level === 'kecamatan') return { name: 'kecamatan', params: { code: area.code }, query };
  return { name: 'desa', params: { kode: area.code }, query };
}

export interface Crumb {
  label: string;
  to?: RouteLocationRaw;
}

/**
 * The breadcrumb of an area's page: the region, then each ancestor below it (`ancestors` of
 * GET /api/areas/:code, top down), as links where `readable` allows; the page itself is added by
 * the view. `label` names an ancestor (a kecamatan is written "Kecamatan X").
 */
export function areaCrumbs(
  region: AreaRef,
  ancestors: readonly AreaRef[],
  query: LocationQueryRaw,
  label: (area: AreaRef) => string,
  readable: (code: string) => boolean = () => true,
): Crumb[] {
  const regionDepth = region.code.split('.').length;
  const below = ancestors.filter((a) => a.code.split('.').length > regionDepth);
  return [region, ...below].map((a) => ({
    label: a === region ? a.name : label(a),
    to: readable(a.code) ? areaRoute(a, region.code, query) : undefined,
  }));
}
