import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ExchangeController } from './exchange.controller.js';
import { ProvinceController } from './province.controller.js';
import { ProvinceExchangeService } from './province.service.js';

@Module({
  imports: [AuthModule],
  controllers: [ExchangeController, ProvinceController],
  providers: [ProvinceExchangeService],
})
export class ExchangeModule {}
