import { ApiProperty } from '@nestjs/swagger';
import { AGENCY_FIELDS, cakupanIndicators } from '../../warehouse/catalogue.js';
import { ArrowColumns } from '../common/arrow.js';
import { AreaRefDto, DATA_DATES_SCHEMA, StampedDto } from '../common/dto.js';
import type { Level } from '../common/params.js';
import { LevelField, PeriodField, PublikField, TextField } from '../common/request-dto.js';

/** `publik` of the figure endpoints (common/small-count.ts). */
const Publik = () =>
  PublikField(
    'true: desa-level counts of 1 to SMALL_COUNT_THRESHOLD − 1 people (and the figures that would ' +
      'give them back, other desa of the kecamatan included) are null with suppressed: true ' +
      '(presentation mode, public exports)',
  );

export class ValuesQueryDto {
  @LevelField(['kabupaten', 'kecamatan', 'desa']) level?: Level;
  @TextField({ description: 'Area code; default the served region' }) parent?: string;
  @PeriodField({ description: 'YYYY-MM; default the latest period' }) period?: string;
  @Publik() publik!: boolean;
}

export class SeriesQueryDto {
  @TextField() area?: string;
  @PeriodField({ description: 'YYYY-MM' }) from?: string;
  @PeriodField({ description: 'YYYY-MM' }) to?: string;
  @Publik() publik!: boolean;
}

export class ScorecardQueryDto {
  @TextField() area?: string;
  @PeriodField({ description: 'YYYY-MM' }) period?: string;
  @Publik() publik!: boolean;
}

/** The `suppressed` flag of a row of figures (publik=true): one description for every DTO. */
const SuppressedFlag = () =>
  ApiProperty({
    required: false,
    description:
      'Only with publik=true: true when the figures of this row were withheld (a desa count of ' +
      '1 to SMALL_COUNT_THRESHOLD − 1 people, or a desa withheld with it so that the kecamatan ' +
      'total does not give it back); shown as "< 5"',
  });

export class LocalisedTextDto {
  @ApiProperty() id!: string;
  @ApiProperty() en!: string;
}

export class IndicatorDto {
  @ApiProperty({ example: cakupanIndicators[0] }) id!: string;
  @ApiProperty({ type: LocalisedTextDto }) label!: LocalisedTextDto;
  @ApiProperty({ enum: ['count', 'percent', 'days', 'rupiah'] }) unit!: string;
  @ApiProperty({ enum: ['higher_better', 'lower_better'] }) direction!: string;
  @ApiProperty({ type: Number, nullable: true }) default_target!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Kabupaten target set by an admin, else default_target',
  })
  target!: number | null;
  @ApiProperty({ enum: ['rujukan', 'dtks', 'cakupan', 'anggaran'] }) category!: string;
  @ApiProperty({ type: LocalisedTextDto }) description!: LocalisedTextDto;
  @ApiProperty({
    type: [String],
    example: ['dtks', 'bpjs_kesehatan'],
    description: 'Feeds the indicator is computed from (keys of data_dates)',
  })
  feeds!: string[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Position of the indicator among the columns of GET /api/coverage/gaps (null: not one)',
  })
  gap_column!: number | null;
  @ApiProperty({ description: "Shown on the coverage page's map and tiles" })
  cakupan_map!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Position among the trend charts a desa page shows first (null: not one)',
  })
  desa_trend!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "Position among the columns of the coverage page's inclusion check (null: not one); the " +
      'first column picks the desa listed (above 0) and gives the total',
  })
  inclusion_column!: number | null;
  @ApiProperty({ description: 'One of the coverage gaps a Pokja agenda ranks desa by' })
  agenda_gap!: boolean;
  @ApiProperty({
    type: String,
    enum: Object.keys(AGENCY_FIELDS),
    nullable: true,
    description: 'The field of an agency row of GET /api/rujukan this indicator fills',
  })
  agency_field!: string | null;
  @ApiProperty({ description: 'Charted month by month on the Rujukan page' })
  rujukan_trend!: boolean;
  @ApiProperty({
    description: 'The figures count areas (desa), not people: no small-count rule applies',
  })
  area_count!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The action list of the people or households this gap counts per desa ' +
      '(GET /api/daftar/{indicator}), else null',
  })
  action_list!: string | null;
}

export class IndicatorListDto {
  @ApiProperty({ type: [IndicatorDto] }) indicators!: IndicatorDto[];
}

export class RegionDto extends AreaRefDto {}

export class CodesDto {
  @ApiProperty({ type: [String], example: ['DINSOS', 'DINKES'] }) lembaga_tujuan!: string[];
  @ApiProperty({
    type: [String],
    example: ['DITERIMA', 'DIRUJUK', 'DITINDAKLANJUTI', 'SELESAI', 'DITOLAK'],
    description: 'In the order a complaint moves',
  })
  status!: string[];
  @ApiProperty({ type: [String], example: ['KESEHATAN', 'PENDIDIKAN'] }) kategori!: string[];
  @ApiProperty({ type: [String], example: ['PUSKESOS', 'SLRT'] }) kanal!: string[];
}

export class MetaDto {
  @ApiProperty({ type: RegionDto }) region!: RegionDto;
  @ApiProperty({ type: String, format: 'date', nullable: true }) as_of!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2024-06' }) latest_period!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2024-07',
    description:
      'The as-of month while it is in progress (the as-of date is not its last day): selectable, ' +
      'its figures cover the month up to as_of only; null when the as-of month is complete',
  })
  in_progress_period!: string | null;
  @ApiProperty({ type: [String], example: ['2024-05', '2024-06'] }) periods!: string[];
  @ApiProperty(DATA_DATES_SCHEMA) data_dates!: Record<string, string | null>;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Map tile URL template (TILE_URL) where internet exists; null = boundaries only',
  })
  tile_url!: string | null;
  @ApiProperty({
    description:
      'SMALL_COUNT_THRESHOLD: with publik=true, desa counts of 1 to this − 1 are withheld (0 = off)',
    example: 5,
  })
  small_count_threshold!: number;
  @ApiProperty({
    type: CodesDto,
    description: 'The codes of the rujukan feed (warehouse/codes.ts); labels are the client’s',
  })
  codes!: CodesDto;
}

export class ValueRowDto {
  @ApiProperty({ example: '62.03.01.1010' }) code!: string;
  @ApiProperty({ example: 'Selat Dalam' }) name!: string;
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @SuppressedFlag() suppressed?: boolean;
}

export class ValuesDto extends StampedDto {
  @ApiProperty({ type: IndicatorDto }) indicator!: IndicatorDto;
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ enum: ['kabupaten', 'kecamatan', 'desa'] }) level!: string;
  @ApiProperty({ example: '62.03' }) parent!: string;
  @ApiProperty({ type: [ValueRowDto] }) rows!: ValueRowDto[];
}

export class SeriesRowDto {
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @SuppressedFlag() suppressed?: boolean;
}

export class SeriesDto extends StampedDto {
  @ApiProperty({ type: IndicatorDto }) indicator!: IndicatorDto;
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ type: [SeriesRowDto] }) rows!: SeriesRowDto[];
}

export class ScorecardRowDto {
  /** In Arrow the indicator's id alone (the catalogue entry is `GET /api/indicators`'s). */
  @ApiProperty({ type: IndicatorDto })
  @ArrowColumns({ indicator_id: 'utf8' })
  indicator!: IndicatorDto;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) target!: number | null;
  @ApiProperty({ type: String, enum: ['on_target', 'near', 'off'], nullable: true }) status!:
    string | null;
  @ApiProperty({ type: Number, nullable: true }) previous_value!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'value − previous_value' }) change!:
    number | null;
  @SuppressedFlag() suppressed?: boolean;
  @ApiProperty({
    required: false,
    description: 'Only with publik=true: previous_value (and so change) withheld',
  })
  previous_suppressed?: boolean;
}

export class ScorecardDto extends StampedDto {
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ example: '2024-06' }) period!: string;
  @ApiProperty({ example: '2024-05' }) previous_period!: string;
  @ApiProperty({ type: [ScorecardRowDto] }) rows!: ScorecardRowDto[];
}
