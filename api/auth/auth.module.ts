/**
 * Login, accounts, the audit log and the access guard. Not imported by default yet: see
 * api/auth/README.md for what remains before `AppModule.forRoot(config, { auth: true })` becomes
 * the default (the web login page, the test helper logging in, Pokja's per-record checks).
 */
import { Module } from '@nestjs/common';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuthController, UsersController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';

@Module({
  controllers: [AuthController, UsersController],
  providers: [AuthRepository, AuthService, AuthGuard, AuditInterceptor],
  exports: [AuthService, AuthRepository, AuthGuard, AuditInterceptor],
})
export class AuthModule {}
