/**
 * Who is acting, and whether they may. There are no users yet (a later issue adds login and
 * roles): the acting name comes from the `X-Pokja-User` header, else 'admin', and every write goes
 * through `assertMay` so that the auth issue replaces this one file.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../common/params.js';

export type PokjaPermission = 'target:write' | 'meeting:write' | 'action:write' | 'action:comment';

export const DEFAULT_USER = 'admin';
const MAX_NAME = 80;

export function actingUser(header: unknown): string {
  if (header === undefined || header === '') return DEFAULT_USER;
  const name = typeof header === 'string' ? header.trim() : '';
  if (!name || name.length > MAX_NAME || /[\u0000-\u001f]/.test(name)) {
    badRequest(
      `Header X-Pokja-User harus nama pengguna 1–${MAX_NAME} huruf`,
      `the X-Pokja-User header must be a user name of 1–${MAX_NAME} characters`,
    );
  }
  return name;
}

/** Until roles exist every named user may do everything; the auth issue makes this throw 403. */
export function assertMay(_user: string, _permission: PokjaPermission): void {
  return;
}

/** `@Actor() user: string` in a controller: the acting user's name. */
export const Actor = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return actingUser(request.headers['x-pokja-user']);
});
