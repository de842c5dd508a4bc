import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorDto } from '../common/dto.js';
import { ActingUser, type Actor } from '../pokja/access.js';
import {
  BoundaryImportsDto,
  BoundaryRecordDto,
  matchOptions,
  MatchOptionsDto,
  PendingImportDto,
} from './geo-import.dto.js';
import { GeoImportService } from './geo-import.service.js';

/** Boundary import (ADMIN; the Data page and `npm run geo -- import`). */
@ApiTags('geo')
@Controller('api/geo')
export class GeoImportController {
  constructor(private readonly imports: GeoImportService) {}

  @Get('imports')
  @ApiOkResponse({ type: BoundaryImportsDto })
  list(): Promise<BoundaryImportsDto> {
    return this.imports.list() as Promise<BoundaryImportsDto>;
  }

  @Post('imports')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['berkas'],
      properties: {
        berkas: {
          type: 'string',
          format: 'binary',
          description: 'Shapefile (.zip with .shp, .shx, .dbf, .prj), GeoJSON or TopoJSON; ≤ 50 MB',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: PendingImportDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'File or choice that cannot work' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  upload(
    @Req() request: FastifyRequest,
    @Query() query: MatchOptionsDto,
    @ActingUser() user: Actor,
  ): Promise<PendingImportDto> {
    return this.imports.upload(
      request,
      matchOptions(query),
      user.name,
    ) as Promise<PendingImportDto>;
  }

  @Get('imports/:id')
  @ApiOkResponse({ type: PendingImportDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  get(@Param('id') id: string): Promise<PendingImportDto> {
    return this.imports.get(id) as Promise<PendingImportDto>;
  }

  @Get('imports/:id/preview')
  @ApiOkResponse({
    description: 'TopoJSON: objects desa/kecamatan (matched) and unmatched {label, reason}',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiNotFoundResponse({ type: ErrorDto })
  preview(@Param('id') id: string): Promise<object> {
    return this.imports.preview(id);
  }

  @Post('imports/:id/match')
  @HttpCode(200)
  @ApiOkResponse({ type: PendingImportDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  rematch(@Param('id') id: string, @Body() body: MatchOptionsDto): Promise<PendingImportDto> {
    return this.imports.rematch(id, matchOptions(body)) as Promise<PendingImportDto>;
  }

  @Post('imports/:id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: BoundaryRecordDto, description: 'In use by every map from now on' })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Nothing matched' })
  @ApiNotFoundResponse({ type: ErrorDto })
  accept(@Param('id') id: string, @ActingUser() user: Actor): Promise<BoundaryRecordDto> {
    return this.imports.accept(id, user.name) as Promise<BoundaryRecordDto>;
  }

  @Delete('imports/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorDto })
  discard(@Param('id') id: string): Promise<void> {
    return this.imports.discard(id);
  }

  @Delete('boundaries/:level')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Back to the shipped boundaries for that level' })
  @ApiNotFoundResponse({ type: ErrorDto })
  remove(@Param('level') level: string): Promise<void> {
    return this.imports.remove(level);
  }
}
