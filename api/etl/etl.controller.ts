import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import { ErrorDto } from '../common/dto.js';
import { ActingUser, type Actor } from '../pokja/access.js';
import {
  EtlStatusDto,
  FreshnessDto,
  HeldRunDto,
  QualityDto,
  RejectsDto,
  RejectRowDto,
  RejectsQueryDto,
  RunStartedDto,
  RunsDto,
  RunSummaryDto,
} from './etl.dto.js';
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

  /** The run the publish guard holds (warehouse/guard.ts), with the figures that would fall. */
  @Get('held')
  @ApiOkResponse({ type: HeldRunDto })
  held(): Promise<HeldRunDto> {
    return this.etl.held();
  }

  @Post('runs/:id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: RunSummaryDto, description: 'The held run, published' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such held run' })
  @ApiConflictResponse({ type: ErrorDto, description: 'A run is under way' })
  accept(@Param('id') id: string, @ActingUser() user: Actor): Promise<RunSummaryDto> {
    return this.etl.decide(id, 'accept', user.name);
  }

  @Post('runs/:id/reject')
  @HttpCode(200)
  @ApiOkResponse({
    type: RunSummaryDto,
    description: 'The held run, discarded (files stay archived)',
  })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such held run' })
  @ApiConflictResponse({ type: ErrorDto, description: 'A run is under way' })
  reject(@Param('id') id: string, @ActingUser() user: Actor): Promise<RunSummaryDto> {
    return this.etl.decide(id, 'reject', user.name);
  }

  @Get('freshness')
  @ApiOkResponse({ type: FreshnessDto })
  freshness(): Promise<FreshnessDto> {
    return this.etl.freshness();
  }

  /** How well the feeds match each registry snapshot, and the registry's own gaps. */
  @Get('quality')
  @ApiOkResponse({ type: QualityDto })
  quality(): Promise<QualityDto> {
    return this.etl.quality();
  }

  @Get('rejects')
  @ApiOkResponse({ type: RejectsDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows(RejectRowDto)
  rejects(@Query() query: RejectsQueryDto): Promise<RejectsDto> {
    return this.etl.rejects(query);
  }
}
