import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { parsePeriod, parsePublik, parseText } from '../common/params.js';
import { RujukanBreakdownDto } from './rujukan.dto.js';
import { RujukanService } from './rujukan.service.js';

@ApiTags('rujukan')
@Controller('api/rujukan')
export class RujukanController {
  constructor(private readonly rujukan: RujukanService) {}

  @Get('breakdown')
  @ApiQuery({ name: 'area', required: false })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM' })
  @ApiQuery({
    name: 'publik',
    required: false,
    type: Boolean,
    description:
      'true: for a desa, counts of 1 to SMALL_COUNT_THRESHOLD − 1 (and ratios and medians over ' +
      'so few complaints, and the cells withheld with them so that no total gives them back) ' +
      'are null and named in suppressed',
  })
  @ApiOkResponse({ type: RujukanBreakdownDto })
  breakdown(
    @Query('area') area: unknown,
    @Query('period') period: unknown,
    @Query('publik') publik: unknown,
    @Req() request: AuthedRequest,
  ): Promise<RujukanBreakdownDto> {
    const user = request.user;
    return this.rujukan.breakdown({
      // An OPD account sees its own agency's row only (issue 6); other roles every agency.
      opd: user?.role === 'OPD' ? (user.opd ?? '') : undefined,
      area: parseText('area', area),
      period: parsePeriod('period', period),
      publik: parsePublik(publik),
    });
  }
}
