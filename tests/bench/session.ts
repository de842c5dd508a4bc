/**
 * Benchmarks and the soak run call the API as a logged-in admin, like the dashboard does: the
 * API they start gets ADMIN_PASSWORD, `loginWhenReady` logs in once it answers, and `benchFetch`
 * sends the session cookie with every call (autocannon gets `sessionCookie()` as a header).
 */
export const BENCH_ADMIN_PASSWORD = 'bench-dinsos-kapuas-2024';

let cookie = '';

export function sessionCookie(): string {
  return cookie;
}

/** True once the API accepted the admin login (false while it is still starting). */
export async function loginWhenReady(url: string): Promise<boolean> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
  });
  if (res.status !== 200) return false;
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return true;
}

export function benchFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (cookie) headers.set('cookie', cookie);
  return fetch(url, { ...init, headers });
}
