/**
 * Login, sessions, password change and accounts. A session is a random 256-bit token in an
 * httpOnly, SameSite=Strict cookie; app.duckdb keeps only its SHA-256 and an absolute expiry.
 * Repeated failures lock out, for a quarter hour, the username from that address (5 failures of
 * logins or password changes) or the address (30, so one guesser cannot walk through the
 * usernames); a guesser elsewhere cannot lock an account for its owner. Every attempt is audited.
 */
import {
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  UnauthorizedException,
} from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { badRequest } from '../common/params.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuthRepository, type UserRow } from './auth.repository.js';
import {
  HashQueueFullError,
  hashPassword,
  normalizeUsername,
  passwordProblem,
  USERNAME_PATTERN,
  verifyPassword,
} from './password.js';
import { accountProblem, isRole, type Role, type SessionUser } from './roles.js';
import { DEMO_USERS } from './demo-users.js';

export const SESSION_COOKIE = 'dasbor_sesi';
export const SESSION_HOURS = 12;
/** Per username and address. */
export const MAX_FAILURES = 5;
/** Per address: higher, since a whole office may share one address behind its router. */
export const MAX_FAILURES_IP = 30;
export const LOCK_MINUTES = 15;

/** Verified against when the username does not exist, so both cases take as long. */
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hashPassword('tidak-ada-pengguna-ini');
  return dummyHash;
}

/** A login or password check refused because too many hashes wait already (password.ts). */
async function hashing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HashQueueFullError)
      throw new HttpException(error.message, HttpStatus.TOO_MANY_REQUESTS);
    throw error;
  }
}

/** The failure counters a login or password check of `username` from `ip` counts against. */
function failureKeys(username: string, ip: string): string[] {
  return [`u:${normalizeUsername(username)}|ip:${ip}`, `ip:${ip}`];
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function publicUser(user: SessionUser): SessionUser {
  const { id, username, role, area_code, opd, display_name } = user;
  return { id, username, role, area_code, opd, display_name };
}

interface Failures {
  count: number;
  first: number;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly repo: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first admin from ADMIN_PASSWORD when app.duckdb has no user yet. */
  async onApplicationBootstrap(): Promise<void> {
    const password = this.config.adminPassword;
    if (!password || (await this.repo.countUsers()) > 0) return;
    await this.createUser(
      { username: 'admin', password, role: 'ADMIN', display_name: 'Administrator' },
      null,
    );
    this.logger.log("Pengguna pertama 'admin' dibuat dari ADMIN_PASSWORD");
  }

  async hasUsers(): Promise<boolean> {
    return (await this.repo.countUsers()) > 0;
  }

  /**
   * The demo accounts (demo-users.ts, listed in the README), one per role, skipping usernames
   * that exist. For the built-in Kapuas demo only: `npm run user -- demo` and the first start in
   * demo mode on an empty data folder (etl/first-run.ts). Returns the usernames created.
   */
  async createDemoUsers(actor: string): Promise<string[]> {
    const created: string[] = [];
    for (const demo of DEMO_USERS) {
      if (await this.repo.userByName(demo.username)) continue;
      await this.createUser(demo, actor);
      created.push(demo.username);
    }
    return created;
  }

  private lockedFor(keys: string[]): number {
    const now = Date.now();
    let wait = 0;
    for (const key of keys) {
      const f = this.failures.get(key);
      if (!f) continue;
      const until = f.first + LOCK_MINUTES * 60_000;
      if (now >= until) this.failures.delete(key);
      else if (f.count >= (key.startsWith('ip:') ? MAX_FAILURES_IP : MAX_FAILURES))
        wait = Math.max(wait, until - now);
    }
    return wait;
  }

  private async refuseWhenLocked(
    keys: string[],
    action: string,
    actor: string | null,
    detail: Record<string, unknown>,
    ip: string,
  ): Promise<void> {
    const wait = this.lockedFor(keys);
    if (wait <= 0) return;
    await this.repo.audit({ actor, action, detail, ip });
    throw new HttpException(
      `Terlalu banyak percobaan gagal; coba lagi dalam ${Math.ceil(wait / 60_000)} menit / ` +
        'too many failed attempts, try again later',
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private recordFailure(keys: string[]): void {
    for (const key of keys) {
      const f = this.failures.get(key);
      if (f) f.count += 1;
      else this.failures.set(key, { count: 1, first: Date.now() });
    }
  }

  async login(
    username: unknown,
    password: unknown,
    ip: string,
  ): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password)
      badRequest("Kirim 'username' dan 'password'", "send 'username' and 'password'");
    const keys = failureKeys(username, ip);
    await this.refuseWhenLocked(keys, 'LOGIN_DITAHAN', null, { username }, ip);
    const user = await this.repo.userByName(username);
    const ok = await hashing(async () =>
      verifyPassword(password, user?.password_hash ?? (await dummy())),
    );
    if (!user || !ok || !user.active) {
      this.recordFailure(keys);
      await this.repo.audit({ actor: null, action: 'LOGIN_GAGAL', detail: { username }, ip });
      throw new UnauthorizedException(
        'Nama pengguna atau kata sandi salah / wrong username or password',
      );
    }
    for (const key of keys) this.failures.delete(key);
    const session = await this.openSession(user);
    await this.repo.audit({ actor: user.username, action: 'LOGIN', ip });
    return { ...session, user: publicUser(user) };
  }

  private async openSession(user: UserRow): Promise<{ token: string; expiresAt: Date }> {
    await this.repo.purgeExpiredSessions();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
    await this.repo.createSession(tokenHash(token), user.id, expiresAt);
    return { token, expiresAt };
  }

  async userForToken(token: string | undefined): Promise<SessionUser | null> {
    if (!token || token.length > 100) return null;
    const user = await this.repo.sessionUser(tokenHash(token));
    return user ? publicUser(user) : null;
  }

  async logout(token: string | undefined, user: SessionUser | null, ip: string): Promise<void> {
    if (token) await this.repo.deleteSession(tokenHash(token));
    if (user) await this.repo.audit({ actor: user.username, action: 'LOGOUT', ip });
  }

  /** Checks the current password, sets the new one, ends every session, opens a new one. */
  async changePassword(
    user: SessionUser,
    current: unknown,
    next: unknown,
    ip: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    const keys = failureKeys(user.username, ip);
    await this.refuseWhenLocked(keys, 'PASSWORD_DITAHAN', user.username, {}, ip);
    const row = await this.repo.userById(user.id);
    const ok =
      row !== null &&
      typeof current === 'string' &&
      (await hashing(() => verifyPassword(current, row.password_hash)));
    if (!row || !ok) {
      // Counted with the login failures: a stolen session must not become a password oracle.
      this.recordFailure(keys);
      await this.repo.audit({
        actor: user.username,
        action: 'PASSWORD_GAGAL',
        target: user.username,
        ip,
      });
      throw new UnauthorizedException('Kata sandi lama salah / current password is wrong');
    }
    for (const key of keys) this.failures.delete(key);
    const problem = passwordProblem(next, row.username);
    if (problem) badRequest(problem.split(' / ')[0]!, problem.split(' / ')[1] ?? problem);
    await this.repo.setPassword(row.id, await hashing(() => hashPassword(next as string)));
    await this.repo.deleteSessionsOf(row.id);
    await this.repo.audit({ actor: row.username, action: 'PASSWORD', target: row.username, ip });
    return this.openSession(row);
  }

  async createUser(
    input: {
      username: unknown;
      password: unknown;
      role: unknown;
      area?: unknown;
      opd?: unknown;
      display_name?: unknown;
    },
    actor: string | null,
    ip: string | null = null,
  ): Promise<SessionUser> {
    // Stored in the one form lookups use (normalizeUsername); ASCII only, so no two spellings
    // of one name can exist side by side.
    const raw = typeof input.username === 'string' ? input.username.trim() : '';
    const username = raw.toLowerCase();
    if (!USERNAME_PATTERN.test(username) || normalizeUsername(raw) !== username)
      badRequest(
        "'username' 3–40 huruf a–z (tanpa huruf beraksen), angka, titik, garis bawah atau tanda hubung",
        "'username' must be 3–40 ASCII letters, digits, '.', '_' or '-'",
      );
    if (!isRole(input.role))
      badRequest(
        "'role' harus ADMIN, PIMPINAN, CAMAT, OPD atau PUSKESOS",
        "'role' must be ADMIN, PIMPINAN, CAMAT, OPD or PUSKESOS",
      );
    const role: Role = input.role;
    const area = typeof input.area === 'string' && input.area ? input.area.trim() : null;
    const opd = typeof input.opd === 'string' && input.opd ? input.opd.trim().toUpperCase() : null;
    const account = accountProblem(role, area, opd, this.config.regionCode);
    if (account) badRequest(account.split(' / ')[0]!, account.split(' / ')[1] ?? account);
    const problem = passwordProblem(input.password, username);
    if (problem) badRequest(problem.split(' / ')[0]!, problem.split(' / ')[1] ?? problem);
    if (await this.repo.userByName(username))
      throw new HttpException(
        `Nama pengguna '${username}' sudah dipakai / username already taken`,
        HttpStatus.CONFLICT,
      );
    const user = await this.repo.createUser({
      username,
      password_hash: await hashing(() => hashPassword(input.password as string)),
      role,
      area_code: area,
      opd,
      display_name: typeof input.display_name === 'string' ? input.display_name.slice(0, 80) : '',
    });
    await this.repo.audit({
      actor,
      action: 'USER_CREATE',
      target: username,
      detail: { role, area, opd },
      ip,
    });
    return publicUser(user);
  }

  async setActive(
    id: number,
    active: boolean,
    actor: string,
    ip: string,
  ): Promise<{ id: number; active: boolean }> {
    const user = await this.repo.userById(id);
    if (!user) throw new NotFoundException(`Pengguna ${id} tidak ada / no such user`);
    if (
      !active &&
      user.role === 'ADMIN' &&
      user.active &&
      (await this.repo.countActiveAdmins()) <= 1
    )
      throw new ConflictException(
        'Admin aktif terakhir tidak dapat dinonaktifkan; buat atau aktifkan admin lain dulu / ' +
          'the last active admin cannot be deactivated: create or activate another admin first',
      );
    await this.repo.setActive(id, active);
    if (!active) await this.repo.deleteSessionsOf(id);
    await this.repo.audit({
      actor,
      action: active ? 'USER_AKTIF' : 'USER_NONAKTIF',
      target: user.username,
      ip,
    });
    return { id, active };
  }
}
