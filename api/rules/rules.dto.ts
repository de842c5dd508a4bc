import { ApiProperty } from '@nestjs/swagger';
import { DESIL_VARIANTS } from '../../warehouse/programme-rules.js';

export class BandDto {
  @ApiProperty({ minimum: 1, maximum: 10, example: 5 }) desil_maks!: number;
}

export class ProgrammeRulesValuesDto {
  @ApiProperty({ enum: DESIL_VARIANTS, example: 'nasional' }) desil_varian!: string;
  @ApiProperty({ type: BandDto, description: 'PBI-JK band: desil 1 to desil_maks' })
  pbi_jk!: BandDto;
  @ApiProperty({ type: BandDto, description: 'PKH band' }) pkh!: BandDto;
  @ApiProperty({ type: BandDto, description: 'BPJS-TK BPU band (vulnerable workers)' })
  bpu!: BandDto;
}

export class RulesChangeDto {
  @ApiProperty({ type: ProgrammeRulesValuesDto }) rules!: ProgrammeRulesValuesDto;
  @ApiProperty({ example: 'admin' }) changed_by!: string;
  @ApiProperty({ format: 'date-time' }) changed_at!: string;
  @ApiProperty({ example: 'Kepmensos 79/HUK/2025' }) reason!: string;
}

export class ProgrammeRulesDto {
  @ApiProperty({ type: ProgrammeRulesValuesDto, description: 'The rules in force' })
  rules!: ProgrammeRulesValuesDto;
  @ApiProperty({
    type: ProgrammeRulesValuesDto,
    description: 'The defaults shipped beside the catalogue (warehouse/programme-rules.json)',
  })
  defaults!: ProgrammeRulesValuesDto;
  @ApiProperty({
    type: RulesChangeDto,
    nullable: true,
    description: 'The change that set the rules in force; null = the defaults',
  })
  current_change!: RulesChangeDto | null;
  @ApiProperty({ type: [RulesChangeDto], description: 'Every change, newest first' })
  history!: RulesChangeDto[];
}

export class PutProgrammeRulesDto extends ProgrammeRulesValuesDto {
  @ApiProperty({
    description: 'Why the rules change (kept with who and when); required, 5–500 characters',
    example: 'Kepmensos 79/HUK/2025: PBI-JK desil 1–5',
  })
  alasan!: string;
}
