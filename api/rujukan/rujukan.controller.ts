import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { BreakdownQueryDto, RujukanBreakdownDto } from './rujukan.dto.js';
import { RujukanService } from './rujukan.service.js';

@ApiTags('rujukan')
@Controller('api/rujukan')
export class RujukanController {
  constructor(private readonly rujukan: RujukanService) {}

  @Get('breakdown')
  @ApiOkResponse({ type: RujukanBreakdownDto })
  breakdown(
    @Query() query: BreakdownQueryDto,
    @Req() request: AuthedRequest,
  ): Promise<RujukanBreakdownDto> {
    const user = request.user;
    return this.rujukan.breakdown({
      // An OPD account sees its own agency's row only (issue 6); other roles every agency.
      opd: user?.role === 'OPD' ? (user.opd ?? '') : undefined,
      ...query,
    });
  }
}
