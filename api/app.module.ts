import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AreasModule } from './areas/areas.module.js';
import { AuditInterceptor } from './auth/audit.interceptor.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { BudgetModule } from './budget/budget.module.js';
import { TableInterceptor } from './common/arrow.js';
import { RequestDtoPipe } from './common/request-dto.js';
import type { AppConfig } from './config/config.js';
import { CoreModule } from './core/core.module.js';
import { CoverageModule } from './coverage/coverage.module.js';
import { DaftarModule } from './daftar/daftar.module.js';
import { EtlModule } from './etl/etl.module.js';
import { ExchangeModule } from './exchange/exchange.module.js';
import { HealthModule } from './health/health.module.js';
import { IndicatorsModule } from './indicators/indicators.module.js';
import { PokjaModule } from './pokja/pokja.module.js';
import { RujukanModule } from './rujukan/rujukan.module.js';
import { RulesModule } from './rules/rules.module.js';
import { UploadsModule } from './uploads/uploads.module.js';

const TOO_MANY =
  'Terlalu banyak permintaan dari alamat ini; tunggu sebentar lalu coba lagi / ' +
  'too many requests from this address, retry in a moment';

/**
 * One generous limit per client address (RATE_LIMIT per minute): a dashboard page fires a few
 * dozen requests, so only scripts and runaway clients reach it. 0 = off (benchmarks).
 */
function rateLimit(config: AppConfig) {
  return {
    imports: [
      ThrottlerModule.forRoot({
        throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(config.rateLimit, 1) }],
        errorMessage: TOO_MANY,
        // Per client, not per route: a script cycling through endpoints is one client.
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
      }),
    ],
    providers: config.rateLimit > 0 ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : [],
  };
}

@Module({})
export class AppModule {
  /** Login, accounts, the audit log and the access guard on every route (api/auth): always. */
  static forRoot(config: AppConfig): DynamicModule {
    const limits = rateLimit(config);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        ScheduleModule.forRoot(),
        IndicatorsModule,
        AreasModule,
        RujukanModule,
        CoverageModule,
        DaftarModule,
        BudgetModule,
        EtlModule,
        HealthModule,
        PokjaModule,
        UploadsModule,
        RulesModule,
        ExchangeModule,
        ...limits.imports,
        AuthModule,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: TableInterceptor },
        { provide: APP_PIPE, useClass: RequestDtoPipe },
        ...limits.providers,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
      ],
    };
  }
}
