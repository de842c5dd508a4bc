import { BadRequestException, Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/dto.js';
import { badRequest, requireBody } from '../common/params.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ActingUser, type Actor } from '../pokja/access.js';
import { commonArgs, lastJson, MAPPING_REFUSED, runEtlCli } from './etl-cli.js';
import { MappingsDto, PutMappingsDto } from './mappings.dto.js';

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
  @ApiBody({ type: PutMappingsDto })
  @ApiOkResponse({ type: MappingsDto })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description: 'A feed, column, value or desa the contract does not know',
  })
  async put(@Body() raw: unknown, @ActingUser() user: Actor): Promise<MappingsDto> {
    const body = requireBody(raw);
    const note = body.note ?? null;
    if (note !== null && (typeof note !== 'string' || note.length > 500))
      badRequest(
        `'note' harus teks ≤ 500 karakter`,
        `'note' must be text of at most 500 characters`,
      );
    const change = body.change;
    if (!change || typeof change !== 'object' || Array.isArray(change))
      badRequest(
        `'change' wajib: { columns?, values?, areas? }`,
        `'change' is required: { columns?, values?, areas? }`,
      );
    for (const key of ['columns', 'values', 'areas'] as const) {
      const list = (change as Record<string, unknown>)[key];
      if (list !== undefined && !Array.isArray(list))
        badRequest(`'change.${key}' harus daftar`, `'change.${key}' must be a list`);
    }
    return this.maps([
      '--peta-ubah',
      JSON.stringify(change),
      '--oleh',
      user.name,
      ...(note ? ['--catatan', note as string] : []),
    ]);
  }
}
