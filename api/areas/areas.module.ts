import { Module } from '@nestjs/common';
import { AreasController } from './areas.controller.js';
import { AreasService } from './areas.service.js';
import { GeoService } from './geo.service.js';

@Module({ controllers: [AreasController], providers: [AreasService, GeoService] })
export class AreasModule {}
