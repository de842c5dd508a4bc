import { ApiProperty } from '@nestjs/swagger';
import { type GuardDifference, RUN_STATUSES, type RunSummary } from '../../warehouse/runs.js';
import { TextField } from '../common/request-dto.js';

export class RejectsQueryDto {
  @TextField() feed?: string;
  @TextField({ description: 'Default: the run that built the warehouse' }) run_id?: string;
}

const SUMMARY_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description:
    'Run summary as written by the ETL (etl/README.md): run_id, status, as_of, started_at, finished_at, error?, feeds',
} as const;

export class RunSummaryDto {
  @ApiProperty() run_id!: string;
  @ApiProperty({ enum: RUN_STATUSES })
  status!: string;
  @ApiProperty({ type: String, nullable: true }) as_of!: string | null;
  @ApiProperty({ type: String, nullable: true }) started_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) finished_at!: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) error?: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Per feed: files, rows_read, rows_loaded, rows_rejected, rejects',
  })
  feeds!: Record<string, unknown>;
}

/**
 * Compile-time check against the one RunSummary type (warehouse/runs.ts): every field the DTO
 * describes is a field of a summary, and a summary's value fits the DTO's (wider) type.
 */
export type RunSummaryDtoFitsSummary = Assert<
  Pick<RunSummary, keyof RunSummaryDto> extends RunSummaryDto ? true : false
>;
type Assert<T extends true> = T;

export class GuardDifferenceDto {
  @ApiProperty() indicator_id!: string;
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ enum: ['provinsi', 'kabupaten', 'kecamatan'] }) level!: string;
  @ApiProperty() area_code!: string;
  @ApiProperty() previous!: number;
  @ApiProperty({ type: Number, nullable: true }) current!: number | null;
  @ApiProperty({ type: Number, nullable: true }) change_pct!: number | null;
  @ApiProperty({ enum: ['TURUN', 'KOSONG'] }) reason!: string;
}

/** Compile-time check: the guard's differences (warehouse/runs.ts) fit the DTO. */
export type GuardDifferenceDtoFits = Assert<
  GuardDifference extends GuardDifferenceDto ? true : false
>;

export class HeldRunDto {
  @ApiProperty({
    type: RunSummaryDto,
    nullable: true,
    description: 'The run held by the publish guard (status MENUNGGU_PERSETUJUAN), or null',
  })
  run!: RunSummaryDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'PUBLISH_GUARD_DROP of that run' })
  drop_share!: number | null;
  @ApiProperty({ type: [GuardDifferenceDto], description: 'Figures that would fall (≤ 200)' })
  differences!: GuardDifferenceDto[];
}

export class RunsDto {
  @ApiProperty({ type: [RunSummaryDto], description: 'Newest first' }) runs!: RunSummaryDto[];
}

export class ProgressDto {
  @ApiProperty({ type: String, nullable: true }) feed!: string | null;
  @ApiProperty({ type: String, nullable: true }) file!: string | null;
  @ApiProperty() stage!: string;
  @ApiProperty({ type: Number, nullable: true }) rows!: number | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
}

/**
 * The last run as /api/etl/status shows it: status and times only. The full summary (per-feed
 * counts, the kabupaten values of every indicator in `changes`) is in /api/etl/runs for
 * ADMIN and PIMPINAN; figures otherwise come only through the area-scoped endpoints.
 */
export class LastRunDto {
  @ApiProperty() run_id!: string;
  @ApiProperty({ enum: ['RUNNING', 'SUCCESS', 'FAILED'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) as_of!: string | null;
  @ApiProperty({ type: String, nullable: true }) started_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) finished_at!: string | null;
}

export class EtlStatusDto {
  @ApiProperty() running!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'cron, manual or startup' }) trigger!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) started_at!: string | null;
  @ApiProperty({ type: ProgressDto, nullable: true }) progress!: ProgressDto | null;
  @ApiProperty({ type: LastRunDto, nullable: true }) last_run!: LastRunDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last run started by this API failed (also when it never wrote a summary)',
  })
  last_error!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Next scheduled run (ISO)' })
  next_run!: string | null;
}

export class RunStartedDto {
  @ApiProperty() started!: boolean;
}

export class FeedFreshnessDto {
  @ApiProperty({ example: 'dtks' }) feed!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) newest_period!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Days from newest_period to the as-of date',
  })
  days_since!: number | null;
  @ApiProperty() stale!: boolean;
}

export class FreshnessDto {
  @ApiProperty({ type: String, format: 'date', nullable: true }) as_of!: string | null;
  @ApiProperty({ type: [FeedFreshnessDto] }) feeds!: FeedFreshnessDto[];
}

export class QualityMetricDto {
  @ApiProperty({
    example: 'bpjs_kesehatan_in_registri',
    description:
      'rujukan_nik_in_registri, bpjs_kesehatan_in_registri, bpjs_ketenagakerjaan_in_registri, pkh_in_registri, keluarga_tanpa_desil, anggota_tanpa_keluarga (DTSEN only)',
  })
  metric!: string;
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Percent; null when denominator 0' })
  value!: number | null;
}

export class QualityReleaseDto {
  @ApiProperty({ enum: ['DTKS', 'DTSEN'] }) sumber!: string;
  @ApiProperty({ example: '2024-07', description: 'The snapshot or release month (YYYY-MM)' })
  periode!: string;
  @ApiProperty({
    description: 'A registry snapshot (false: a DTSEN release with member rows only)',
  })
  snapshot!: boolean;
  @ApiProperty({ type: [QualityMetricDto] }) metrics!: QualityMetricDto[];
}

export class QualityDto {
  @ApiProperty({
    type: [QualityReleaseDto],
    description: 'Per registry source and release, newest first (warehouse data_quality)',
  })
  releases!: QualityReleaseDto[];
}

export class RejectCountDto {
  @ApiProperty() feed!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() n!: number;
}

export class RejectRowDto {
  @ApiProperty() feed!: string;
  @ApiProperty() file!: string;
  @ApiProperty({ type: Number, nullable: true }) line!: number | null;
  @ApiProperty({ type: String, nullable: true }) column_name!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Masked (warehouse/mask.ts): [teks N karakter] when not of the column shape, NIK-like digits beyond the sixth as *',
  })
  value!: string | null;
}

export class RejectsDto {
  @ApiProperty({ type: String, nullable: true }) run_id!: string | null;
  @ApiProperty({ type: [RejectCountDto] }) counts!: RejectCountDto[];
  @ApiProperty({ type: [RejectRowDto], description: 'At most 1000 rows' }) rows!: RejectRowDto[];
}

export { SUMMARY_SCHEMA };
