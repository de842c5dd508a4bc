import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DaftarDto, DaftarQueryDto } from './daftar.dto.js';
import { DaftarService } from './daftar.service.js';

@ApiTags('daftar')
@Controller('api/daftar')
export class DaftarController {
  constructor(private readonly daftar: DaftarService) {}

  /** Every read is recorded in the audit log (DAFTAR_LIHAT: who, list, desa, period). */
  @Get(':indicator')
  @ApiOkResponse({ type: DaftarDto })
  list(@Param('indicator') indicator: string, @Query() query: DaftarQueryDto): Promise<DaftarDto> {
    return this.daftar.list(indicator, query);
  }
}
