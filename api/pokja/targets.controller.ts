import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ActingUser, type Actor } from './access.js';
import {
  TargetAuditListDto,
  TargetBodyDto,
  TargetChangeDto,
  TargetListDto,
  TargetRemoveQueryDto,
} from './pokja.dto.js';
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
  @ApiOkResponse({ type: TargetChangeDto })
  set(
    @Param('indicator') indicator: string,
    @Body() body: TargetBodyDto,
    @ActingUser() user: Actor,
  ): Promise<TargetChangeDto> {
    return this.targets.set(indicator, body, user);
  }

  @Delete(':indicator')
  @ApiOkResponse({ type: TargetChangeDto })
  remove(
    @Param('indicator') indicator: string,
    @Query() query: TargetRemoveQueryDto,
    @ActingUser() user: Actor,
  ): Promise<TargetChangeDto> {
    return this.targets.remove(indicator, query.area, user);
  }
}
