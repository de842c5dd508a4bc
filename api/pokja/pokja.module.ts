/**
 * Pokja coordination (issue 5): targets admin, meetings with a proposed agenda, follow-up actions,
 * the meeting brief and the kabupaten rakor summary. Reads figures through what the other modules
 * export (the scorecard's status, rujukan aging, coverage gaps) and writes app.duckdb only.
 */
import { Module } from '@nestjs/common';
import { CoverageModule } from '../coverage/coverage.module.js';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { RujukanModule } from '../rujukan/rujukan.module.js';
import { ActionsService } from './actions.service.js';
import { AgendaService } from './agenda.service.js';
import { MeetingsService } from './meetings.service.js';
import { PokjaController } from './pokja.controller.js';
import { PokjaRepository } from './pokja.repository.js';
import { TargetsController } from './targets.controller.js';
import { TargetsAdminService } from './targets-admin.service.js';

@Module({
  imports: [IndicatorsModule, RujukanModule, CoverageModule],
  controllers: [TargetsController, PokjaController],
  providers: [PokjaRepository, TargetsAdminService, ActionsService, AgendaService, MeetingsService],
})
export class PokjaModule {}
