import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { StampedDto } from '../common/dto.js';

export class SimulateBodyDto {
  @ApiPropertyOptional({ example: '2024-06', description: 'YYYY-MM; default the latest period' })
  period?: string;
  @ApiPropertyOptional({
    example: 42000,
    description: 'Rp per person per month; default the saved parameter',
  })
  premi_pbi?: number;
  @ApiPropertyOptional({
    example: 16800,
    description: 'Rp per person per month; default the saved parameter',
  })
  premi_bpu?: number;
  @ApiPropertyOptional({
    example: 4,
    minimum: 1,
    maximum: 10,
    description: "Highest desil included; default: the warehouse's (budget_defaults.max_desil)",
  })
  max_desil?: number;
  @ApiPropertyOptional({
    type: [String],
    example: ['62.03.01'],
    description: 'Kecamatan codes; empty = all',
  })
  kecamatan?: string[];
}

export class SimulationParametersDto {
  @ApiProperty() period!: string;
  @ApiProperty() premi_pbi!: number;
  @ApiProperty() premi_bpu!: number;
  @ApiProperty() max_desil!: number;
  @ApiProperty({ type: [String] }) kecamatan!: string[];
}

export class SimulationTotalDto {
  @ApiProperty() people_jkn!: number;
  @ApiProperty() people_bpu!: number;
  @ApiProperty({ description: 'Rupiah per year' }) cost_pbi!: number;
  @ApiProperty({ description: 'Rupiah per year' }) cost_bpu!: number;
  @ApiProperty({ description: 'Rupiah per year' }) cost_total!: number;
}

export class SimulationRowDto extends SimulationTotalDto {
  @ApiProperty({ example: '62.03.01' }) code!: string;
  @ApiProperty({ example: 'Selat' }) name!: string;
}

export class SimulationDto extends StampedDto {
  @ApiProperty({ type: SimulationParametersDto }) parameters!: SimulationParametersDto;
  @ApiProperty({ type: [SimulationRowDto] }) rows!: SimulationRowDto[];
  @ApiProperty({ type: SimulationTotalDto }) total!: SimulationTotalDto;
}
