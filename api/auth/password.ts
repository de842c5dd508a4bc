/**
 * Password hashing with scrypt from node:crypto (no native add-on to install in a Dinas office).
 * Stored as `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later while old
 * hashes still verify. N = 2^15 keeps one verification near 50 ms on an office PC: slow for a
 * guesser, unnoticeable for a person.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
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

/** Null when acceptable, else what to do instead (Indonesian / English). */
export function passwordProblem(password: unknown, username?: string): string | null {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH)
    return `Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter / password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return 'Kata sandi maksimal 200 karakter / at most 200 characters';
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return 'Kata sandi tidak boleh memuat nama pengguna / password must not contain the username';
  return null;
}
