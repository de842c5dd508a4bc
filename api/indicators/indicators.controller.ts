import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import {
  IndicatorListDto,
  MetaDto,
  ScorecardDto,
  ScorecardQueryDto,
  SeriesDto,
  SeriesQueryDto,
  ValuesDto,
  ValuesQueryDto,
} from './indicators.dto.js';
import { IndicatorsService } from './indicators.service.js';
import { MetaService } from './meta.service.js';
import { ScorecardService } from './scorecard.service.js';

const FIGURE_COLUMNS = {
  numerator: 'float64',
  denominator: 'float64',
  value: 'float64',
  suppressed: 'bool?',
} as const;

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
  @ArrowRows({ code: 'utf8', name: 'utf8', ...FIGURE_COLUMNS })
  values(@Param('id') id: string, @Query() query: ValuesQueryDto): Promise<ValuesDto> {
    return this.indicators.values(id, query);
  }

  @Get('indicators/:id/series')
  @ApiOkResponse({ type: SeriesDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows({ period: 'utf8', ...FIGURE_COLUMNS })
  series(@Param('id') id: string, @Query() query: SeriesQueryDto): Promise<SeriesDto> {
    return this.indicators.series(id, query);
  }

  @Get('scorecard')
  @ApiOkResponse({ type: ScorecardDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows({
    indicator_id: 'utf8',
    value: 'float64',
    numerator: 'float64',
    denominator: 'float64',
    target: 'float64',
    status: 'utf8',
    previous_value: 'float64',
    change: 'float64',
    suppressed: 'bool?',
    previous_suppressed: 'bool?',
  })
  scorecard(@Query() query: ScorecardQueryDto): Promise<ScorecardDto> {
    return this.scorecards.scorecard(query);
  }
}
