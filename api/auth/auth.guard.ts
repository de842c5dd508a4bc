/**
 * The one gate of every route: the session cookie → the user, then the route's rule in
 * policy.ts (role, and the area the request reads). Enforced in the API, whatever the web app
 * shows. Routes without a rule are refused (a new endpoint must be given one).
 */
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuthService, SESSION_COOKIE } from './auth.service.js';
import { POLICIES, type Policy } from './policy.js';
import { areaScope, inScope, type SessionUser } from './roles.js';

export type AuthedRequest = FastifyRequest & { user?: SessionUser | null };

export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function policyOf(request: FastifyRequest): Policy | undefined {
  return POLICIES[`${request.method} ${request.routeOptions.url ?? ''}`];
}

function requestedArea(request: FastifyRequest, policy: Policy): unknown {
  if (!policy.area) return undefined;
  if ('query' in policy.area) return (request.query as Record<string, unknown>)[policy.area.query];
  return (request.params as Record<string, unknown>)[policy.area.param];
}

const LEADER_ROLES = new Set<string>(['ADMIN', 'PIMPINAN']);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const policy = policyOf(request);
    request.user = await this.auth.userForToken(cookieValue(request, SESSION_COOKIE));
    if (policy?.who === 'public') return true;
    const user = request.user;
    if (!user) throw new UnauthorizedException('Silakan masuk dulu / please log in first');
    if (!policy)
      throw new ForbiddenException(
        'Endpoint ini belum punya aturan akses / this endpoint has no access rule yet',
      );
    if (policy.who !== 'any' && !policy.who.includes(user.role))
      throw new ForbiddenException(
        `Peran ${user.role} tidak boleh membuka ${request.routeOptions.url} / not allowed for this role`,
      );
    this.checkArea(request, policy, user);
    return true;
  }

  private checkArea(request: FastifyRequest, policy: Policy, user: SessionUser): void {
    const scope = areaScope(user);
    if (scope === null) return;
    // A route for the leaders only that names no area reads the whole region (budget, ETL runs,
    // rakor, …): not for a PIMPINAN bound to one kabupaten of a province.
    if (!policy.area && Array.isArray(policy.who) && policy.who.every((r) => LEADER_ROLES.has(r)))
      throw new ForbiddenException(
        `Halaman ini untuk seluruh wilayah ${this.config.regionCode}; akun Anda untuk ${scope} / ` +
          'this page covers the whole region, your account one area',
      );
    if (!policy.area) return;
    const raw = requestedArea(request, policy);
    const code = typeof raw === 'string' && raw !== '' ? raw.trim() : this.config.regionCode;
    if (!inScope(user, code)) {
      const name = 'query' in policy.area ? policy.area.query : policy.area.param;
      throw new ForbiddenException(
        `Wilayah ${code} di luar wilayah akun Anda (${scope}); kirim ${name}=${scope} ` +
          `atau wilayah di dalamnya / outside your area`,
      );
    }
  }
}

/**
 * The API documentation (Swagger UI at /api/docs, the document at /api/docs-json) is served by
 * Fastify routes Nest's guard never sees: the same rule as `GET /api/auth/me` (any logged-in
 * account) is applied here, before the route. The document lists every endpoint and parameter.
 */
export function guardDocs(instance: FastifyInstance, auth: AuthService): void {
  instance.addHook('onRequest', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url !== '/api/docs' && !url.startsWith('/api/docs/') && !url.startsWith('/api/docs-'))
      return;
    if (await auth.userForToken(cookieValue(request, SESSION_COOKIE))) return;
    await reply.status(401).header('content-type', 'application/json; charset=utf-8').send({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Silakan masuk dulu (/masuk), lalu buka /api/docs / please log in first',
    });
  });
}
