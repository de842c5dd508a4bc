import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EtlModule } from '../etl/etl.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [TerminusModule, EtlModule], controllers: [HealthController] })
export class HealthModule {}
