/** Response shapes shared by several modules (OpenAPI schemas for the web app's generated types). */
import { ApiProperty } from '@nestjs/swagger';

export const DATA_DATES_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string', format: 'date', nullable: true },
  description:
    'Newest period (YYYY-MM-DD) of each feed behind the figures, null when never received',
  example: { dtks: '2024-06-01', rujukan: '2024-06-28' },
} as const;

export class StampedDto {
  @ApiProperty(DATA_DATES_SCHEMA)
  data_dates!: Record<string, string | null>;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'As-of date of the ETL run',
  })
  as_of!: string | null;
}

export class AreaRefDto {
  @ApiProperty({ example: '62.03.01' }) code!: string;
  @ApiProperty({ example: 'Selat' }) name!: string;
  @ApiProperty({ enum: ['provinsi', 'kabupaten', 'kecamatan', 'desa'] }) level!: string;
}

export class ErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: "Parameter 'period' harus berformat YYYY-MM (contoh 2024-06) / …" })
  message!: string;
}
