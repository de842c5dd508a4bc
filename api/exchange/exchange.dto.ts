/** Response shapes of the province's import routes (api/exchange/province.controller.ts). */
import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../common/request-dto.js';

export class ImportRangeDto {
  @ApiProperty({ type: String, nullable: true, example: null }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) to!: string | null;
}

export class ImportResultDto {
  @ApiProperty({ example: '20260702T030000000Z' }) import_id!: string;
  @ApiProperty({ example: '62.03' }) kabupaten_code!: string;
  @ApiProperty({ enum: ['unggah', 'kirim'] }) source!: string;
  @ApiProperty({ type: [String], example: ['2026-05', '2026-06'] }) months!: string[];
  @ApiProperty({ type: ImportRangeDto }) range!: ImportRangeDto;
  @ApiProperty({ type: [String], description: 'Months of the range no longer carried: removed' })
  removed_months!: string[];
  @ApiProperty() row_count!: number;
  @ApiProperty({ type: String, nullable: true }) catalogue_version!: string | null;
  @ApiProperty({ description: 'Whether its catalogue version or rules differ (agregat_status)' })
  rules_differ!: boolean;
}

export class AgregatKabupatenDto {
  @ApiProperty({ example: '62.03' }) kabupaten_code!: string;
  @ApiProperty({ example: 'Kabupaten Kapuas' }) name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'sha256 of the registered key' })
  key_fingerprint!: string | null;
  @ApiProperty({ description: 'Tokens not revoked' }) active_tokens!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_import_at!: string | null;
  @ApiProperty({ type: String, enum: ['unggah', 'kirim'], nullable: true }) source!: string | null;
  @ApiProperty({ type: String, nullable: true }) actor!: string | null;
  @ApiProperty({ type: String, nullable: true }) first_month!: string | null;
  @ApiProperty({ type: String, nullable: true }) last_month!: string | null;
  @ApiProperty() month_count!: number;
  @ApiProperty({ type: String, nullable: true }) catalogue_version!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    nullable: true,
  })
  programme_rules!: Record<string, string | null> | null;
  @ApiProperty({ type: Boolean, nullable: true }) rules_differ!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) run_id!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) as_of!: string | null;
}

export class AgregatStatusDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '62',
    description: 'The province served; null on a kabupaten/kota instance (no imports)',
  })
  provinsi!: string | null;
  @ApiProperty({ description: 'Day of the following month by which a month is on time' })
  due_day!: number;
  @ApiProperty({ type: [AgregatKabupatenDto] }) kabupaten!: AgregatKabupatenDto[];
}

export class KelengkapanRowDto {
  @ApiProperty({ example: '62.03' }) kabupaten_code!: string;
  @ApiProperty({ example: '2026-06' }) period!: string;
  @ApiProperty() reported!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) received_at!: string | null;
  @ApiProperty({ type: String, format: 'date' }) due_date!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: not reported' })
  on_time!: boolean | null;
}

export class KelengkapanDto {
  @ApiProperty() due_day!: number;
  @ApiProperty({ type: [String] }) months!: string[];
  @ApiProperty({ type: [KelengkapanRowDto] }) rows!: KelengkapanRowDto[];
}

export class AgregatTokenDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '62.03' }) kabupaten_code!: string;
  @ApiProperty() created_by!: string;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_used_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) revoked_by!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revoked_at!: string | null;
}

export class AgregatTokensDto {
  @ApiProperty({ type: [AgregatTokenDto] }) tokens!: AgregatTokenDto[];
}

export class NewAgregatTokenDto extends AgregatTokenDto {
  @ApiProperty({ description: 'The token, shown this once: only its SHA-256 is kept' })
  token!: string;
}

export class RegisteredKeyDto {
  @ApiProperty({ example: '62.03' }) kabupaten_code!: string;
  @ApiProperty() key_fingerprint!: string;
}

export class RegisterKeyBodyDto {
  @TextField({ required: true, example: '62.03' }) kabupaten!: string;
  @TextField({ required: true, description: "The kabupaten's agregat-ed25519.pub (SPKI PEM)" })
  public_key!: string;
}

export class NewTokenBodyDto {
  @TextField({ required: true, example: '62.03' }) kabupaten!: string;
}

export class ImportQueryDto {
  @TextField({ description: 'Expected kabupaten, NN.NN', example: '62.03' }) kabupaten?: string;
}
