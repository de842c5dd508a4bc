import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { DaftarController } from './daftar.controller.js';
import { DaftarRepository } from './daftar.repository.js';
import { DaftarService } from './daftar.service.js';

@Module({
  imports: [IndicatorsModule],
  controllers: [DaftarController],
  providers: [DaftarRepository, DaftarService],
})
export class DaftarModule {}
