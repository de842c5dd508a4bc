import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from './roles.js';

export class SessionUserDto {
  @ApiProperty() id!: number;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES }) role!: (typeof ROLES)[number];
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'CAMAT: kecamatan code; PUSKESOS: desa code; PIMPINAN: kabupaten code (province instance) or null; else null',
  })
  area_code!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'OPD: agency code; else null' })
  opd!: string | null;
  @ApiProperty() display_name!: string;
}

export class OwnAreaDto {
  @ApiProperty({ example: '62.03' }) kabupaten!: string;
  @ApiProperty({ type: String, nullable: true, example: '62.03.01' }) kecamatan!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '62.03.01.1010' }) desa!: string | null;
}

/** api/auth/views.ts `accessOf`: what the account may see, from policy.ts and roles.ts. */
export class AccessDto {
  @ApiProperty({
    type: [String],
    example: ['kecamatan', 'desa', 'rujukan'],
    description: 'Route names of the web app the account may open, in menu order',
  })
  views!: string[];
  @ApiProperty({ example: 'kecamatan', description: 'The first of views: where it starts' })
  home!: string;
  @ApiProperty({
    type: OwnAreaDto,
    nullable: true,
    description:
      'PIMPINAN of a kabupaten, CAMAT and PUSKESOS: the own area; null = the whole served region',
  })
  area!: OwnAreaDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'OPD: its agency code' })
  opd!: string | null;
  @ApiProperty({ description: 'May read scorecards, values and series' })
  figures!: boolean;
}

export class MeDto {
  @ApiProperty({ type: SessionUserDto }) user!: SessionUserDto;
  @ApiProperty({ type: AccessDto }) access!: AccessDto;
}
