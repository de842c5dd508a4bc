/** OpenAPI shapes of the Data page's uploads (uploads.controller.ts). */
import { ApiProperty } from '@nestjs/swagger';
import { badRequest } from '../common/params.js';
import { Field } from '../common/request-dto.js';
import { FEEDS } from './staging.js';

/** true/false; `optional`: absent = unchanged. */
const parseBoolean =
  (optional: boolean) =>
  (name: string, raw: unknown): boolean | undefined => {
    if (optional && raw === undefined) return undefined;
    if (typeof raw !== 'boolean')
      badRequest(`'${name}' harus true/false`, `'${name}' must be a boolean`);
    return raw;
  };

export class StagedFileDto {
  @ApiProperty({ example: '3f2a9c0d1e4b5a67' }) id!: string;
  @ApiProperty({
    example: '2025-07/keluarga.csv',
    description: 'As uploaded; from a zip, its path there',
  })
  name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The zip the file came in' })
  zip!: string | null;
  @ApiProperty() size!: number;
  @ApiProperty() uploaded_by!: string;
  @ApiProperty() uploaded_at!: string;
  @ApiProperty({ enum: FEEDS, nullable: true }) feed!: string | null;
  @ApiProperty({ enum: ['pilihan', 'judul', 'nama'], nullable: true }) feed_from!: string | null;
  @ApiProperty({ description: 'Merged into the stored slices instead of replacing them' })
  merge!: boolean;
}

export class UploadResultDto {
  @ApiProperty({ type: [StagedFileDto] }) files!: StagedFileDto[];
  @ApiProperty({ type: [String], description: 'Files of a zip that are not data files' })
  skipped!: string[];
}

export class StagedListDto {
  @ApiProperty({ type: [StagedFileDto] }) files!: StagedFileDto[];
  @ApiProperty({ description: 'Largest upload accepted, in bytes' }) max_bytes!: number;
  @ApiProperty({ type: [String], example: ['.csv', '.txt', '.xlsx', '.parquet', '.zip'] })
  extensions!: string[];
}

/** Absent: unchanged (undefined); null: detect again. */
function parseFeed(name: string, raw: unknown): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  if (!(FEEDS as readonly unknown[]).includes(raw))
    badRequest(
      `'${name}' harus salah satu dari ${FEEDS.join(', ')} atau null (kenali lagi)`,
      `'${name}' must be one of ${FEEDS.join(', ')} or null`,
    );
  return raw as string;
}

function parseIds(name: string, raw: unknown): string[] {
  if (!Array.isArray(raw) || !raw.every((i) => typeof i === 'string'))
    badRequest(`'${name}' harus daftar id unggahan`, `'${name}' must be a list of upload ids`);
  return raw as string[];
}

export class UpdateStagedDto {
  @Field(parseFeed, {
    type: String,
    enum: FEEDS,
    nullable: true,
    required: false,
    description: 'null: detect again',
  })
  feed?: string | null;
  @Field(parseBoolean(true), { type: Boolean, required: false }) merge?: boolean;
}

export class LoadStagedDto {
  @Field(parseIds, { type: [String] }) ids!: string[];
  @Field(parseBoolean(false), {
    type: Boolean,
    description: 'Start a run now (else the files wait for the nightly run)',
  })
  run!: boolean;
}

export class MovedFileDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'dtks/dtks_2026-06.csv', description: 'Path below the inbox' })
  path!: string;
}

export class LoadResultDto {
  @ApiProperty({ type: [MovedFileDto] }) moved!: MovedFileDto[];
  @ApiProperty() started!: boolean;
  @ApiProperty() message!: string;
}

class HeaderMappingDto {
  @ApiProperty() header!: string;
  @ApiProperty({ type: String, nullable: true }) column!: string | null;
  @ApiProperty({ enum: ['kontrak', 'sinonim', 'peta'], nullable: true }) via!: string | null;
}

class RejectExampleDto {
  @ApiProperty() line!: number;
  @ApiProperty({ type: String, nullable: true }) column!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Masked' }) value!: string | null;
}

class RejectGroupDto {
  @ApiProperty() reason!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [RejectExampleDto] }) examples!: RejectExampleDto[];
}

class SliceDto {
  @ApiProperty({ example: 'periode=2026-06/kab=62.03' }) slice!: string;
  @ApiProperty() rows!: number;
  @ApiProperty() stored_rows!: number;
  @ApiProperty({ enum: ['ganti', 'gabung'] }) mode!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    required: false,
    description: 'Merged: stored rows kept (null when the pseudonym key is not at hand)',
  })
  kept_rows?: number | null;
}

class FileErrorDto {
  @ApiProperty() reason!: string;
  @ApiProperty() message!: string;
}

class UnknownValueDto {
  @ApiProperty() column!: string;
  @ApiProperty({ description: 'Masked like reject examples' }) value!: string;
  @ApiProperty() count!: number;
  @ApiProperty({
    type: [String],
    description: "The contract's values of the column (etl/feeds.ts), to map the value to",
  })
  allowed!: string[];
}

class UnknownAreaDto {
  @ApiProperty() kecamatan!: string;
  @ApiProperty() desa!: string;
  @ApiProperty() count!: number;
}

class UnknownBpsDto {
  @ApiProperty({ description: 'A BPS desa code (masked) with no Kemendagri code' })
  kode_bps!: string;
  @ApiProperty() count!: number;
}

/** etl/preview.ts FilePreview. */
export class FilePreviewDto {
  @ApiProperty() file!: string;
  @ApiProperty({ enum: FEEDS, nullable: true }) feed!: string | null;
  @ApiProperty({ enum: ['pilihan', 'judul', 'nama'], nullable: true }) feed_from!: string | null;
  @ApiProperty({ type: String, nullable: true }) kind!: string | null;
  @ApiProperty({ type: String, nullable: true }) encoding!: string | null;
  @ApiProperty({ type: String, nullable: true }) delimiter!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A workbook: the sheet read' })
  sheet!: string | null;
  @ApiProperty() by_name!: boolean;
  @ApiProperty({ type: [HeaderMappingDto] }) columns!: HeaderMappingDto[];
  @ApiProperty({ type: [String] }) missing_columns!: string[];
  @ApiProperty({ type: FileErrorDto, nullable: true }) file_error!: FileErrorDto | null;
  @ApiProperty() rows_read!: number;
  @ApiProperty() would_load!: number;
  @ApiProperty() would_reject!: number;
  @ApiProperty({ type: [RejectGroupDto] }) rejects!: RejectGroupDto[];
  @ApiProperty({ type: [SliceDto] }) slices!: SliceDto[];
  @ApiProperty({ type: [String] }) periodes!: string[];
  @ApiProperty({ type: [UnknownValueDto] }) unknown_values!: UnknownValueDto[];
  @ApiProperty({ type: [UnknownAreaDto] }) unknown_areas!: UnknownAreaDto[];
  @ApiProperty({
    type: [UnknownBpsDto],
    description: 'BPS desa codes the crosswalk lacks (all while none is loaded)',
  })
  unknown_bps!: UnknownBpsDto[];
  @ApiProperty({ description: 'A BPS → Kemendagri crosswalk is loaded' }) crosswalk!: boolean;
  @ApiProperty() mappings_version!: number;
  @ApiProperty({ required: false }) anggota_tanpa_keluarga?: number;
}
