/** users, sessions and audit_log in app.duckdb (migration 003_auth.sql). */
import { readFile } from 'node:fs/promises';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { dataFolder } from '../../warehouse/data-folder.js';
import { AppDbService } from '../app-db/app-db.service.js';
import { normalizeUsername, USERNAME_PATTERN } from './password.js';
import { isRole, type Role, type SessionUser } from './roles.js';

export interface UserRow extends SessionUser {
  password_hash: string;
  active: boolean;
}

export interface NewUser {
  username: string;
  password_hash: string;
  role: Role;
  area_code: string | null;
  opd: string | null;
  display_name: string;
}

export interface AuditEntry {
  actor: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

function toUser(row: Record<string, unknown>): UserRow {
  if (!isRole(row.role)) throw new Error(`Peran tidak dikenal di tabel users: ${String(row.role)}`);
  return {
    id: Number(row.id),
    username: String(row.username),
    role: row.role,
    area_code: (row.area_code as string | null) ?? null,
    opd: (row.opd as string | null) ?? null,
    display_name: String(row.display_name ?? ''),
    password_hash: String(row.password_hash),
    active: Boolean(row.active),
  };
}

const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
const USER_COLUMNS = 'id, username, role, area_code, opd, display_name, password_hash, active';

@Injectable()
export class AuthRepository implements OnApplicationBootstrap {
  private readonly logger = new Logger('Audit');

  /**
   * Session lookups answered from memory for a few seconds (never past the session's expiry):
   * every request checks its session, and app.duckdb answers one query at a time, so without
   * this the whole API topped out near 700 requests a second. Logout, password change and
   * deactivation remove what they end (deleteSession, deleteSessionsOf) at once.
   */
  private readonly sessions = new Map<string, { user: UserRow; until: number }>();

  constructor(private readonly db: AppDbService) {}

  /** By the normalised name (password.ts normalizeUsername); null for a name no account can have. */
  async userByName(username: string): Promise<UserRow | null> {
    const name = normalizeUsername(username);
    if (!USERNAME_PATTERN.test(name)) return null;
    const rows = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = $u`,
      { u: name },
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async userById(id: number): Promise<UserRow | null> {
    const rows = await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $id`, { id });
    return rows[0] ? toUser(rows[0]) : null;
  }

  async users(): Promise<UserRow[]> {
    return (await this.db.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`)).map(toUser);
  }

  async countActiveAdmins(): Promise<number> {
    const rows = await this.db.query(
      "SELECT count(*) AS n FROM users WHERE role = 'ADMIN' AND active",
    );
    return Number(rows[0]?.n ?? 0);
  }

  async countUsers(): Promise<number> {
    return Number((await this.db.query('SELECT count(*) AS n FROM users'))[0]?.n ?? 0);
  }

  async createUser(user: NewUser): Promise<UserRow> {
    const rows = await this.db.query(
      `INSERT INTO users (username, password_hash, role, area_code, opd, display_name)
       VALUES ($username, $hash, $role, $area, $opd, $display) RETURNING ${USER_COLUMNS}`,
      {
        username: user.username,
        hash: user.password_hash,
        role: user.role,
        area: user.area_code,
        opd: user.opd,
        display: user.display_name,
      },
    );
    return toUser(rows[0]!);
  }

  async setPassword(id: number, hash: string): Promise<void> {
    await this.db.query(
      `UPDATE users SET password_hash = $hash, password_changed_at = current_timestamp,
         updated_at = current_timestamp WHERE id = $id`,
      { id, hash },
    );
  }

  async setActive(id: number, active: boolean): Promise<void> {
    await this.db.query(
      'UPDATE users SET active = $active, updated_at = current_timestamp WHERE id = $id',
      { id, active },
    );
  }

  async createSession(tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
    await this.db.query(
      'INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($t, $u, $e::TIMESTAMPTZ)',
      { t: tokenHash, u: userId, e: expiresAt.toISOString() },
    );
  }

  /** The active user of a live session, or null. */
  async sessionUser(tokenHash: string): Promise<UserRow | null> {
    const now = Date.now();
    const hit = this.sessions.get(tokenHash);
    if (hit && hit.until > now) return hit.user;
    const rows = await this.db.query(
      `SELECT ${USER_COLUMNS.split(', ')
        .map((c) => `u.${c}`)
        .join(', ')}, epoch_ms(s.expires_at) AS expires_ms
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $t AND s.expires_at > current_timestamp AND u.active`,
      { t: tokenHash },
    );
    if (!rows[0]) {
      this.sessions.delete(tokenHash);
      return null;
    }
    const user = toUser(rows[0]);
    if (this.sessions.size >= SESSION_CACHE_MAX) this.sessions.clear();
    const until = Math.min(now + SESSION_CACHE_MS, Number(rows[0].expires_ms));
    this.sessions.set(tokenHash, { user, until });
    return user;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
    await this.db.query('DELETE FROM sessions WHERE token_hash = $t', { t: tokenHash });
  }

  async deleteSessionsOf(userId: number): Promise<void> {
    for (const [key, entry] of this.sessions)
      if (entry.user.id === userId) this.sessions.delete(key);
    await this.db.query('DELETE FROM sessions WHERE user_id = $u', { u: userId });
  }

  async purgeExpiredSessions(): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE expires_at <= current_timestamp');
  }

  /**
   * Imports the audit lines the offline commands appended to `<data>/audit-offline.jsonl`
   * (warehouse/data-folder.ts) that audit_log does not hold yet (by their `id`, kept in detail as
   * `offline_id`), with their own time. Called at start and before the audit log is read.
   */
  async importOfflineAudit(): Promise<number> {
    let text: string;
    try {
      text = await readFile(dataFolder(this.db.dataDir).auditOffline, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const known = new Set(
      (
        await this.db.query(
          `SELECT json_extract_string(detail, '$.offline_id') AS id FROM audit_log
           WHERE json_extract_string(detail, '$.offline_id') IS NOT NULL`,
        )
      ).map((r) => String(r.id)),
    );
    let imported = 0;
    for (const [n, line] of text.split('\n').entries()) {
      if (!line.trim()) continue;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        this.logger.warn(`audit-offline.jsonl baris ${n + 1} bukan JSON; dilewati`);
        continue;
      }
      const id = typeof entry.id === 'string' ? entry.id : null;
      if (!id || known.has(id) || typeof entry.action !== 'string') continue;
      const detail = {
        ...((entry.detail as Record<string, unknown> | null) ?? {}),
        offline_id: id,
      };
      await this.db.query(
        `INSERT INTO audit_log (logged_at, actor, action, target, detail, ip)
         VALUES (coalesce(try_cast($at AS TIMESTAMPTZ), current_timestamp), $actor, $action,
                 $target, $detail, 'offline')`,
        {
          at: typeof entry.at === 'string' ? entry.at : null,
          actor: typeof entry.actor === 'string' ? entry.actor : null,
          action: entry.action,
          target: typeof entry.target === 'string' ? entry.target : null,
          detail: JSON.stringify(detail),
        },
      );
      known.add(id);
      imported += 1;
    }
    return imported;
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const n = await this.importOfflineAudit();
      if (n > 0) this.logger.log(`${n} baris audit offline diimpor`);
    } catch (error) {
      this.logger.error(`Audit offline tidak dapat diimpor: ${String(error)}`);
    }
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_log (actor, action, target, detail, ip)
       VALUES ($actor, $action, $target, $detail, $ip)`,
      {
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
        ip: entry.ip ?? null,
      },
    );
  }

  async auditLog(limit: number): Promise<Record<string, unknown>[]> {
    const rows = await this.db.query(
      `SELECT id, strftime(logged_at, '%Y-%m-%dT%H:%M:%S%z') AS logged_at, actor, action, target,
         detail, ip FROM audit_log ORDER BY id DESC LIMIT $limit`,
      { limit },
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}
