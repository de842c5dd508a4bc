/**
 * A province instance's import routes (docs/exchange.md, "Import"): an ADMIN uploads a package,
 * a kabupaten instance pushes one with its token; both import and publish the province
 * warehouse. Status and completeness for ADMIN and PIMPINAN; keys and tokens for ADMIN.
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  type ApiBodyOptions,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorDto } from '../common/dto.js';
import { ActingUser, type Actor } from '../pokja/access.js';
import {
  AgregatStatusDto,
  AgregatTokenDto,
  AgregatTokensDto,
  ImportQueryDto,
  ImportResultDto,
  KelengkapanDto,
  NewAgregatTokenDto,
  NewTokenBodyDto,
  RegisterKeyBodyDto,
  RegisteredKeyDto,
} from './exchange.dto.js';
import { ProvinceExchangeService } from './province.service.js';

const PACKAGE_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['berkas'],
    properties: {
      berkas: {
        type: 'string',
        format: 'binary',
        description: 'The signed package (.tar.gz of npm run agregat --format paket); ≤ 50 MB',
      },
    },
  },
};

@ApiTags('agregat')
@Controller('api/agregat')
export class ProvinceController {
  constructor(private readonly province: ProvinceExchangeService) {}

  @Post('impor')
  @ApiConsumes('multipart/form-data')
  @ApiBody(PACKAGE_BODY)
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Refused: what to fix; nothing changed' })
  @ApiConflictResponse({ type: ErrorDto, description: 'Not a province, or an ETL run under way' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  upload(
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
    @ActingUser() user: Actor,
  ): Promise<ImportResultDto> {
    return this.province.upload(request, user.name, query.kabupaten);
  }

  @Post('kirim')
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody(PACKAGE_BODY)
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Refused: what to fix; nothing changed' })
  @ApiUnauthorizedResponse({ type: ErrorDto, description: 'No valid push token' })
  @ApiConflictResponse({ type: ErrorDto })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  push(@Req() request: FastifyRequest): Promise<ImportResultDto> {
    return this.province.push(request);
  }

  @Get('status')
  @ApiOkResponse({ type: AgregatStatusDto })
  status(): Promise<AgregatStatusDto> {
    return this.province.status();
  }

  @Get('kelengkapan')
  @ApiOkResponse({ type: KelengkapanDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'Not a province instance' })
  kelengkapan(): Promise<KelengkapanDto> {
    return this.province.kelengkapan();
  }

  @Post('kunci')
  @HttpCode(200)
  @ApiOkResponse({ type: RegisteredKeyDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  registerKey(
    @Body() body: RegisterKeyBodyDto,
    @ActingUser() user: Actor,
    @Req() request: FastifyRequest,
  ): Promise<RegisteredKeyDto> {
    return this.province.registerKey(body, user.name, request.ip);
  }

  @Get('tokens')
  @ApiOkResponse({ type: AgregatTokensDto })
  tokens(): Promise<AgregatTokensDto> {
    return this.province.tokens();
  }

  @Post('tokens')
  @ApiCreatedResponse({ type: NewAgregatTokenDto, description: 'The token is shown this once' })
  @ApiBadRequestResponse({ type: ErrorDto })
  createToken(
    @Body() body: NewTokenBodyDto,
    @ActingUser() user: Actor,
    @Req() request: FastifyRequest,
  ): Promise<NewAgregatTokenDto> {
    return this.province.createToken(body, user.name, request.ip);
  }

  @Delete('tokens/:id')
  @ApiOkResponse({ type: AgregatTokenDto, description: 'Revoked (kept for the record)' })
  @ApiNotFoundResponse({ type: ErrorDto })
  revokeToken(
    @Param('id') id: string,
    @ActingUser() user: Actor,
    @Req() request: FastifyRequest,
  ): Promise<AgregatTokenDto> {
    return this.province.revokeToken(id, user.name, request.ip);
  }
}
