import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parsePeriod, parseText } from '../common/params.js';
import { DaftarDto } from './daftar.dto.js';
import { DaftarService } from './daftar.service.js';

@ApiTags('daftar')
@Controller('api/daftar')
export class DaftarController {
  constructor(private readonly daftar: DaftarService) {}

  /** Every read is recorded in the audit log (DAFTAR_LIHAT: who, list, desa, period). */
  @Get(':indicator')
  @ApiQuery({ name: 'desa', required: true, description: 'Desa code, e.g. 62.03.01.1010' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM (the latest period only)' })
  @ApiOkResponse({ type: DaftarDto })
  list(
    @Param('indicator') indicator: string,
    @Query('desa') desa?: unknown,
    @Query('period') period?: unknown,
  ): Promise<DaftarDto> {
    return this.daftar.list(indicator, {
      desa: parseText('desa', desa),
      period: parsePeriod('period', period),
    });
  }
}
