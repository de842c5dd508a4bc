import { Module } from '@nestjs/common';
import { EtlModule } from '../etl/etl.module.js';
import { MappingsController } from './mappings.controller.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

@Module({
  imports: [EtlModule],
  controllers: [UploadsController, MappingsController],
  providers: [UploadsService],
})
export class UploadsModule {}
