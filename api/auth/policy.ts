/**
 * The access rule of every route, in one table (route as Fastify registers it). The guard
 * refuses a route that has no rule here (fail closed); tests/api/auth.test.ts checks that every
 * registered route has one. `area` names where the request says which area it reads; absent,
 * the served kabupaten is meant, which a CAMAT or PUSKESOS account may not read as a whole.
 */
import type { Role } from './roles.js';

export type Audience = 'public' | 'any' | readonly Role[];

export interface Policy {
  who: Audience;
  /** Where the area code of the request is: a query parameter or a path parameter. */
  area?: { query: string } | { param: string };
}

const READERS: readonly Role[] = ['ADMIN', 'PIMPINAN', 'CAMAT', 'PUSKESOS'];
const ADMIN: readonly Role[] = ['ADMIN'];
const LEADERS: readonly Role[] = ['ADMIN', 'PIMPINAN'];

export const POLICIES: Record<string, Policy> = {
  'POST /api/auth/login': { who: 'public' },
  'POST /api/auth/logout': { who: 'public' },
  'GET /api/auth/me': { who: 'any' },
  'POST /api/auth/password': { who: 'any' },
  'GET /api/users': { who: ADMIN },
  'POST /api/users': { who: ADMIN },
  'PATCH /api/users/:id': { who: ADMIN },
  'GET /api/audit': { who: ADMIN },
  // Every account that can see figures can export them; the web app reports each export.
  'POST /api/audit/export': { who: 'any' },
  'GET /api/health': { who: 'public' },
  // Reference data (area names, boundaries, the catalogue): no personal data, every account.
  'GET /api/meta': { who: 'any' },
  'GET /api/indicators': { who: 'any' },
  'GET /api/areas': { who: 'any' },
  'GET /api/areas/:code': { who: 'any' },
  'GET /api/geo': { who: 'any' },
  'GET /api/geo/missing': { who: 'any' },
  // Boundary import (api/areas/geo-import.*): Dinas Sosial's admins.
  'GET /api/geo/imports': { who: ADMIN },
  'POST /api/geo/imports': { who: ADMIN },
  'GET /api/geo/imports/:id': { who: ADMIN },
  'GET /api/geo/imports/:id/preview': { who: ADMIN },
  'POST /api/geo/imports/:id/match': { who: ADMIN },
  'POST /api/geo/imports/:id/accept': { who: ADMIN },
  'DELETE /api/geo/imports/:id': { who: ADMIN },
  'DELETE /api/geo/boundaries/:level': { who: ADMIN },
  'GET /api/indicators/:id/values': { who: READERS, area: { query: 'parent' } },
  'GET /api/indicators/:id/series': { who: READERS, area: { query: 'area' } },
  'GET /api/scorecard': { who: READERS, area: { query: 'area' } },
  // OPD: referral figures everywhere (its own agency row: see the README of api/auth).
  'GET /api/rujukan/breakdown': {
    who: ['ADMIN', 'PIMPINAN', 'CAMAT', 'PUSKESOS', 'OPD'],
    area: { query: 'area' },
  },
  // Action lists of one desa (pseudonymised rows): every figure reader within its area; each
  // read is audited (audit.interceptor.ts, DAFTAR_LIHAT).
  'GET /api/daftar/:indicator': { who: READERS, area: { query: 'desa' } },
  'GET /api/coverage/gaps': { who: ['ADMIN', 'PIMPINAN', 'CAMAT'], area: { query: 'area' } },
  'POST /api/budget/simulate': { who: LEADERS },
  'GET /api/etl/runs': { who: LEADERS },
  'GET /api/etl/status': { who: 'any' },
  'GET /api/etl/freshness': { who: 'any' },
  'GET /api/etl/rejects': { who: ADMIN },
  'GET /api/etl/quality': { who: LEADERS },
  'POST /api/etl/run': { who: ADMIN },
  'GET /api/etl/held': { who: ADMIN },
  'POST /api/etl/runs/:id/accept': { who: ADMIN },
  'POST /api/etl/runs/:id/reject': { who: ADMIN },
  // Uploads on the Data page (api/uploads): staged, checked, loaded or discarded by an admin.
  'GET /api/uploads': { who: ADMIN },
  'POST /api/uploads': { who: ADMIN },
  'GET /api/uploads/:id': { who: ADMIN },
  'PATCH /api/uploads/:id': { who: ADMIN },
  'DELETE /api/uploads/:id': { who: ADMIN },
  'GET /api/uploads/:id/preview': { who: ADMIN },
  'POST /api/uploads/load': { who: ADMIN },
  'GET /api/mappings': { who: ADMIN },
  'PUT /api/mappings': { who: ADMIN },
  'POST /api/mappings/crosswalk': { who: ADMIN },
  'GET /api/programme-rules': { who: ADMIN },
  'PUT /api/programme-rules': { who: ADMIN },
  // Aggregate export for the province (api/exchange, docs/exchange.md): figures only; audited.
  'GET /api/agregat': { who: ADMIN },
  // A province instance's imports (api/exchange/province.*): every write audited by the service
  // (AGREGAT_IMPOR, AGREGAT_TOLAK, AGREGAT_KUNCI, AGREGAT_TOKEN_BUAT, AGREGAT_TOKEN_CABUT).
  'POST /api/agregat/impor': { who: ADMIN },
  // A kabupaten instance's push: no session; the service checks its per-kabupaten Bearer token.
  'POST /api/agregat/kirim': { who: 'public' },
  'GET /api/agregat/status': { who: LEADERS },
  'GET /api/agregat/kelengkapan': { who: LEADERS },
  'POST /api/agregat/kunci': { who: ADMIN },
  'GET /api/agregat/tokens': { who: ADMIN },
  'POST /api/agregat/tokens': { who: ADMIN },
  'DELETE /api/agregat/tokens/:id': { who: ADMIN },
  'GET /api/targets': { who: 'any' },
  'GET /api/targets/audit': { who: LEADERS },
  'PUT /api/targets/:indicator': { who: ADMIN },
  'DELETE /api/targets/:indicator': { who: ADMIN },
  // Pokja: role-level here; the per-record checks (a CAMAT's own kecamatan, an OPD's own
  // actions, status and comments only) are in pokja/access.ts `assertMay`.
  'GET /api/pokja/meetings': { who: ['ADMIN', 'PIMPINAN', 'CAMAT'], area: { query: 'kecamatan' } },
  'POST /api/pokja/meetings': { who: ['ADMIN', 'CAMAT'] },
  'GET /api/pokja/meetings/:id': { who: ['ADMIN', 'PIMPINAN', 'CAMAT'] },
  'PATCH /api/pokja/meetings/:id': { who: ['ADMIN', 'CAMAT'] },
  'PUT /api/pokja/meetings/:id/agenda': { who: ['ADMIN', 'CAMAT'] },
  'DELETE /api/pokja/meetings/:id': { who: ['ADMIN', 'CAMAT'] },
  'GET /api/pokja/meetings/:id/brief': { who: ['ADMIN', 'PIMPINAN', 'CAMAT'] },
  'GET /api/pokja/actions': {
    who: ['ADMIN', 'PIMPINAN', 'CAMAT', 'OPD'],
    area: { query: 'kecamatan' },
  },
  'POST /api/pokja/actions': { who: ['ADMIN', 'CAMAT'] },
  'GET /api/pokja/actions/:id': { who: ['ADMIN', 'PIMPINAN', 'CAMAT', 'OPD'] },
  'PATCH /api/pokja/actions/:id': { who: ['ADMIN', 'CAMAT', 'OPD'] },
  'POST /api/pokja/actions/:id/comments': { who: ['ADMIN', 'CAMAT', 'OPD'] },
  'GET /api/pokja/rakor': { who: LEADERS },
};
