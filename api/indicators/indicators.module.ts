import { Module } from '@nestjs/common';
import { IndicatorsController } from './indicators.controller.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { IndicatorsService } from './indicators.service.js';
import { MetaService } from './meta.service.js';
import { ScorecardService } from './scorecard.service.js';

@Module({
  controllers: [IndicatorsController],
  providers: [IndicatorsRepository, IndicatorsService, ScorecardService, MetaService],
  exports: [IndicatorsService, IndicatorsRepository, ScorecardService],
})
export class IndicatorsModule {}
