// The logged-in account, loaded once from GET /api/auth/me. An API without the auth module
// (404 on /api/auth/me) needs no login: the app then works as before.
import { reactive } from 'vue';
import { ApiError, authApi, type SessionUser } from '../api/client.js';
import { forgetOfflineCopies } from '../offline/connection.js';

export const session = reactive<{ user: SessionUser | null; checked: boolean; open: boolean }>({
  user: null,
  checked: false,
  /** True when the API has no login (older or tool builds). */
  open: false,
});

export async function loadSession(): Promise<SessionUser | null> {
  try {
    session.user = (await authApi.me()).user;
  } catch (e) {
    session.user = null;
    session.open = e instanceof ApiError && e.status === 404;
  }
  session.checked = true;
  return session.user;
}

export function forgetSession(): void {
  session.user = null;
  session.checked = true;
  void forgetOfflineCopies();
}

/** CAMAT and PUSKESOS accounts read their own area only (the API refuses the kabupaten). */
export function ownArea(user: SessionUser | null): { kecamatan: string; desa?: string } | null {
  if (!user?.area_code || (user.role !== 'CAMAT' && user.role !== 'PUSKESOS')) return null;
  const code = user.area_code;
  return user.role === 'PUSKESOS'
    ? { kecamatan: code.split('.').slice(0, 3).join('.'), desa: code }
    : { kecamatan: code };
}

/**
 * True when the account may read `code`: its own area or an area inside it (the API's rule in
 * api/auth/roles.ts `inScope`; the API enforces it, this only avoids asking for what it refuses).
 */
export function mayRead(user: SessionUser | null, code: string): boolean {
  const own = user && (user.role === 'CAMAT' || user.role === 'PUSKESOS') ? user.area_code : null;
  return !own || code === own || code.startsWith(`${own}.`);
}

/**
 * Where an account starts when the kabupaten summary is not its to read: a CAMAT its kecamatan,
 * a PUSKESOS its desa page, an OPD the referrals page (its agency's rows). Null = the summary.
 */
export function homePath(user: SessionUser | null): string | null {
  if (user?.role === 'OPD') return '/rujukan';
  const own = ownArea(user);
  if (!own) return null;
  return own.desa ? `/desa/${own.desa}` : `/kecamatan/${own.kecamatan}`;
}

/**
 * The views an account can use without being refused (api/auth/policy.ts); null = every view.
 * A CAMAT reads its kecamatan (and its desa), referrals, coverage and Pokja; a PUSKESOS its desa
 * and its referrals. The kabupaten-wide views (summary, budget, data, presentation) are not theirs.
 * ADMIN and PIMPINAN: every view.
 */
export function viewsFor(user: SessionUser | null): readonly string[] | null {
  if (user?.role === 'CAMAT')
    return ['kecamatan', 'desa', 'rujukan', 'cakupan', 'pokja', 'pokja-rapat', 'pokja-brief'];
  if (user?.role === 'PUSKESOS') return ['desa', 'rujukan'];
  // An OPD reads referral breakdowns and its own actions, not the indicator figures.
  if (user?.role === 'OPD') return ['rujukan', 'pokja'];
  return null;
}

/** Scorecards, values and series (api/auth/policy.ts READERS): every role but OPD. */
export function readsFigures(user: SessionUser | null): boolean {
  return user?.role !== 'OPD';
}
