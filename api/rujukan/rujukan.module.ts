import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { RujukanController } from './rujukan.controller.js';
import { RujukanRepository } from './rujukan.repository.js';
import { RujukanService } from './rujukan.service.js';

@Module({
  imports: [IndicatorsModule],
  controllers: [RujukanController],
  providers: [RujukanRepository, RujukanService],
  exports: [RujukanRepository],
})
export class RujukanModule {}
