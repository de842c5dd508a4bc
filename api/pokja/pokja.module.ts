/**
 * Pokja coordination (issue 5): targets admin, meetings with a proposed agenda, follow-up actions,
 * the meeting brief and the kabupaten rakor summary. Reads figures through the other modules'
 * repositories (the scorecard's status, rujukan aging, coverage gaps) and writes app.duckdb only.
 */
import { Module } from '@nestjs/common';
import { CoverageRepository } from '../coverage/coverage.repository.js';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { IndicatorsRepository } from '../indicators/indicators.repository.js';
import { ScorecardService } from '../indicators/scorecard.service.js';
import { RujukanRepository } from '../rujukan/rujukan.repository.js';
import { ActionsService } from './actions.service.js';
import { AgendaService } from './agenda.service.js';
import { MeetingsService } from './meetings.service.js';
import { PokjaController } from './pokja.controller.js';
import { PokjaRepository } from './pokja.repository.js';
import { TargetsController } from './targets.controller.js';
import { TargetsAdminService } from './targets-admin.service.js';

@Module({
  imports: [IndicatorsModule],
  controllers: [TargetsController, PokjaController],
  providers: [
    PokjaRepository,
    TargetsAdminService,
    ActionsService,
    AgendaService,
    MeetingsService,
    // Stateless readers of the warehouse owned by other modules, provided here to reuse them as
    // they are (their caches live in WarehouseService, shared by all).
    IndicatorsRepository,
    ScorecardService,
    RujukanRepository,
    CoverageRepository,
  ],
})
export class PokjaModule {}
