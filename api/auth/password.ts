/**
 * Password hashing with scrypt from node:crypto (no native add-on to install in a Dinas office).
 * Stored as `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later while old
 * hashes still verify. N = 2^15 keeps one verification near 50 ms on an office PC: slow for a
 * guesser, unnoticeable for a person.
 *
 * scrypt runs on libuv's thread pool, which DuckDB queries and file reads share (4 threads by
 * default): a burst of logins used to fill it and stall every other request for seconds. So at
 * most HASH_CONCURRENCY derivations run at once; the others wait in a queue of at most
 * HASH_QUEUE_MAX, beyond which a login is refused at once with 429 (`HashQueueFullError`).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;
/** scrypt derivations at once: one pool thread; the rest stay free for DuckDB and file IO. */
export const HASH_CONCURRENCY = 1;
/**
 * Waiting derivations beyond which a new one is refused (429): under a second of work at 50 ms
 * each on an office PC. A longer queue only makes people wait longer for a login on a busy
 * machine (with 64, logins at 8/s on a loaded test machine waited over a minute).
 */
export const HASH_QUEUE_MAX = 16;

export class HashQueueFullError extends Error {
  constructor() {
    super(
      'Terlalu banyak proses masuk bersamaan; coba lagi beberapa detik lagi / ' +
        'too many logins at once, try again in a few seconds',
    );
  }
}

const waiting: (() => void)[] = [];
let running = 0;
/** For tests and the benchmark: the most derivations ever seen at once. */
export const hashStats = { peak: 0, total: 0 };

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASH_CONCURRENCY) {
    if (waiting.length >= HASH_QUEUE_MAX) throw new HashQueueFullError();
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running += 1;
  hashStats.peak = Math.max(hashStats.peak, running);
  hashStats.total += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return limited(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** What a username may be made of (after `normalizeUsername`). */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,40}$/;

/**
 * The one form of a username for lookups and for the failure counters: NFKC (full-width letters
 * become ASCII), trimmed, lower case. Usernames are ASCII, so anything still outside ASCII
 * (`admİn` lower-cases to `admi̇n`, which a database's own lower() may fold back to `admin`) names
 * no account and never reaches the database as a lookup key.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/** Passwords people pick first; refused as a whole or as a part. */
const COMMON = ['password', 'passw0rd', 'katasandi', 'qwerty', 'asdfgh', 'iloveyou', '123456'];
const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** True when the whole password is a run of one of RUNS (forwards or backwards), wrapping. */
function isRun(password: string): boolean {
  const p = password.toLowerCase();
  return RUNS.some((run) => {
    const cycle = run.repeat(Math.ceil(p.length / run.length) + 1);
    const back = [...cycle].reverse().join('');
    return cycle.includes(p) || back.includes(p);
  });
}

/** Null when acceptable, else what to do instead (Indonesian / English). */
export function passwordProblem(password: unknown, username?: string): string | null {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH)
    return `Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter / password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return 'Kata sandi maksimal 200 karakter / at most 200 characters';
  const lower = password.toLowerCase();
  if (username && lower.includes(normalizeUsername(username)))
    return 'Kata sandi tidak boleh memuat nama pengguna / password must not contain the username';
  if (new Set(password).size < 5)
    return (
      'Kata sandi terlalu mudah ditebak: pakai minimal 5 karakter berbeda, misalnya beberapa ' +
      'kata dengan angka / too easy to guess: use at least 5 different characters'
    );
  if (isRun(password) || COMMON.some((c) => lower.includes(c)))
    return (
      "Kata sandi terlalu mudah ditebak (urutan papan ketik atau angka, atau kata seperti 'password'); " +
      'pakai beberapa kata dengan angka / too easy to guess: no keyboard or number runs, no common passwords'
    );
  return null;
}
