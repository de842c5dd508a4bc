import { ApiProperty } from '@nestjs/swagger';
import { AreaRefDto, StampedDto } from '../common/dto.js';
import { PeriodField, TextField } from '../common/request-dto.js';
import { LocalisedTextDto } from '../indicators/indicators.dto.js';

/** One pseudonymised person or household of an action list: never a NIK, no_kk or name. */
export class DaftarRowDto {
  @ApiProperty({
    example: '3f9a0c1b2d',
    description:
      'Short form of the keyed pseudonym (its first 10 hex characters): the row reference the ' +
      'key holder re-identifies with `npm run daftar-verval`',
  })
  ref!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['0-6', '7-17', '18-59', '60+'],
    description: 'Age band at the end of the snapshot month (null: unknown, or a household)',
  })
  kelompok_umur!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Registry desil (null: unknown)' })
  desil!: number | null;
  @ApiProperty({
    example: 'PBI_APBN NONAKTIF',
    description:
      'Programme or segment: the BPJS segment and status, the occupation, the previous desil, ' +
      'the PKH year (docs/indicators.md, "Action lists")',
  })
  program!: string;
  @ApiProperty({
    example: '2024-06',
    description: 'The release (registry, or BPJS Kesehatan for PBI outside the target) listed from',
  })
  sejak!: string;
}

export class DaftarDto extends StampedDto {
  @ApiProperty({ description: 'Indicator id' }) indicator!: string;
  @ApiProperty({ type: LocalisedTextDto }) label!: LocalisedTextDto;
  @ApiProperty({ example: 'sasaran_tanpa_jkn', description: 'The catalogue action_list' })
  list!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['individu', 'keluarga'],
    description: 'Persons or households (null: no row)',
  })
  unit!: string | null;
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ description: 'Number of rows: the desa figure of the indicator' }) total!: number;
  @ApiProperty({ type: [DaftarRowDto] }) rows!: DaftarRowDto[];
}

export class DaftarQueryDto {
  @TextField({ required: true, description: 'Desa code, e.g. 62.03.01.1010' }) desa?: string;
  @PeriodField({ description: 'YYYY-MM (the latest period only)' }) period?: string;
}
