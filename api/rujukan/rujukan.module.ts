import { Module } from '@nestjs/common';
import { RujukanController } from './rujukan.controller.js';
import { RujukanRepository } from './rujukan.repository.js';
import { RujukanService } from './rujukan.service.js';

@Module({ controllers: [RujukanController], providers: [RujukanRepository, RujukanService] })
export class RujukanModule {}
