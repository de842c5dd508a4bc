/**
 * What an account may see in the web app, derived from the one access policy (policy.ts) and the
 * area rule (roles.ts): `GET /api/auth/me` sends it, and the web app's menu and route guard use
 * it instead of a copy of the rules. A view is a route name of the web app (web/src/router.ts);
 * it is the account's when the role may call the view's main endpoint, and, for an account bound
 * to an area, when the view does not read a wider area than the account's own.
 */
import { POLICIES } from './policy.js';
import { areaScope, type Role, type SessionUser } from './roles.js';

/** The area a view reads: the whole region, one kecamatan, one desa, or whatever it is sent. */
type ViewArea = 'region' | 'kecamatan' | 'desa' | 'any';

/** Every view in menu order; the first an account may open is where it starts. */
export const VIEWS: readonly { name: string; route: string; area: ViewArea }[] = [
  { name: 'ringkasan', route: 'GET /api/scorecard', area: 'region' },
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
  /** CAMAT: its kecamatan; PUSKESOS: its desa and the kecamatan around it; else null (all). */
  area: { kecamatan: string; desa: string | null } | null;
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

/** Number of levels of a dotted code below the province (kabupaten 2, kecamatan 3, desa 4). */
const DEPTH: Record<ViewArea, number> = { region: 2, kecamatan: 3, desa: 4, any: Infinity };

export function accessOf(user: SessionUser): Access {
  const scope = areaScope(user);
  const depth = scope === null ? 0 : scope.split('.').length;
  const views = VIEWS.filter((v) => roleMay(user.role, v.route) && DEPTH[v.area] >= depth).map(
    (v) => v.name,
  );
  return {
    views,
    home: views[0] ?? 'ringkasan',
    area:
      scope === null
        ? null
        : { kecamatan: scope.split('.').slice(0, 3).join('.'), desa: depth === 4 ? scope : null },
    opd: user.role === 'OPD' ? user.opd : null,
    figures: roleMay(user.role, 'GET /api/scorecard'),
  };
}
