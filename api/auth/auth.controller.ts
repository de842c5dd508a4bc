import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { badRequest, requireBody } from '../common/params.js';
import { type AuthedRequest, cookieValue } from './auth.guard.js';
import { AuthService, SESSION_COOKIE, SESSION_HOURS } from './auth.service.js';
import { AuthRepository } from './auth.repository.js';
import { MeDto } from './auth.dto.js';
import type { SessionUser } from './roles.js';
import { accessOf } from './views.js';

function setSession(reply: FastifyReply, token: string): void {
  void reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}`,
  );
}

function clearSession(reply: FastifyReply): void {
  void reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
  );
}

const EXPORT_FORMATS = ['csv', 'xlsx', 'png'];

/** Only reached with a user: the guard refuses the route otherwise. */
function userOf(request: AuthedRequest): SessionUser {
  return request.user!;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: unknown,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ user: SessionUser; expires_at: string }> {
    const { username, password } = requireBody(body);
    const session = await this.auth.login(username, password, request.ip);
    setSession(reply, session.token);
    return { user: session.user, expires_at: session.expiresAt.toISOString() };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(cookieValue(request, SESSION_COOKIE), request.user ?? null, request.ip);
    clearSession(reply);
  }

  /** The account and what it may see (views.ts, from the one policy in policy.ts). */
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@Req() request: AuthedRequest): MeDto {
    const user = userOf(request);
    return { user, access: accessOf(user, this.config.regionCode) };
  }

  @Post('password')
  @HttpCode(200)
  async password(
    @Body() body: unknown,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ user: SessionUser }> {
    const { current_password, new_password } = requireBody(body);
    const user = userOf(request);
    const session = await this.auth.changePassword(
      user,
      current_password,
      new_password,
      request.ip,
    );
    setSession(reply, session.token);
    return { user };
  }
}

@ApiTags('auth')
@Controller('api')
export class UsersController {
  constructor(
    private readonly auth: AuthService,
    private readonly repo: AuthRepository,
  ) {}

  @Get('users')
  async users(): Promise<{ users: SessionUser[] }> {
    const rows = await this.repo.users();
    return {
      users: rows.map(({ id, username, role, area_code, opd, display_name, active }) => ({
        id,
        username,
        role,
        area_code,
        opd,
        display_name,
        active,
      })),
    };
  }

  @Post('users')
  createUser(@Body() body: unknown, @Req() request: AuthedRequest): Promise<SessionUser> {
    const b = requireBody(body);
    return this.auth.createUser(
      {
        username: b.username,
        password: b.password,
        role: b.role,
        area: b.area,
        opd: b.opd,
        display_name: b.display_name,
      },
      userOf(request).username,
      request.ip,
    );
  }

  @Patch('users/:id')
  async updateUser(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: AuthedRequest,
  ): Promise<{ id: number; active: boolean }> {
    const { active } = requireBody(body);
    if (!/^\d{1,12}$/.test(id)) badRequest("'id' harus bilangan bulat", "'id' must be an integer");
    if (typeof active !== 'boolean')
      badRequest("Kirim 'active': true/false", "send 'active': true/false");
    return this.auth.setActive(Number(id), active, userOf(request).username, request.ip);
  }

  /**
   * Exports the API never served data for (a PNG of a chart or map, a table of figures already on
   * screen): the web app reports them here (`source: browser`). Table exports whose rows the API
   * serves (`ekspor=csv|xlsx`) are recorded by audit.interceptor.ts instead, on the server's word.
   * Only names, never the exported rows.
   */
  @Post('audit/export')
  @HttpCode(204)
  async export(@Body() body: unknown, @Req() request: AuthedRequest): Promise<void> {
    const { view, format, mode } = requireBody(body);
    if (typeof view !== 'string' || !/^[\w./?=&%:,-]{1,200}$/.test(view))
      badRequest(
        "'view' harus nama atau alamat tampilan (≤ 200 huruf)",
        "'view' must name the exported view (≤ 200 characters)",
      );
    if (typeof format !== 'string' || !EXPORT_FORMATS.includes(format))
      badRequest(`'format' harus ${EXPORT_FORMATS.join(', ')}`, `'format' must be one of those`);
    // Tables: publik (small desa counts withheld, api/README.md "Small counts") or internal.
    if (mode !== undefined && mode !== 'publik' && mode !== 'internal')
      badRequest("'mode' harus publik atau internal", "'mode' must be publik or internal");
    await this.repo.audit({
      actor: userOf(request).username,
      action: 'EKSPOR',
      target: view,
      detail: { format, ...(mode === undefined ? {} : { mode }), source: 'browser' },
      ip: request.ip,
    });
  }

  @Get('audit')
  async audit(@Query('limit') limit?: unknown): Promise<{ rows: Record<string, unknown>[] }> {
    const n = limit === undefined ? 500 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 5000)
      badRequest("'limit' harus bilangan bulat 1–5000", "'limit' must be an integer 1–5000");
    // what the key holder's offline commands recorded (npm run daftar-verval) comes in first
    await this.repo.importOfflineAudit();
    return { rows: await this.repo.auditLog(n) };
  }
}
