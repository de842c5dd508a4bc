import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SimulateBodyDto, SimulationDto } from './budget.dto.js';
import { BudgetService } from './budget.service.js';

@ApiTags('budget')
@Controller('api/budget')
export class BudgetController {
  constructor(private readonly budget: BudgetService) {}

  @Post('simulate')
  @HttpCode(200)
  @ApiOkResponse({ type: SimulationDto })
  simulate(@Body() body: SimulateBodyDto): Promise<SimulationDto> {
    return this.budget.simulate(body);
  }
}
