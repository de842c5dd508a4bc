import { BadRequestException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  DESIL_VARIANTS,
  parseProgrammeRules,
  type ProgrammeRules,
  RulesError,
} from '../../warehouse/programme-rules.js';
import { badRequest } from '../common/params.js';
import { CheckedTogether, Field } from '../common/request-dto.js';

const REASON_MIN = 5;
const REASON_MAX = 500;

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

/** The rules of the body, checked together by warehouse/programme-rules.ts (every problem named). */
function parseRules(raw: Record<string, unknown>): { rules: ProgrammeRules } {
  const { alasan: _alasan, ...values } = raw;
  try {
    return { rules: parseProgrammeRules(values) };
  } catch (error) {
    // the message names every field to fix, in Bahasa Indonesia and English
    if (error instanceof RulesError) throw new BadRequestException(error.message);
    throw error;
  }
}

function parseReason(name: string, raw: unknown): string {
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (reason.length < REASON_MIN || reason.length > REASON_MAX)
    badRequest(
      `'${name}' wajib diisi: mengapa aturan diubah (${REASON_MIN}–${REASON_MAX} karakter, contoh "Kepmensos 79/HUK/2025")`,
      `'${name}' (why the rules change, ${REASON_MIN}–${REASON_MAX} characters) is required`,
    );
  return reason;
}

/** The schema of the rules (ProgrammeRulesValuesDto) and `alasan`; `rules` is the parsed four. */
@CheckedTogether(parseRules)
export class PutProgrammeRulesDto extends ProgrammeRulesValuesDto {
  @Field(parseReason, {
    type: String,
    description: 'Why the rules change (kept with who and when); required, 5–500 characters',
    example: 'Kepmensos 79/HUK/2025: PBI-JK desil 1–5',
  })
  alasan!: string;

  /** Set by parseRules (not part of the schema). */
  rules!: ProgrammeRules;
}
