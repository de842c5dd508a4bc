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
import { badRequest } from '../common/params.js';
import { type AuthedRequest, cookieValue } from './auth.guard.js';
import { AuthService, SESSION_COOKIE, SESSION_HOURS } from './auth.service.js';
import { AuthRepository } from './auth.repository.js';
import {
  ActiveBodyDto,
  AuditQueryDto,
  CreateUserBodyDto,
  ExportAuditBodyDto,
  LoginBodyDto,
  MeDto,
  PasswordBodyDto,
} from './auth.dto.js';
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
    @Body() body: LoginBodyDto,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ user: SessionUser; expires_at: string }> {
    const { username, password } = body;
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
    @Body() body: PasswordBodyDto,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ user: SessionUser }> {
    const { current_password, new_password } = body;
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
  createUser(@Body() body: CreateUserBodyDto, @Req() request: AuthedRequest): Promise<SessionUser> {
    return this.auth.createUser(body, userOf(request).username, request.ip);
  }

  @Patch('users/:id')
  async updateUser(
    @Param('id') id: string,
    @Body() body: ActiveBodyDto,
    @Req() request: AuthedRequest,
  ): Promise<{ id: number; active: boolean }> {
    if (!/^\d{1,12}$/.test(id)) badRequest("'id' harus bilangan bulat", "'id' must be an integer");
    return this.auth.setActive(Number(id), body.active, userOf(request).username, request.ip);
  }

  /**
   * Exports the API never served data for (a PNG of a chart or map, a table of figures already on
   * screen): the web app reports them here (`source: browser`). Table exports whose rows the API
   * serves (`ekspor=csv|xlsx`) are recorded by audit.interceptor.ts instead, on the server's word.
   * Only names, never the exported rows.
   */
  @Post('audit/export')
  @HttpCode(204)
  async export(@Body() body: ExportAuditBodyDto, @Req() request: AuthedRequest): Promise<void> {
    const { view, format, mode } = body;
    await this.repo.audit({
      actor: userOf(request).username,
      action: 'EKSPOR',
      target: view,
      detail: { format, ...(mode === undefined ? {} : { mode }), source: 'browser' },
      ip: request.ip,
    });
  }

  @Get('audit')
  async audit(@Query() query: AuditQueryDto): Promise<{ rows: Record<string, unknown>[] }> {
    const n = query.limit;
    // what the key holder's offline commands recorded (npm run daftar-verval) comes in first
    await this.repo.importOfflineAudit();
    return { rows: await this.repo.auditLog(n) };
  }
}
