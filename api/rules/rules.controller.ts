import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/dto.js';
import { ActingUser, type Actor } from '../pokja/access.js';
import { ProgrammeRulesDto, PutProgrammeRulesDto } from './rules.dto.js';
import { RulesService } from './rules.service.js';

@ApiTags('programme-rules')
@Controller('api/programme-rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @ApiOkResponse({ type: ProgrammeRulesDto })
  get(): ProgrammeRulesDto {
    return this.rules.get();
  }

  /** Changes the rules and rebuilds the warehouse from the lake (ADMIN, audited ATURAN_UBAH). */
  @Put()
  @ApiOkResponse({ type: ProgrammeRulesDto, description: 'The rules in force after the rebuild' })
  @ApiConflictResponse({ type: ErrorDto, description: 'An ETL run or a held run is under way' })
  put(@Body() body: PutProgrammeRulesDto, @ActingUser() user: Actor): Promise<ProgrammeRulesDto> {
    return this.rules.put(body, user.name);
  }
}
