/** Shapes of the boundary import endpoints (`/api/geo/imports`, `/api/geo/boundaries`). */
import { BadRequestException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Field } from '../common/request-dto.js';
import { BOUNDARY_LEVELS, type BoundaryLevel, type MatchOptions } from './boundary-import.js';

const REASONS = [
  'KODE_KOSONG',
  'KODE_TIDAK_VALID',
  'KODE_BEDA_TINGKAT',
  'DI_LUAR_WILAYAH',
  'KODE_TIDAK_DIKENAL',
  'NAMA_KOSONG',
  'KECAMATAN_TIDAK_DIKENAL',
  'NAMA_TIDAK_DIKENAL',
  'NAMA_GANDA',
  'TANPA_GEOMETRI',
];

export class ReportColumnDto {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Values that are Kemendagri codes of the level inside the region' })
  code_values!: number;
  @ApiProperty({ type: String, nullable: true }) example!: string | null;
}

export class UnmatchedRowDto {
  @ApiProperty({ description: 'Position of the polygon in the file (0-based)' }) index!: number;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) kecamatan!: string | null;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty({ enum: REASONS }) reason!: string;
}

export class UnmatchedDto {
  @ApiProperty() count!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Unmatched polygons per reason',
  })
  by_reason!: Record<string, number>;
  @ApiProperty({ type: [UnmatchedRowDto], description: 'At most 1000' }) rows!: UnmatchedRowDto[];
}

export class MissingRowDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Name of its kecamatan (empty for a kecamatan import)' })
  kecamatan!: string;
}

export class MissingAreasDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [MissingRowDto], description: 'At most 1000' }) rows!: MissingRowDto[];
}

export class DuplicateDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Polygons of this area in the file (merged into one)' })
  polygons!: number;
}

export class ImportOutputDto {
  @ApiProperty() vertices!: number;
  @ApiProperty() bytes!: number;
  @ApiProperty({ description: 'Simplification interval used (metres)' }) interval_m!: number;
  @ApiProperty({ description: 'Kecamatan outlines derived from a complete set of their desa' })
  kecamatan_derived!: number;
}

export class RegionDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class BoundaryReportDto {
  @ApiProperty() file!: string;
  @ApiProperty({ enum: ['shapefile', 'geojson', 'topojson'] }) format!: string;
  @ApiProperty() layer!: string;
  @ApiProperty({ type: [String] }) layers!: string[];
  @ApiProperty({ enum: ['desa', 'kecamatan'] }) level!: string;
  @ApiProperty({ type: RegionDto }) region!: RegionDto;
  @ApiProperty() reprojected!: boolean;
  @ApiProperty({ enum: ['code', 'name'] }) match_by!: string;
  @ApiProperty({ type: String, nullable: true }) code_column!: string | null;
  @ApiProperty({ type: String, nullable: true }) name_column!: string | null;
  @ApiProperty({ type: String, nullable: true }) kecamatan_column!: string | null;
  @ApiProperty({ type: [ReportColumnDto] }) columns!: ReportColumnDto[];
  @ApiProperty() polygons!: number;
  @ApiProperty() matched!: number;
  @ApiProperty() areas_matched!: number;
  @ApiProperty() areas_total!: number;
  @ApiProperty({ type: UnmatchedDto }) unmatched!: UnmatchedDto;
  @ApiProperty({ type: MissingAreasDto }) missing!: MissingAreasDto;
  @ApiProperty({ type: [DuplicateDto] }) duplicates!: DuplicateDto[];
  @ApiProperty({ type: ImportOutputDto, nullable: true }) output!: ImportOutputDto | null;
}

export class PendingImportDto {
  @ApiProperty({ example: '3f9c0a1b2c3d4e5f' }) id!: string;
  @ApiProperty() created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: BoundaryReportDto }) report!: BoundaryReportDto;
}

export class BoundaryRecordDto {
  @ApiProperty({ enum: ['desa', 'kecamatan'] }) level!: string;
  @ApiProperty() region!: string;
  @ApiProperty() file!: string;
  @ApiProperty() imported_by!: string;
  @ApiProperty({ format: 'date-time' }) imported_at!: string;
  @ApiProperty({ type: BoundaryReportDto }) report!: BoundaryReportDto;
}

export class BoundaryImportsDto {
  @ApiProperty({ type: RegionDto }) region!: RegionDto;
  @ApiProperty({ type: [BoundaryRecordDto], description: 'Accepted imports in use' })
  active!: BoundaryRecordDto[];
  @ApiProperty({ type: [PendingImportDto], description: 'Imports awaiting a decision' })
  pending!: PendingImportDto[];
}

function parseLevel(name: string, raw: unknown): BoundaryLevel {
  const level = raw ?? 'desa';
  if (typeof level !== 'string' || !(BOUNDARY_LEVELS as readonly string[]).includes(level))
    throw new BadRequestException(
      `Parameter '${name}' harus desa atau kecamatan / '${name}' must be desa or kecamatan`,
    );
  return level as BoundaryLevel;
}

/** A column of the uploaded file; empty = guessed (names) or not used (code). */
function parseColumn(name: string, raw: unknown): string | null {
  if (raw == null || raw === '') return null;
  if (typeof raw !== 'string' || raw.length > 100)
    throw new BadRequestException(
      `Parameter '${name}' harus nama kolom berkas (≤ 100 karakter) / '${name}' must be a column name`,
    );
  return raw;
}

const column = (description?: string) =>
  Field(parseColumn, {
    type: String,
    nullable: true,
    required: false,
    ...(description ? { description } : {}),
  });

/** What the admin chose, as the query of an upload or the body of a new match. */
export class MatchOptionsDto {
  @Field(parseLevel, { enum: [...BOUNDARY_LEVELS], required: false }) level!: BoundaryLevel;
  @column('Column with Kemendagri codes') code_column!: string | null;
  @column('Column with area names') name_column!: string | null;
  @column('Kecamatan name or code') kecamatan_column!: string | null;
}

export function matchOptions(dto: MatchOptionsDto): MatchOptions {
  return {
    level: dto.level,
    codeColumn: dto.code_column,
    nameColumn: dto.name_column,
    kecamatanColumn: dto.kecamatan_column,
  };
}
