/** OpenAPI shapes of the admin's maps (etl/mappings.ts). */
import { ApiProperty } from '@nestjs/swagger';
import { badRequest } from '../common/params.js';
import { Field } from '../common/request-dto.js';
import { FEEDS } from './staging.js';

const NESTED = (description: string, example: object) =>
  ({ type: 'object', additionalProperties: true, description, example }) as const;

export class MappingsVersionDto {
  @ApiProperty({ description: '0: no map saved yet' }) version!: number;
  @ApiProperty({ type: String, nullable: true }) changed_by!: string | null;
  @ApiProperty({ type: String, nullable: true }) changed_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class CurrentMappingsDto extends MappingsVersionDto {
  @ApiProperty(
    NESTED('feed → contract column → the header of the file that holds it', {
      dtks: { nik: 'NO INDUK KEPENDUDUKAN' },
    }),
  )
  columns!: Record<string, Record<string, string>>;
  @ApiProperty(
    NESTED('feed → column → raw value → contract value', {
      bpjs_kesehatan: { segmen: { 'PBI-APBN': 'PBI_APBN' } },
    }),
  )
  values!: Record<string, Record<string, Record<string, string>>>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: '`KECAMATAN|DESA` as files write them → kode_desa',
    example: { 'SELAT|SELAT HILIR': '62.03.01.1001' },
  })
  areas!: Record<string, string>;
}

export class MappingsDto {
  @ApiProperty({ type: CurrentMappingsDto }) current!: CurrentMappingsDto;
  @ApiProperty({ type: [MappingsVersionDto], description: 'Newest first' })
  history!: MappingsVersionDto[];
}

class ColumnChangeDto {
  @ApiProperty({ enum: FEEDS }) feed!: string;
  @ApiProperty({ example: 'nik' }) column!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null removes the map' })
  header!: string | null;
}

class ValueChangeDto {
  @ApiProperty({ enum: FEEDS }) feed!: string;
  @ApiProperty() column!: string;
  @ApiProperty() raw!: string;
  @ApiProperty({ type: String, nullable: true }) value!: string | null;
}

class AreaChangeDto {
  @ApiProperty() kecamatan!: string;
  @ApiProperty() desa!: string;
  @ApiProperty({ type: String, nullable: true }) kode_desa!: string | null;
}

class MappingChangeDto {
  @ApiProperty({ type: [ColumnChangeDto], required: false }) columns?: ColumnChangeDto[];
  @ApiProperty({ type: [ValueChangeDto], required: false }) values?: ValueChangeDto[];
  @ApiProperty({ type: [AreaChangeDto], required: false }) areas?: AreaChangeDto[];
}

/** The shape only: feeds, columns, values and desa are checked by the ETL (etl/mappings.ts). */
function parseChange(name: string, raw: unknown): MappingChangeDto {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    badRequest(
      `'${name}' wajib: { columns?, values?, areas? }`,
      `'${name}' is required: { columns?, values?, areas? }`,
    );
  for (const key of ['columns', 'values', 'areas'] as const) {
    const list = (raw as Record<string, unknown>)[key];
    if (list !== undefined && !Array.isArray(list))
      badRequest(`'${name}.${key}' harus daftar`, `'${name}.${key}' must be a list`);
  }
  return raw as MappingChangeDto;
}

function parseNote(name: string, raw: unknown): string | null {
  const note = raw ?? null;
  if (note !== null && (typeof note !== 'string' || note.length > 500))
    badRequest(
      `'${name}' harus teks ≤ 500 karakter`,
      `'${name}' must be text of at most 500 characters`,
    );
  return note as string | null;
}

export class PutMappingsDto {
  @Field(parseChange, { type: MappingChangeDto }) change!: MappingChangeDto;
  @Field(parseNote, {
    type: String,
    nullable: true,
    required: false,
    description: 'Why (kept)',
  })
  note!: string | null;
}

export class CrosswalkLoadedDto {
  @ApiProperty() loaded!: boolean;
  @ApiProperty({ description: 'BPS desa codes in the crosswalk now used' }) codes!: number;
}
