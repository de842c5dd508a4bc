import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import { parseLevel, parsePeriod, parsePublik, parseText } from '../common/params.js';
import { IndicatorListDto, MetaDto, ScorecardDto, SeriesDto, ValuesDto } from './indicators.dto.js';
import { IndicatorsService } from './indicators.service.js';
import { MetaService } from './meta.service.js';
import { ScorecardService } from './scorecard.service.js';

const FIGURE_COLUMNS = {
  numerator: 'float64',
  denominator: 'float64',
  value: 'float64',
  suppressed: 'bool?',
} as const;

const PUBLIK = {
  name: 'publik',
  required: false,
  type: Boolean,
  description:
    'true: desa-level counts of 1 to SMALL_COUNT_THRESHOLD − 1 people (and the figures that would ' +
    'give them back, other desa of the kecamatan included) are null with suppressed: true ' +
    '(presentation mode, public exports)',
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
  @ApiQuery({ name: 'level', required: false, enum: ['kabupaten', 'kecamatan', 'desa'] })
  @ApiQuery({
    name: 'parent',
    required: false,
    description: 'Area code; default the served region',
  })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest period' })
  @ApiQuery(PUBLIK)
  @ApiOkResponse({ type: ValuesDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows({ code: 'utf8', name: 'utf8', ...FIGURE_COLUMNS })
  values(
    @Param('id') id: string,
    @Query('level') level?: unknown,
    @Query('parent') parent?: unknown,
    @Query('period') period?: unknown,
    @Query('publik') publik?: unknown,
  ): Promise<ValuesDto> {
    return this.indicators.values(id, {
      level: parseLevel(level),
      parent: parseText('parent', parent),
      period: parsePeriod('period', period),
      publik: parsePublik(publik),
    });
  }

  @Get('indicators/:id/series')
  @ApiQuery({ name: 'area', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM' })
  @ApiQuery(PUBLIK)
  @ApiOkResponse({ type: SeriesDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows({ period: 'utf8', ...FIGURE_COLUMNS })
  series(
    @Param('id') id: string,
    @Query('area') area?: unknown,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
    @Query('publik') publik?: unknown,
  ): Promise<SeriesDto> {
    return this.indicators.series(id, {
      area: parseText('area', area),
      from: parsePeriod('from', from),
      to: parsePeriod('to', to),
      publik: parsePublik(publik),
    });
  }

  @Get('scorecard')
  @ApiQuery({ name: 'area', required: false })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM' })
  @ApiQuery(PUBLIK)
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
  scorecard(
    @Query('area') area?: unknown,
    @Query('period') period?: unknown,
    @Query('publik') publik?: unknown,
  ): Promise<ScorecardDto> {
    return this.scorecards.scorecard({
      area: parseText('area', area),
      period: parsePeriod('period', period),
      publik: parsePublik(publik),
    });
  }
}
