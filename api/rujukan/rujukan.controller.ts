import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parsePeriod, parseText } from '../common/params.js';
import { RujukanBreakdownDto } from './rujukan.dto.js';
import { RujukanService } from './rujukan.service.js';

@ApiTags('rujukan')
@Controller('api/rujukan')
export class RujukanController {
  constructor(private readonly rujukan: RujukanService) {}

  @Get('breakdown')
  @ApiQuery({ name: 'area', required: false })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM' })
  @ApiOkResponse({ type: RujukanBreakdownDto })
  breakdown(
    @Query('area') area?: unknown,
    @Query('period') period?: unknown,
  ): Promise<RujukanBreakdownDto> {
    return this.rujukan.breakdown({
      area: parseText('area', area),
      period: parsePeriod('period', period),
    });
  }
}
