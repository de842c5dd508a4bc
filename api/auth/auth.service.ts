/**
 * Login, sessions, password change and accounts. A session is a random 256-bit token in an
 * httpOnly, SameSite=Strict cookie; app.duckdb keeps only its SHA-256 and an absolute expiry.
 * Repeated failures lock out, for a quarter hour, the username (5 failures, from any address) or
 * the address (30, so one guesser cannot walk through the usernames); every attempt is audited.
 */
import {
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
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { accountProblem, isRole, type Role, type SessionUser } from './roles.js';
import { DEMO_USERS } from './demo-users.js';

export const SESSION_COOKIE = 'dasbor_sesi';
export const SESSION_HOURS = 12;
export const MAX_FAILURES = 5;
/** Per address: higher, since a whole office may share one address behind its router. */
export const MAX_FAILURES_IP = 30;
export const LOCK_MINUTES = 15;

/** Verified against when the username does not exist, so both cases take as long. */
const DUMMY_HASH = hashPassword('tidak-ada-pengguna-ini');

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

  /**
   * The demo accounts (demo-users.ts, listed in the README), one per role, skipping usernames
   * that exist. For the built-in Kapuas demo only: `npm run user -- demo` and the first start on
   * an empty data folder. Returns the usernames created.
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
    const keys = [`u:${username.toLowerCase()}`, `ip:${ip}`];
    const wait = this.lockedFor(keys);
    if (wait > 0) {
      await this.repo.audit({ actor: null, action: 'LOGIN_DITAHAN', detail: { username }, ip });
      throw new HttpException(
        `Terlalu banyak percobaan gagal; coba lagi dalam ${Math.ceil(wait / 60_000)} menit / ` +
          'too many failed attempts, try again later',
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const user = await this.repo.userByName(username);
    const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH));
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
    const row = await this.repo.userById(user.id);
    if (!row || typeof current !== 'string' || !(await verifyPassword(current, row.password_hash)))
      throw new UnauthorizedException('Kata sandi lama salah / current password is wrong');
    const problem = passwordProblem(next, row.username);
    if (problem) badRequest(problem.split(' / ')[0]!, problem.split(' / ')[1] ?? problem);
    await this.repo.setPassword(row.id, await hashPassword(next as string));
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
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    if (!/^[a-z0-9._-]{3,40}$/i.test(username))
      badRequest(
        "'username' 3–40 huruf, angka, titik, garis bawah atau tanda hubung",
        "'username' must be 3–40 letters, digits, '.', '_' or '-'",
      );
    if (!isRole(input.role))
      badRequest(
        "'role' harus ADMIN, PIMPINAN, CAMAT, OPD atau PUSKESOS",
        "'role' must be ADMIN, PIMPINAN, CAMAT, OPD or PUSKESOS",
      );
    const role: Role = input.role;
    const area = typeof input.area === 'string' && input.area ? input.area.trim() : null;
    const opd = typeof input.opd === 'string' && input.opd ? input.opd.trim().toUpperCase() : null;
    const account = accountProblem(role, area, opd);
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
      password_hash: await hashPassword(input.password as string),
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
