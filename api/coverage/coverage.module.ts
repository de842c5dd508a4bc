import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { CoverageController } from './coverage.controller.js';
import { CoverageRepository } from './coverage.repository.js';
import { CoverageService } from './coverage.service.js';

@Module({
  imports: [IndicatorsModule],
  controllers: [CoverageController],
  providers: [CoverageRepository, CoverageService],
  exports: [CoverageRepository],
})
export class CoverageModule {}
