/**
 * Who is acting, and whether they may. With login on (the default) the actor is the session
 * user (`request.user`, set by api/auth's guard): policy.ts has already checked the role, and
 * `assertMay` adds the per-record rules a route table cannot express (a CAMAT only in its
 * kecamatan, an OPD only on actions it owns, and then only their status and comments).
 */
import {
  createParamDecorator,
  ForbiddenException,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../auth/roles.js';

export type PokjaPermission =
  | 'target:write'
  | 'meeting:read'
  | 'meeting:write'
  | 'action:read'
  | 'action:write'
  | 'action:status'
  | 'action:comment';

export interface Actor {
  /** Stored as created_by / author: the account's username. */
  name: string;
  /** The session user. */
  user: SessionUser;
}

/** What a per-record check looks at: the record's kecamatan and, for actions, its owner. */
export interface PokjaRecord {
  kecamatan_code: string;
  owner_opd?: string;
}

function refuse(indonesian: string, english: string): never {
  throw new ForbiddenException(`${indonesian} / ${english}`);
}

/** Agency codes as accounts carry them (trimmed, upper case): `dinsos ` is DINSOS. */
export function sameOpd(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (v: string | null | undefined) => (v ?? '').trim().toUpperCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** A record of someone else: the refusal names neither the record's area nor its owner. */
const NOT_YOURS = ['Akses ditolak: data ini di luar wewenang akun Anda', 'access refused'] as const;

/**
 * Throws 403 when the actor may not do `permission` on `record`. ADMIN and PIMPINAN are limited
 * by role only (policy.ts), a PIMPINAN of one kabupaten also to records of that kabupaten; a CAMAT to records of its own kecamatan; an OPD to actions whose
 * owner_opd is its agency, where it may read, change the status and comment.
 */
export function assertMay(actor: Actor, permission: PokjaPermission, record?: PokjaRecord): void {
  const user = actor.user;
  if (user.role === 'ADMIN') return;
  if (user.role === 'PIMPINAN') {
    if (permission !== 'meeting:read' && permission !== 'action:read')
      refuse('Pimpinan hanya membaca data Pokja', 'PIMPINAN reads Pokja data only');
    // A PIMPINAN of one kabupaten (province instance): records of that kabupaten only.
    if (user.area_code && record && !record.kecamatan_code.startsWith(`${user.area_code}.`))
      refuse(...NOT_YOURS);
    return;
  }
  if (user.role === 'CAMAT') {
    if (permission === 'target:write') refuse('Target hanya diubah admin', 'admins set targets');
    if (record && record.kecamatan_code !== user.area_code) refuse(...NOT_YOURS);
    return;
  }
  if (user.role === 'OPD') {
    const allowed: PokjaPermission[] = ['action:read', 'action:status', 'action:comment'];
    if (!allowed.includes(permission))
      refuse(
        'OPD hanya membaca, mengubah status dan mengomentari tindak lanjutnya sendiri',
        'an OPD may read, update the status of and comment on its own actions only',
      );
    if (record && !sameOpd(record.owner_opd, user.opd)) refuse(...NOT_YOURS);
    return;
  }
  refuse(`Peran ${user.role} tidak memakai data Pokja`, 'this role has no Pokja access');
}

/** `@Actor() actor: Actor` in a controller: the acting session user. */
export const ActingUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { user?: SessionUser | null }>();
  const user = request.user;
  // The guard lets no Pokja route through without a session (policy.ts).
  if (!user) throw new UnauthorizedException('Silakan masuk dulu / please log in first');
  return { name: user.username, user };
});
