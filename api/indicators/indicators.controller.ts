import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import {
  IndicatorListDto,
  MetaDto,
  ScorecardDto,
  ScorecardQueryDto,
  ScorecardRowDto,
  SeriesDto,
  SeriesQueryDto,
  SeriesRowDto,
  ValuesDto,
  ValuesQueryDto,
  ValueRowDto,
} from './indicators.dto.js';
import { IndicatorsService } from './indicators.service.js';
import { MetaService } from './meta.service.js';
import { ScorecardService } from './scorecard.service.js';

@ApiTags('indicators')
@Controller('api')
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly scorecards: ScorecardService,
    private readonly metaService: MetaService,
  ) {}

  @Get('meta')
  @ApiOkResponse({ type: MetaDto })
  meta(): Promise<MetaDto> {
    return this.metaService.meta();
  }

  @Get('indicators')
  @ApiOkResponse({ type: IndicatorListDto })
  list(): Promise<IndicatorListDto> {
    return this.indicators.list();
  }

  @Get('indicators/:id/values')
  @ApiOkResponse({ type: ValuesDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows(ValueRowDto)
  values(@Param('id') id: string, @Query() query: ValuesQueryDto): Promise<ValuesDto> {
    return this.indicators.values(id, query);
  }

  @Get('indicators/:id/series')
  @ApiOkResponse({ type: SeriesDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows(SeriesRowDto)
  series(@Param('id') id: string, @Query() query: SeriesQueryDto): Promise<SeriesDto> {
    return this.indicators.series(id, query);
  }

  @Get('scorecard')
  @ApiOkResponse({ type: ScorecardDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows(ScorecardRowDto)
  scorecard(@Query() query: ScorecardQueryDto): Promise<ScorecardDto> {
    return this.scorecards.scorecard(query);
  }
}
