import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ARROW_MIME, ArrowRows } from '../common/arrow.js';
import { GapRowDto, GapsDto, GapsQueryDto } from './coverage.dto.js';
import { CoverageService } from './coverage.service.js';

@ApiTags('coverage')
@Controller('api/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get('gaps')
  @ApiOkResponse({ type: GapsDto })
  @ApiProduces('application/json', ARROW_MIME)
  @ArrowRows(GapRowDto)
  gaps(@Query() query: GapsQueryDto): Promise<GapsDto> {
    return this.coverage.gaps(query);
  }
}
