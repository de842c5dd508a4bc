import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import { ErrorDto } from '../common/dto.js';
import { parseText } from '../common/params.js';
import { EtlStatusDto, FreshnessDto, RejectsDto, RunStartedDto, RunsDto } from './etl.dto.js';
import { EtlService } from './etl.service.js';

@ApiTags('etl')
@Controller('api/etl')
export class EtlController {
  constructor(private readonly etl: EtlService) {}

  @Get('runs')
  @ApiOkResponse({ type: RunsDto })
  runs(): Promise<RunsDto> {
    return this.etl.list();
  }

  @Get('status')
  @ApiOkResponse({ type: EtlStatusDto })
  status(): Promise<EtlStatusDto> {
    return this.etl.status();
  }

  // TODO(auth issue): admin only. Add the admin guard here when users & roles land.
  @Post('run')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RunStartedDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'A run is under way' })
  run(): RunStartedDto {
    return this.etl.trigger();
  }

  @Get('freshness')
  @ApiOkResponse({ type: FreshnessDto })
  freshness(): Promise<FreshnessDto> {
    return this.etl.freshness();
  }

  @Get('rejects')
  @ApiQuery({ name: 'feed', required: false })
  @ApiQuery({
    name: 'run_id',
    required: false,
    description: 'Default: the run that built the warehouse',
  })
  @ApiOkResponse({ type: RejectsDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows({
    feed: 'utf8',
    file: 'utf8',
    line: 'float64',
    column_name: 'utf8',
    reason: 'utf8',
    value: 'utf8',
  })
  rejects(@Query('feed') feed?: unknown, @Query('run_id') runId?: unknown): Promise<RejectsDto> {
    return this.etl.rejects({ feed: parseText('feed', feed), run_id: parseText('run_id', runId) });
  }
}
