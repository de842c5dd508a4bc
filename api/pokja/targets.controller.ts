import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseText } from '../common/params.js';
import { Actor } from './access.js';
import { TargetAuditListDto, TargetBodyDto, TargetChangeDto, TargetListDto } from './pokja.dto.js';
import { TargetsAdminService } from './targets-admin.service.js';

const USER_HEADER = {
  name: 'X-Pokja-User',
  required: false,
  description: 'Acting user until login exists; default admin',
};

@ApiTags('targets')
@Controller('api/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsAdminService) {}

  @Get()
  @ApiOkResponse({ type: TargetListDto })
  list(): Promise<TargetListDto> {
    return this.targets.list();
  }

  @Get('audit')
  @ApiOkResponse({ type: TargetAuditListDto })
  audit(): Promise<TargetAuditListDto> {
    return this.targets.audit();
  }

  @Put(':indicator')
  @ApiHeader(USER_HEADER)
  @ApiBody({ type: TargetBodyDto })
  @ApiOkResponse({ type: TargetChangeDto })
  set(
    @Param('indicator') indicator: string,
    @Body() body: unknown,
    @Actor() user: string,
  ): Promise<TargetChangeDto> {
    return this.targets.set(indicator, body, user);
  }

  @Delete(':indicator')
  @ApiHeader(USER_HEADER)
  @ApiQuery({ name: 'area', required: false, description: 'Kecamatan code; omitted = kabupaten' })
  @ApiOkResponse({ type: TargetChangeDto })
  remove(
    @Param('indicator') indicator: string,
    @Query('area') area: unknown,
    @Actor() user: string,
  ): Promise<TargetChangeDto> {
    return this.targets.remove(indicator, parseText('area', area), user);
  }
}
