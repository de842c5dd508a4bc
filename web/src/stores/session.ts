// The logged-in account, loaded once from GET /api/auth/me. An API without the auth module
// (404 on /api/auth/me) needs no login: the app then works as before.
import { reactive } from 'vue';
import { ApiError, authApi, type SessionUser } from '../api/client.js';

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
}

/** CAMAT and PUSKESOS accounts read their own area only (the API refuses the kabupaten). */
export function ownArea(user: SessionUser | null): { kecamatan: string; desa?: string } | null {
  if (!user?.area_code || (user.role !== 'CAMAT' && user.role !== 'PUSKESOS')) return null;
  const code = user.area_code;
  return user.role === 'PUSKESOS'
    ? { kecamatan: code.split('.').slice(0, 3).join('.'), desa: code }
    : { kecamatan: code };
}
