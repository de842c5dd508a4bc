/**
 * Login, accounts, the audit log and the access guard; imported by default (api/auth/README.md).
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
