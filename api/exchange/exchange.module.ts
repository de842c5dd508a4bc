import { Module } from '@nestjs/common';
import { ExchangeController } from './exchange.controller.js';

@Module({ controllers: [ExchangeController] })
export class ExchangeModule {}
