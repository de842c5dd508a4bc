import { ApiProperty } from '@nestjs/swagger';
import { rujukanIndicators } from '../../warehouse/catalogue.js';
import { AGING_BUCKET_IDS } from '../../warehouse/codes.js';
import { AreaRefDto, StampedDto } from '../common/dto.js';
import { PeriodField, PublikField, TextField } from '../common/request-dto.js';

export class BreakdownQueryDto {
  @TextField() area?: string;
  @PeriodField({ description: 'YYYY-MM' }) period?: string;
  @PublikField(
    'true: for a desa, counts of 1 to SMALL_COUNT_THRESHOLD − 1 (and ratios and medians over ' +
      'so few complaints, and the cells withheld with them so that no total gives them back) ' +
      'are null and named in suppressed',
  )
  publik!: boolean;
}

export class CategoryValueDto {
  @ApiProperty({ example: 'SELESAI' }) category!: string;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ required: false, description: 'Only with publik=true: value withheld (1–4)' })
  suppressed?: boolean;
}

export class BreakdownRowDto {
  @ApiProperty() category!: string;
  /** One number (or null) per referral indicator of the catalogue (declared below). */
  [indicator: string]: unknown;
  @ApiProperty({
    type: [String],
    required: false,
    description: 'Only with publik=true: the indicator ids of this row whose figures were withheld',
  })
  suppressed?: string[];
}

// The indicator columns: the catalogue's referral indicators (category rujukan), in its order.
for (const id of rujukanIndicators)
  ApiProperty({ type: Number, nullable: true })(BreakdownRowDto.prototype, id);

export class AgingDto {
  @ApiProperty({ enum: [...AGING_BUCKET_IDS] }) bucket!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null only when withheld (publik)' })
  jumlah!: number | null;
  @ApiProperty({ required: false, description: 'Only with publik=true: jumlah withheld (1–4)' })
  suppressed?: boolean;
}

export class AgencyDto {
  @ApiProperty({ example: 'DINSOS' }) lembaga_tujuan!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Complaints received in the period' })
  received!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Of those, now SELESAI' })
  closed!: number | null;
  @ApiProperty({ type: Number, nullable: true }) median_days!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Open more than 30 days at end of period',
  })
  backlog!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    example: { '0-7': 2, '>30': 1 },
  })
  aging!: Record<string, number | null>;
  @ApiProperty({
    type: [String],
    required: false,
    description:
      'Only with publik=true: fields withheld (received, closed, median_days, backlog, aging.<bucket>)',
  })
  suppressed?: string[];
}

export class RujukanBreakdownDto extends StampedDto {
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ type: [CategoryValueDto] }) by_status!: CategoryValueDto[];
  @ApiProperty({ type: [BreakdownRowDto] }) by_kategori!: BreakdownRowDto[];
  @ApiProperty({ type: [BreakdownRowDto] }) by_kanal!: BreakdownRowDto[];
  @ApiProperty({ type: [BreakdownRowDto] }) by_lembaga_tujuan!: BreakdownRowDto[];
  @ApiProperty({ type: [AgingDto] }) aging!: AgingDto[];
  @ApiProperty({ type: [AgencyDto] }) agencies!: AgencyDto[];
}
