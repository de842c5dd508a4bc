import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SimulateBodyDto, SimulationDto } from './budget.dto.js';
import { BudgetService } from './budget.service.js';

@ApiTags('budget')
@Controller('api/budget')
export class BudgetController {
  constructor(private readonly budget: BudgetService) {}

  @Post('simulate')
  @HttpCode(200)
  @ApiBody({ type: SimulateBodyDto })
  @ApiOkResponse({ type: SimulationDto })
  simulate(@Body() body: unknown): Promise<SimulationDto> {
    return this.budget.simulate(body);
  }
}
