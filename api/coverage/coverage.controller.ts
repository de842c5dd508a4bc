import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import { GapsDto, GapsQueryDto } from './coverage.dto.js';
import { GAP_COLUMNS } from './coverage.repository.js';
import { CoverageService } from './coverage.service.js';

@ApiTags('coverage')
@Controller('api/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get('gaps')
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
  gaps(@Query() query: GapsQueryDto): Promise<GapsDto> {
    return this.coverage.gaps(query);
  }
}
