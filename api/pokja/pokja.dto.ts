/** Request and response shapes of the Pokja endpoints (OpenAPI; the web app's types). */
import { ApiProperty } from '@nestjs/swagger';
import { cakupanIndicators, gapColumns } from '../../warehouse/catalogue.js';
import { AreaRefDto, StampedDto } from '../common/dto.js';
import { badRequest, parseNumber } from '../common/params.js';
import { CheckedByServiceField, Field, TextField } from '../common/request-dto.js';
import { ScorecardRowDto } from '../indicators/indicators.dto.js';
import type { AgendaItem } from './pokja.repository.js';
import {
  ACTION_STATUSES,
  type ActionStatus,
  COMMENT_MAX,
  IdField,
  IfGivenTextField,
  IfGivenTextListField,
  OPD_MAX,
  OptionalDateField,
  OptionalTextField,
  parseAgenda,
  RequiredDateField,
  RequiredTextField,
  requiredDate,
  StatusField,
  TextListField,
  TITLE_MAX,
} from './validate.js';

// Targets --------------------------------------------------------------------------------------

const MAX_TARGET = 1e15;

export class TargetBodyDto {
  @Field(
    (name, raw) =>
      parseNumber(name, raw, { min: -MAX_TARGET, max: MAX_TARGET }) ??
      badRequest("'target' wajib diisi, angka (contoh 90)", "'target' is required (a number)"),
    { type: Number, example: 90, description: 'New target in the indicator unit' },
  )
  target!: number;
  @CheckedByServiceField({
    type: String,
    required: false,
    example: '62.03.01',
    description:
      'Kecamatan code for an override; omitted or the kabupaten code = kabupaten default',
  })
  area?: unknown;
}

export class TargetDto {
  @ApiProperty({ example: cakupanIndicators[0] }) indicator_id!: string;
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
  @RequiredTextField(TITLE_MAX, { example: 'Verifikasi ulang warga desil 1–4 tanpa JKN' })
  title!: string;
  @RequiredTextField(OPD_MAX, { example: 'DINSOS' }) owner_opd!: string;
  @RequiredDateField({ example: '2024-08-15' }) due_date!: string;
  @StatusField({ default: 'BARU' }) status?: ActionStatus;
  @RequiredTextField(100, { example: gapColumns[0] }) indicator_id!: string;
  @RequiredTextField(20, { example: '62.03.01.1010', description: 'Kecamatan or desa code' })
  area!: string;
  @IdField({ example: 1 }) meeting_id?: number;
}

export class ActionPatchDto {
  @IfGivenTextField(TITLE_MAX) title?: string;
  @IfGivenTextField(OPD_MAX) owner_opd?: string;
  @Field((name, raw) => (raw === undefined ? undefined : requiredDate(name, raw)), {
    type: String,
    required: false,
    example: '2024-08-15',
  })
  due_date?: string;
  @StatusField() status?: ActionStatus;
}

export class CommentBodyDto {
  @RequiredTextField(COMMENT_MAX, { example: 'Data sudah dikirim ke desa' }) body!: string;
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
  @RequiredTextField(20, { example: '62.03.01' }) kecamatan!: string;
  @RequiredDateField({ example: '2024-07-15' }) tanggal!: string;
  @RequiredTextField(200, { example: 'Aula Kantor Camat Selat' }) tempat!: string;
  @TextListField(40, OPD_MAX, { example: ['DINSOS', 'DINKES'] }) opd_hadir!: string[];
  @OptionalTextField(10_000) catatan?: string;
}

export class MeetingPatchDto {
  @OptionalDateField({ example: '2024-07-15' }) tanggal?: string;
  @IfGivenTextField(200) tempat?: string;
  @IfGivenTextListField(40, OPD_MAX) opd_hadir?: string[];
  @OptionalTextField(10_000) catatan?: string;
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
  @Field(parseAgenda, { type: [AgendaItemDto] }) items!: AgendaItem[];
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

export class MeetingsQueryDto {
  @TextField() kecamatan?: string;
}

export class ActionsQueryDto {
  @TextField() kecamatan?: string;
  @TextField({ enum: ACTION_STATUSES }) status?: string;
  @TextField({ description: 'Reference date for overdue; default today (WIB)' }) tanggal?: string;
  @TextField({ enum: ['1', '0'] }) overdue?: string;
}

export class RakorQueryDto {
  @TextField({ description: 'Reference date; default today (WIB)' }) tanggal?: string;
}

export class TargetRemoveQueryDto {
  @TextField({ description: 'Kecamatan code; omitted = kabupaten' }) area?: string;
}
