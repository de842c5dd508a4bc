import { Module } from '@nestjs/common';
import { AreasController } from './areas.controller.js';
import { AreasService } from './areas.service.js';
import { GeoImportController } from './geo-import.controller.js';
import { GeoImportService } from './geo-import.service.js';
import { GeoService } from './geo.service.js';

@Module({
  controllers: [AreasController, GeoImportController],
  providers: [AreasService, GeoService, GeoImportService],
})
export class AreasModule {}
