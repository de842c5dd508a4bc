import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseText } from '../common/params.js';
import { ActingUser, type Actor } from './access.js';
import { TargetAuditListDto, TargetBodyDto, TargetChangeDto, TargetListDto } from './pokja.dto.js';
import { TargetsAdminService } from './targets-admin.service.js';

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
  @ApiBody({ type: TargetBodyDto })
  @ApiOkResponse({ type: TargetChangeDto })
  set(
    @Param('indicator') indicator: string,
    @Body() body: unknown,
    @ActingUser() user: Actor,
  ): Promise<TargetChangeDto> {
    return this.targets.set(indicator, body, user);
  }

  @Delete(':indicator')
  @ApiQuery({ name: 'area', required: false, description: 'Kecamatan code; omitted = kabupaten' })
  @ApiOkResponse({ type: TargetChangeDto })
  remove(
    @Param('indicator') indicator: string,
    @Query('area') area: unknown,
    @ActingUser() user: Actor,
  ): Promise<TargetChangeDto> {
    return this.targets.remove(indicator, parseText('area', area), user);
  }
}
