/**
 * What an account may see in the web app, derived from the one access policy (policy.ts) and the
 * area rule (roles.ts): `GET /api/auth/me` sends it, and the web app's menu and route guard use
 * it instead of a copy of the rules. A view is a route name of the web app (web/src/router.ts);
 * it is the account's when the role may call the view's main endpoint, and, for an account bound
 * to an area, when the view does not read a wider area than the account's own.
 */
import { POLICIES } from './policy.js';
import { areaScope, type Role, type SessionUser } from './roles.js';

/**
 * The area a view reads: the whole region, one kabupaten (of a province), one kecamatan, one
 * desa, or whatever it is sent.
 */
type ViewArea = 'region' | 'kabupaten' | 'kecamatan' | 'desa' | 'any';

/** Every view in menu order; the first an account may open is where it starts. */
export const VIEWS: readonly { name: string; route: string; area: ViewArea }[] = [
  { name: 'ringkasan', route: 'GET /api/scorecard', area: 'region' },
  { name: 'kabupaten', route: 'GET /api/scorecard', area: 'kabupaten' },
  { name: 'kecamatan', route: 'GET /api/scorecard', area: 'kecamatan' },
  { name: 'desa', route: 'GET /api/scorecard', area: 'desa' },
  { name: 'daftar', route: 'GET /api/daftar/:indicator', area: 'desa' },
  { name: 'rujukan', route: 'GET /api/rujukan/breakdown', area: 'any' },
  { name: 'cakupan', route: 'GET /api/coverage/gaps', area: 'any' },
  { name: 'anggaran', route: 'POST /api/budget/simulate', area: 'region' },
  { name: 'data', route: 'GET /api/etl/runs', area: 'region' },
  { name: 'presentasi', route: 'GET /api/scorecard', area: 'region' },
  { name: 'pokja', route: 'GET /api/pokja/actions', area: 'any' },
  { name: 'pokja-rapat', route: 'GET /api/pokja/meetings/:id', area: 'any' },
  { name: 'pokja-brief', route: 'GET /api/pokja/meetings/:id/brief', area: 'any' },
  { name: 'pokja-rakor', route: 'GET /api/pokja/rakor', area: 'region' },
  { name: 'pokja-target', route: 'GET /api/targets/audit', area: 'region' },
];

export interface Access {
  /** Route names of the web app the account may open, in menu order. */
  views: string[];
  /** The first of `views`: where the account starts. */
  home: string;
  /**
   * PIMPINAN of one kabupaten (province instance): its kabupaten; CAMAT: its kecamatan (and the
   * kabupaten around it); PUSKESOS: its desa and the kecamatan around it; else null (all).
   */
  area: { kabupaten: string; kecamatan: string | null; desa: string | null } | null;
  /** OPD: its agency code; else null. */
  opd: string | null;
  /** May read scorecards, values and series (the indicator figures). */
  figures: boolean;
}

/** True when the role passes the route's rule in policy.ts (the area is checked per request). */
export function roleMay(role: Role, route: string): boolean {
  const who = POLICIES[route]?.who;
  if (who === undefined) throw new Error(`${route} has no rule in policy.ts`);
  return who === 'public' || who === 'any' || who.includes(role);
}

/** Number of parts of a dotted code (provinsi 1, kabupaten 2, kecamatan 3, desa 4). */
const depthOf = (code: string) => code.split('.').length;

/**
 * `region`: the served REGION_CODE. The `kabupaten` view (one kabupaten of a province) exists
 * on a province instance only.
 */
export function accessOf(user: SessionUser, region: string): Access {
  const scope = areaScope(user);
  const depth = scope === null ? 0 : depthOf(scope);
  const DEPTH: Record<ViewArea, number> = {
    region: depthOf(region),
    kabupaten: depthOf(region) === 1 ? 2 : -1,
    kecamatan: 3,
    desa: 4,
    any: Infinity,
  };
  // The Pokja pages list the records of one kecamatan or of all: none fits an account bound to a
  // kabupaten of a province (whose Pokja works in the kabupaten's own instance).
  const pokja = (name: string) => name === 'pokja' || name.startsWith('pokja-');
  const views = VIEWS.filter(
    (v) => roleMay(user.role, v.route) && DEPTH[v.area] >= depth && !(depth === 2 && pokja(v.name)),
  ).map((v) => v.name);
  const prefix = (parts: number) =>
    scope !== null && depth >= parts ? scope.split('.').slice(0, parts).join('.') : null;
  return {
    views,
    home: views[0] ?? 'ringkasan',
    area: scope === null ? null : { kabupaten: prefix(2)!, kecamatan: prefix(3), desa: prefix(4) },
    opd: user.role === 'OPD' ? user.opd : null,
    figures: roleMay(user.role, 'GET /api/scorecard'),
  };
}
