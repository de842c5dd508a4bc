import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  PayloadTooLargeException,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { dataFolder } from '../../warehouse/data-folder.js';
import { finishReading, uploadedFile } from '../common/upload.js';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorDto } from '../common/dto.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ActingUser, type Actor } from '../pokja/access.js';
import { commonArgs, lastJson, MAPPING_REFUSED, runEtlCli } from './etl-cli.js';
import { CrosswalkLoadedDto, MappingsDto, PutMappingsDto } from './mappings.dto.js';

/**
 * The admin's column map, value map and area aliases (etl/mappings.ts, read and saved through
 * the ETL command: etl-cli.ts), applied by every run and dry run before the value rules. Each change is a new version, with who, when and why; the run
 * records the version it used.
 */
@ApiTags('uploads')
@Controller('api/mappings')
export class MappingsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOkResponse({ type: MappingsDto })
  async get(): Promise<MappingsDto> {
    return this.maps([]);
  }

  private async maps(change: string[]): Promise<MappingsDto> {
    const result = await runEtlCli(['--peta', ...change, ...commonArgs(this.config)]);
    if (result.code === MAPPING_REFUSED) throw new BadRequestException(result.message);
    if (result.code !== 0) throw new Error(`Peta tidak dapat dibaca: ${result.message}`);
    return lastJson<MappingsDto>(result);
  }

  @Put()
  @ApiOkResponse({ type: MappingsDto })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description: 'A feed, column, value or desa the contract does not know',
  })
  async put(@Body() body: PutMappingsDto, @ActingUser() user: Actor): Promise<MappingsDto> {
    const { change, note } = body;
    return this.maps([
      '--peta-ubah',
      JSON.stringify(change),
      '--oleh',
      user.name,
      ...(note ? ['--catatan', note] : []),
    ]);
  }

  /**
   * The BPS → Kemendagri crosswalk (etl/crosswalk.ts), uploaded as a CSV `kode_bps,kode_kemendagri`:
   * checked by the ETL command (`etl --crosswalk`) and loaded only when it has no error; the
   * refusal lists every bad line. Runs and dry runs use it from then on.
   */
  @Post('crosswalk')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['berkas'],
      properties: { berkas: { type: 'string', format: 'binary', description: 'CSV, ≤ 20 MB' } },
    },
  })
  @ApiOkResponse({ type: CrosswalkLoadedDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Refused: every bad line listed' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  async crosswalk(@Req() request: FastifyRequest): Promise<CrosswalkLoadedDto> {
    const part = await uploadedFile(request, CROSSWALK_MAX_BYTES, {
      id: 'berkas crosswalk',
      en: 'crosswalk',
    });
    const dir = dataFolder(this.config.dataDir).staging;
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `.crosswalk-${randomBytes(8).toString('hex')}.csv`);
    try {
      await pipeline(part.file, createWriteStream(file));
      if (part.file.truncated) {
        await finishReading(request);
        throw new PayloadTooLargeException(
          'Berkas crosswalk lebih dari 20 MB; satu baris per desa cukup / crosswalk over 20 MB',
        );
      }
      const result = await runEtlCli(['--crosswalk', file, '--json', ...commonArgs(this.config)]);
      if (result.code !== 0 && result.code !== 1)
        throw new Error(`Crosswalk tidak dapat diperiksa: ${result.message}`);
      const answer = lastJson<{ loaded: boolean; codes: number; errors: string[] }>(result);
      if (!answer.loaded)
        throw new BadRequestException(
          `Crosswalk tidak dimuat; perbaiki berkasnya lalu unggah lagi: ${answer.errors.slice(0, 20).join('; ')}` +
            (answer.errors.length > 20 ? ` (dan ${answer.errors.length - 20} lainnya)` : ''),
        );
      return { loaded: true, codes: answer.codes };
    } finally {
      await rm(file, { force: true });
    }
  }
}

/** A crosswalk has one line per desa of a kabupaten: a few hundred kB at most. */
const CROSSWALK_MAX_BYTES = 20 * 1024 * 1024;
