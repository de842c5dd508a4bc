/**
 * `GET /api/agregat`: the aggregate export for a province (docs/exchange.md), ADMIN only,
 * audited (AGREGAT_EKSPOR with the format, months and small-count rule). The export itself is
 * warehouse/exchange.ts, shared with `npm run agregat`.
 */
import { BadRequestException, Controller, Get, Inject, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  EXCHANGE_FORMATS,
  ExchangeError,
  type ExchangeFormat,
  exportAggregates,
  SMALL_COUNT_CHOICES,
  type SmallCountChoice,
} from '../../warehouse/exchange.js';
import { ErrorDto } from '../common/dto.js';
import { suppressionPattern } from '../common/small-count.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

@ApiTags('agregat')
@Controller('api/agregat')
export class ExchangeController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiQuery({ name: 'format', required: true, enum: EXCHANGE_FORMATS })
  @ApiQuery({ name: 'from', required: false, description: 'First month, YYYY-MM' })
  @ApiQuery({ name: 'to', required: false, description: 'Last month, YYYY-MM' })
  @ApiQuery({ name: 'kecil', required: false, enum: SMALL_COUNT_CHOICES })
  @ApiProduces('application/json', 'application/adx+xml', 'application/gzip')
  @ApiOkResponse({
    description:
      'DHIS2 dataValueSets JSON, ADX XML, or the signed package (.tar.gz: manifest.json, ' +
      'manifest.sig, figures.json), as an attachment',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiBadRequestResponse({ type: ErrorDto })
  async export(
    @Query('format') format: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('kecil') kecil: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    if (!EXCHANGE_FORMATS.includes(format as ExchangeFormat)) {
      throw new BadRequestException(
        `format harus salah satu dari ${EXCHANGE_FORMATS.join(', ')} / format must be one of them`,
      );
    }
    const rule = kecil ?? 'tahan';
    if (!SMALL_COUNT_CHOICES.includes(rule as SmallCountChoice)) {
      throw new BadRequestException('kecil harus tahan atau kirim / kecil must be tahan or kirim');
    }
    try {
      const out = await exportAggregates(this.config.dataDir, format as ExchangeFormat, {
        from: from || undefined,
        to: to || undefined,
        kecil: rule as SmallCountChoice,
        threshold: this.config.smallCountThreshold,
        pattern: suppressionPattern,
      });
      reply.header('content-type', out.contentType);
      reply.header('content-disposition', `attachment; filename="${out.fileName}"`);
      reply.header('cache-control', 'no-store');
      return out.body;
    } catch (error) {
      if (error instanceof ExchangeError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
