// The logged-in account and what it may see, loaded once from GET /api/auth/me. The API computes
// the views, the own area and the agency from its one access policy (api/auth/views.ts); the app
// only reads them.
import { reactive } from 'vue';
import { type Access, authApi, type SessionUser } from '../api/client.js';
import { forgetOfflineCopies } from '../offline/connection.js';

export const session = reactive<{
  user: SessionUser | null;
  access: Access | null;
  checked: boolean;
}>({
  user: null,
  access: null,
  checked: false,
});

export async function loadSession(): Promise<SessionUser | null> {
  try {
    const me = await authApi.me();
    session.user = me.user;
    session.access = me.access;
  } catch {
    session.user = null;
    session.access = null;
  }
  session.checked = true;
  return session.user;
}

export function forgetSession(): void {
  session.user = null;
  session.access = null;
  session.checked = true;
  void forgetOfflineCopies();
}

/** Accounts bound to an area read it only (the API refuses the region). */
export function ownArea(access: Access | null): Access['area'] {
  return access?.area ?? null;
}

/**
 * True when the account may read `code`: its own area or an area inside it (the API's rule in
 * api/auth/roles.ts `inScope`; the API enforces it, this only avoids asking for what it refuses).
 */
export function mayRead(access: Access | null, code: string): boolean {
  const own = access?.area
    ? (access.area.desa ?? access.area.kecamatan ?? access.area.kabupaten)
    : null;
  return !own || code === own || code.startsWith(`${own}.`);
}

/**
 * Where an account starts when the region's summary is not its to read (the API's `home`): a
 * kabupaten's PIMPINAN (province instance) its kabupaten, a CAMAT its kecamatan, a PUSKESOS its desa page, an OPD the referrals page. Null = the summary.
 */
export function homePath(access: Access | null): string | null {
  if (!access || access.home === 'ringkasan') return null;
  if (access.home === 'kabupaten' && access.area) return `/kabupaten/${access.area.kabupaten}`;
  if (access.home === 'kecamatan' && access.area?.kecamatan)
    return `/kecamatan/${access.area.kecamatan}`;
  if (access.home === 'desa' && access.area?.desa) return `/desa/${access.area.desa}`;
  return `/${access.home}`;
}

/** The views (route names) the account can use without being refused; null = every view. */
export function viewsFor(access: Access | null): readonly string[] | null {
  return access?.views ?? null;
}

/** Scorecards, values and series (api/auth/policy.ts READERS): every role but OPD. */
export function readsFigures(access: Access | null): boolean {
  return access?.figures ?? true;
}
