/** Request and response shapes of the Pokja endpoints (OpenAPI; the web app's types). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AreaRefDto, StampedDto } from '../common/dto.js';
import { ScorecardRowDto } from '../indicators/indicators.dto.js';
import { ACTION_STATUSES } from './validate.js';

// Targets --------------------------------------------------------------------------------------

export class TargetBodyDto {
  @ApiProperty({ example: 90, description: 'New target in the indicator unit' }) target!: number;
  @ApiPropertyOptional({
    example: '62.03.01',
    description:
      'Kecamatan code for an override; omitted or the kabupaten code = kabupaten default',
  })
  area?: string;
}

export class TargetDto {
  @ApiProperty({ example: 'pbi_sasaran_pct' }) indicator_id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null = kabupaten default' })
  area_code!: string | null;
  @ApiProperty() target!: number;
  @ApiProperty() updated_at!: string;
  @ApiProperty({ type: String, nullable: true }) updated_by!: string | null;
}

export class TargetAuditDto {
  @ApiProperty() id!: number;
  @ApiProperty() indicator_id!: string;
  @ApiProperty({ type: String, nullable: true }) area_code!: string | null;
  @ApiProperty({ type: Number, nullable: true }) old_target!: number | null;
  @ApiProperty({ type: Number, nullable: true }) new_target!: number | null;
  @ApiProperty() changed_by!: string;
  @ApiProperty() changed_at!: string;
}

export class TargetListDto {
  @ApiProperty({ type: [TargetDto] }) targets!: TargetDto[];
}

export class TargetAuditListDto {
  @ApiProperty({ type: [TargetAuditDto] }) rows!: TargetAuditDto[];
}

export class TargetChangeDto {
  @ApiProperty() indicator_id!: string;
  @ApiProperty({ type: String, nullable: true }) area_code!: string | null;
  @ApiProperty({ type: Number, nullable: true }) old_target!: number | null;
  @ApiProperty({ type: Number, nullable: true }) new_target!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Target now in force for that area (override, else kabupaten, else catalogue)',
  })
  effective_target!: number | null;
}

// Actions --------------------------------------------------------------------------------------

export class ActionBodyDto {
  @ApiProperty({ example: 'Verifikasi ulang warga sasaran PBI tanpa JKN' }) title!: string;
  @ApiProperty({ example: 'DINSOS' }) owner_opd!: string;
  @ApiProperty({ example: '2024-08-15' }) due_date!: string;
  @ApiProperty({ example: 'gap_jkn_sasaran' }) indicator_id!: string;
  @ApiProperty({ example: '62.03.01.1010', description: 'Kecamatan or desa code' }) area!: string;
  @ApiPropertyOptional({ example: 1 }) meeting_id?: number;
  @ApiPropertyOptional({ enum: ACTION_STATUSES, default: 'BARU' }) status?: string;
}

export class ActionPatchDto {
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() owner_opd?: string;
  @ApiPropertyOptional({ example: '2024-08-15' }) due_date?: string;
  @ApiPropertyOptional({ enum: ACTION_STATUSES }) status?: string;
}

export class CommentBodyDto {
  @ApiProperty({ example: 'Data sudah dikirim ke desa' }) body!: string;
}

export class CommentDto {
  @ApiProperty() id!: number;
  @ApiProperty() author!: string;
  @ApiProperty() body!: string;
  @ApiProperty() created_at!: string;
}

export class IndicatorRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['count', 'percent', 'days', 'rupiah'] }) unit!: string;
  @ApiProperty({ enum: ['higher_better', 'lower_better'] }) direction!: string;
}

export class PeriodValueDto {
  @ApiProperty({ type: String, nullable: true, example: '2024-06' }) period!: string | null;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
}

export class ActionDto {
  @ApiProperty() id!: number;
  @ApiProperty({ type: Number, nullable: true }) meeting_id!: number | null;
  @ApiProperty({ type: AreaRefDto }) kecamatan!: AreaRefDto;
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ type: IndicatorRefDto }) indicator!: IndicatorRefDto;
  @ApiProperty() title!: string;
  @ApiProperty() owner_opd!: string;
  @ApiProperty({ example: '2024-08-15' }) due_date!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: string;
  @ApiProperty({ description: 'Open and due before the reference date' }) overdue!: boolean;
  @ApiProperty({ type: PeriodValueDto, description: 'Indicator value when the action was opened' })
  then!: PeriodValueDto;
  @ApiProperty({ type: PeriodValueDto, description: 'Indicator value in the latest warehouse' })
  now!: PeriodValueDto;
  @ApiProperty({ type: Number, nullable: true, description: 'now − then' }) change!: number | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'true when the change goes the good way for the indicator direction',
  })
  improved!: boolean | null;
  @ApiProperty() created_by!: string;
  @ApiProperty() created_at!: string;
  @ApiProperty() updated_at!: string;
  @ApiProperty({ type: [CommentDto] }) comments!: CommentDto[];
}

export class ActionListDto extends StampedDto {
  @ApiProperty({ example: '2024-07-15', description: 'Reference date for overdue' })
  tanggal!: string;
  @ApiProperty({ type: [ActionDto] }) rows!: ActionDto[];
}

// Meetings -------------------------------------------------------------------------------------

export class MeetingBodyDto {
  @ApiProperty({ example: '62.03.01' }) kecamatan!: string;
  @ApiProperty({ example: '2024-07-15' }) tanggal!: string;
  @ApiProperty({ example: 'Aula Kantor Camat Selat' }) tempat!: string;
  @ApiProperty({ type: [String], example: ['DINSOS', 'DINKES'] }) opd_hadir!: string[];
  @ApiPropertyOptional() catatan?: string;
}

export class MeetingPatchDto {
  @ApiPropertyOptional({ example: '2024-07-15' }) tanggal?: string;
  @ApiPropertyOptional() tempat?: string;
  @ApiPropertyOptional({ type: [String] }) opd_hadir?: string[];
  @ApiPropertyOptional() catatan?: string;
}

export class AgendaItemDto {
  @ApiProperty({ enum: ['indikator', 'lembaga', 'desa', 'tindak_lanjut', 'lain'] }) kind!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Indicator id, lembaga_tujuan, desa code or action id',
  })
  ref!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() detail!: string;
}

export class AgendaBodyDto {
  @ApiProperty({ type: [AgendaItemDto] }) items!: AgendaItemDto[];
}

export class MeetingDto {
  @ApiProperty() id!: number;
  @ApiProperty({ type: AreaRefDto }) kecamatan!: AreaRefDto;
  @ApiProperty({ example: '2024-07-15' }) tanggal!: string;
  @ApiProperty() tempat!: string;
  @ApiProperty({ type: [String] }) opd_hadir!: string[];
  @ApiProperty() catatan!: string;
  @ApiProperty({ example: '2024-07', description: 'Data month the agenda was proposed from' })
  period!: string;
  @ApiProperty() created_by!: string;
  @ApiProperty() created_at!: string;
  @ApiProperty() updated_at!: string;
}

export class MeetingListDto {
  @ApiProperty({ type: [MeetingDto] }) rows!: MeetingDto[];
}

export class MeetingDetailDto extends StampedDto {
  @ApiProperty({ type: MeetingDto }) meeting!: MeetingDto;
  @ApiProperty({ type: [AgendaItemDto] }) agenda!: AgendaItemDto[];
  @ApiProperty({
    type: [ActionDto],
    description: 'Open actions of the kecamatan, overdue relative to the meeting date',
  })
  actions!: ActionDto[];
}

export class BriefFiltersDto {
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ example: '2024-07' }) period!: string;
}

export class MeetingBriefDto extends MeetingDetailDto {
  @ApiProperty({ type: BriefFiltersDto }) filters!: BriefFiltersDto;
  @ApiProperty({ type: [ScorecardRowDto] }) scorecard!: ScorecardRowDto[];
  @ApiProperty({ type: [ActionDto] }) actions_overdue!: ActionDto[];
}

// Rakor summary --------------------------------------------------------------------------------

export class ActionCountsDto {
  @ApiProperty() selesai!: number;
  @ApiProperty({ description: 'BARU or PROSES (overdue included)' }) terbuka!: number;
  @ApiProperty({ description: 'Open and due before the date' }) terlambat!: number;
  @ApiProperty() batal!: number;
}

export class OpdCountsDto extends ActionCountsDto {
  @ApiProperty({ example: 'DINSOS' }) opd!: string;
}

export class KecamatanCountsDto extends ActionCountsDto {
  @ApiProperty({ example: '62.03.01' }) code!: string;
  @ApiProperty({ example: 'Selat' }) name!: string;
}

export class RakorDto {
  @ApiProperty({ example: '2024-07-15' }) tanggal!: string;
  @ApiProperty({ type: [OpdCountsDto] }) by_opd!: OpdCountsDto[];
  @ApiProperty({ type: [KecamatanCountsDto], description: 'Every kecamatan of the region' })
  by_kecamatan!: KecamatanCountsDto[];
  @ApiProperty({ type: ActionCountsDto }) total!: ActionCountsDto;
}
