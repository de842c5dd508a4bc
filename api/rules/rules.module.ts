import { Module } from '@nestjs/common';
import { EtlModule } from '../etl/etl.module.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';

@Module({ imports: [EtlModule], controllers: [RulesController], providers: [RulesService] })
export class RulesModule {}
