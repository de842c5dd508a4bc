import { ApiProperty } from '@nestjs/swagger';
import { StampedDto } from '../common/dto.js';
import { badRequest } from '../common/params.js';
import { Field, NumberField, PeriodField } from '../common/request-dto.js';

const MAX_PREMIUM = 10_000_000;

/** A list of codes (whether each is a kecamatan of the region is the service's to check). */
function parseCodeList(name: string, raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((c) => typeof c !== 'string')) {
    badRequest(
      `'${name}' harus daftar kode kecamatan (contoh ["62.03.01"])`,
      `'${name}' must be a list of codes`,
    );
  }
  return [...new Set(raw as string[])];
}

export class SimulateBodyDto {
  @PeriodField({ example: '2024-06', description: 'YYYY-MM; default the latest period' })
  period?: string;
  @NumberField(
    { min: 0, max: MAX_PREMIUM },
    { example: 42000, description: 'Rp per person per month; default the saved parameter' },
  )
  premi_pbi?: number;
  @NumberField(
    { min: 0, max: MAX_PREMIUM },
    { example: 16800, description: 'Rp per person per month; default the saved parameter' },
  )
  premi_bpu?: number;
  @NumberField(
    { min: 1, max: 10, integer: true },
    {
      example: 4,
      minimum: 1,
      maximum: 10,
      description: "Highest desil included; default: the warehouse's (budget_defaults.max_desil)",
    },
  )
  max_desil?: number;
  @Field(parseCodeList, {
    type: [String],
    required: false,
    example: ['62.03.01'],
    description: 'Kecamatan codes; empty = all',
  })
  kecamatan!: string[];
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
