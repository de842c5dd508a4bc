import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
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
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorDto } from '../common/dto.js';
import { ActingUser, type Actor } from '../pokja/access.js';
import {
  FilePreviewDto,
  LoadResultDto,
  LoadStagedDto,
  StagedFileDto,
  StagedListDto,
  UpdateStagedDto,
  UploadResultDto,
} from './uploads.dto.js';
import { UPLOAD_EXTENSIONS } from './staging.js';
import { UploadsService } from './uploads.service.js';

/** Uploads on the Data page (ADMIN): staged, checked, then loaded or discarded. */
@ApiTags('uploads')
@Controller('api/uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Get()
  @ApiOkResponse({ type: StagedListDto })
  async list(): Promise<StagedListDto> {
    return {
      files: await this.uploads.list(),
      max_bytes: this.uploads.maxBytes,
      extensions: [...UPLOAD_EXTENSIONS],
    };
  }

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['berkas'],
      properties: {
        berkas: {
          type: 'string',
          format: 'binary',
          description: '.csv, .txt, .xlsx, .parquet, or a .zip of those; one file per request',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadResultDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'No file, an empty file or a bad zip' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorDto, description: 'Not a file type the ETL reads' })
  upload(@Req() request: FastifyRequest, @ActingUser() user: Actor): Promise<UploadResultDto> {
    return this.uploads.upload(request, user.name);
  }

  @Get(':id')
  @ApiOkResponse({ type: StagedFileDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  get(@Param('id') id: string): Promise<StagedFileDto> {
    return this.uploads.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: StagedFileDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  update(@Param('id') id: string, @Body() body: UpdateStagedDto): Promise<StagedFileDto> {
    const change: { feed?: string | null; merge?: boolean } = {};
    if (body.feed !== undefined) change.feed = body.feed;
    if (body.merge !== undefined) change.merge = body.merge;
    return this.uploads.update(id, change);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Discarded ("Buang")' })
  @ApiNotFoundResponse({ type: ErrorDto })
  discard(@Param('id') id: string): Promise<void> {
    return this.uploads.discard(id);
  }

  @Get(':id/preview')
  @ApiOkResponse({
    type: FilePreviewDto,
    description: 'The dry run ("Periksa"): nothing is loaded',
  })
  @ApiNotFoundResponse({ type: ErrorDto })
  preview(@Param('id') id: string): Promise<FilePreviewDto> {
    return this.uploads.preview(id) as unknown as Promise<FilePreviewDto>;
  }

  @Post('load')
  @HttpCode(200)
  @ApiOkResponse({ type: LoadResultDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'No file chosen, or one without a feed' })
  load(@Body() body: LoadStagedDto, @ActingUser() user: Actor): Promise<LoadResultDto> {
    return this.uploads.load(body.ids, body.run, user.name);
  }
}
