import { ApiProperty } from '@nestjs/swagger';
import { gapColumns } from '../../warehouse/catalogue.js';
import { AreaRefDto, StampedDto } from '../common/dto.js';
import { PeriodField, PublikField, TextField } from '../common/request-dto.js';

export class GapsQueryDto {
  @TextField({ description: 'Kabupaten or kecamatan code' }) area?: string;
  @PeriodField({ description: 'YYYY-MM' }) period?: string;
  @TextField({ enum: gapColumns }) sort?: string;
  @PublikField(
    'true: desa counts of 1 to SMALL_COUNT_THRESHOLD − 1 (and the amounts and percentages ' +
      'that give them back, other desa of the kecamatan included) are null and named in suppressed',
  )
  publik!: boolean;
}

export class KecamatanRefDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class GapRowDto {
  @ApiProperty({ example: '62.03.01.1010' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: KecamatanRefDto }) kecamatan!: KecamatanRefDto;
  /** One number (or null) per gap column of the catalogue (declared below). */
  [indicator: string]: unknown;
  @ApiProperty({
    type: [String],
    required: false,
    description:
      'Only with publik=true: the columns withheld (small counts); in Arrow comma-separated text',
  })
  suppressed?: string[];
}

// The indicator columns: those with a `gap_column` in warehouse/catalogue.json, in its order.
for (const id of gapColumns) ApiProperty({ type: Number, nullable: true })(GapRowDto.prototype, id);

export class GapsDto extends StampedDto {
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ description: 'Indicator id the rows are sorted by (worst first)' }) sort!: string;
  @ApiProperty({ type: [GapRowDto] }) rows!: GapRowDto[];
}
