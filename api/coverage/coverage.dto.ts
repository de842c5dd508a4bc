import { ApiProperty } from '@nestjs/swagger';
import { AreaRefDto, StampedDto } from '../common/dto.js';

export class KecamatanRefDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class GapRowDto {
  @ApiProperty({ example: '62.03.01.1010' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: KecamatanRefDto }) kecamatan!: KecamatanRefDto;
  @ApiProperty({ type: Number, nullable: true }) gap_jkn_desil14!: number | null;
  @ApiProperty({ type: Number, nullable: true }) gap_bpu!: number | null;
  @ApiProperty({ type: Number, nullable: true }) gap_pkh!: number | null;
  @ApiProperty({ type: Number, nullable: true }) pbi_luar_dtks!: number | null;
  @ApiProperty({ type: Number, nullable: true }) anggaran_pbi_apbd!: number | null;
  @ApiProperty({ type: Number, nullable: true }) anggaran_bpu!: number | null;
  @ApiProperty({ type: Number, nullable: true }) pbi_dtks_pct!: number | null;
  @ApiProperty({ type: Number, nullable: true }) bpu_rentan_pct!: number | null;
  @ApiProperty({ type: Number, nullable: true }) pkh_pct!: number | null;
  @ApiProperty({
    type: [String],
    required: false,
    description:
      'Only with publik=true: the columns withheld (small counts); in Arrow comma-separated text',
  })
  suppressed?: string[];
}

export class GapsDto extends StampedDto {
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ description: 'Indicator id the rows are sorted by (worst first)' }) sort!: string;
  @ApiProperty({ type: [GapRowDto] }) rows!: GapRowDto[];
}
