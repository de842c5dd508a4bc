import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import { parsePeriod, parsePublik, parseText } from '../common/params.js';
import { GapsDto } from './coverage.dto.js';
import { GAP_COLUMNS } from './coverage.repository.js';
import { CoverageService } from './coverage.service.js';

@ApiTags('coverage')
@Controller('api/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get('gaps')
  @ApiQuery({ name: 'area', required: false, description: 'Kabupaten or kecamatan code' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM' })
  @ApiQuery({ name: 'sort', required: false, enum: [...GAP_COLUMNS] })
  @ApiQuery({
    name: 'publik',
    required: false,
    type: Boolean,
    description:
      'true: desa counts of 1 to SMALL_COUNT_THRESHOLD − 1 (and the amounts and percentages ' +
      'that give them back, other desa of the kecamatan included) are null and named in suppressed',
  })
  @ApiOkResponse({ type: GapsDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows({
    code: 'utf8',
    name: 'utf8',
    kecamatan_code: 'utf8',
    kecamatan_name: 'utf8',
    ...Object.fromEntries(GAP_COLUMNS.map((c) => [c, 'float64' as const])),
    suppressed: 'utf8?',
  })
  gaps(
    @Query('area') area?: unknown,
    @Query('period') period?: unknown,
    @Query('sort') sort?: unknown,
    @Query('publik') publik?: unknown,
  ): Promise<GapsDto> {
    return this.coverage.gaps({
      area: parseText('area', area),
      period: parsePeriod('period', period),
      sort: parseText('sort', sort),
      publik: parsePublik(publik),
    });
  }
}
