/**
 * Builds the Nest application (Fastify) for a validated configuration. `startup: false` builds it
 * without opening any database or scheduling anything — used to write the OpenAPI document.
 */
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import multipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppDbService } from './app-db/app-db.service.js';
import { AppModule } from './app.module.js';
import { guardDocs } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { applyHttpCaching } from './common/http-cache.js';
import {
  applySecurity,
  frameworkErrors,
  limitConnections,
  limitSlowBodies,
  SERVER_TIMEOUTS,
} from './common/security.js';
import type { AppConfig } from './config/config.js';
import { EtlSchedulerService } from './etl/etl-scheduler.service.js';
import { WarehouseService } from './warehouse/warehouse.service.js';

export interface CreateAppOptions {
  startup?: boolean;
  schedule?: boolean;
  logger?: LogLevel[] | false;
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Dasbor Pokja SLRT-Puskesos API')
    .setDescription(
      'Indikator perlindungan sosial per wilayah. Every response with figures carries data_dates and as_of. ' +
        'Errors: {statusCode, error, message}.',
    )
    .setVersion('0.1.0')
    .build();
  return SwaggerModule.createDocument(app, config);
}

export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const { startup = true, schedule = startup, logger = ['log', 'warn', 'error'] } = options;
  // 256 KiB: the largest legitimate body (a meeting agenda of 50 items) is a few KiB.
  const adapter: FastifyAdapter = new FastifyAdapter({
    bodyLimit: 256 * 1024,
    frameworkErrors: frameworkErrors(() => adapter),
    ...SERVER_TIMEOUTS,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
  });
  limitConnections(app.getHttpServer(), config.maxConnectionsPerIp);
  limitSlowBodies(app.getHttpServer());
  const webIndex = path.join(config.webDir, 'index.html');
  const hasWeb = existsSync(webIndex);
  applySecurity(app, config);
  await applyHttpCaching(app);
  // File uploads (the boundary import, an ADMIN route): streamed to disk by the handler, which
  // sets the size limit; not the JSON body limit above.
  await app.register(multipart as never, { limits: { files: 1, fields: 10, parts: 12 } } as never);
  guardDocs(adapter.getInstance(), app.get(AuthService));
  app.useGlobalFilters(new HttpErrorFilter(hasWeb ? webIndex : null));
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });
  if (hasWeb)
    app.useStaticAssets({
      root: config.webDir,
      prefix: '/',
      decorateReply: false,
      wildcard: true,
      // web/vite.config.ts writes .br and .gz beside every asset; http-cache.ts sets Cache-Control.
      preCompressed: true,
      cacheControl: false,
    });
  if (startup) {
    await app.get(AppDbService).open();
    await app.get(WarehouseService).start();
  }
  await app.init();
  if (schedule) app.get(EtlSchedulerService).schedule();
  return app;
}
