/**
 * `GET /api/agregat`: the aggregate export for a province (docs/exchange.md), ADMIN only,
 * audited (AGREGAT_EKSPOR with the format, months and small-count rule). The export itself is
 * warehouse/exchange.ts, shared with `npm run agregat`.
 */
import { BadRequestException, Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
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
import { parseText } from '../common/params.js';
import { Field } from '../common/request-dto.js';
import { suppressionPattern } from '../common/small-count.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

const oneOf =
  <T extends string>(choices: readonly T[], fallback: T | undefined, message: string) =>
  (_name: string, raw: unknown): T => {
    const value = raw ?? fallback;
    if (!choices.includes(value as T)) throw new BadRequestException(message);
    return value as T;
  };

/** Months are checked by warehouse/exchange.ts (ExchangeError), against the warehouse. */
const month = (description: string) =>
  Field(parseText, { type: String, required: false, description });

export class AgregatQueryDto {
  @Field(
    oneOf(
      EXCHANGE_FORMATS,
      undefined,
      `format harus salah satu dari ${EXCHANGE_FORMATS.join(', ')} / format must be one of them`,
    ),
    { enum: [...EXCHANGE_FORMATS], required: true },
  )
  format!: ExchangeFormat;
  @month('First month, YYYY-MM') from?: string;
  @month('Last month, YYYY-MM') to?: string;
  @Field(
    oneOf(
      SMALL_COUNT_CHOICES,
      'tahan',
      'kecil harus tahan atau kirim / kecil must be tahan or kirim',
    ),
    { enum: [...SMALL_COUNT_CHOICES], required: false },
  )
  kecil!: SmallCountChoice;
}

@ApiTags('agregat')
@Controller('api/agregat')
export class ExchangeController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiProduces('application/json', 'application/adx+xml', 'application/gzip')
  @ApiOkResponse({
    description:
      'DHIS2 dataValueSets JSON, ADX XML, or the signed package (.tar.gz: manifest.json, ' +
      'manifest.sig, figures.json), as an attachment',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiBadRequestResponse({ type: ErrorDto })
  async export(
    @Query() query: AgregatQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    try {
      const out = await exportAggregates(this.config.dataDir, query.format, {
        from: query.from,
        to: query.to,
        kecil: query.kecil,
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
