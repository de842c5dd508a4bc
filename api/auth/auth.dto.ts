import { ApiProperty } from '@nestjs/swagger';
import { badRequest } from '../common/params.js';
import { CheckedByServiceField, Field } from '../common/request-dto.js';
import { ROLES } from './roles.js';

// Requests --------------------------------------------------------------------------------------

function credential(_name: string, raw: unknown): string {
  if (typeof raw !== 'string' || !raw)
    badRequest("Kirim 'username' dan 'password'", "send 'username' and 'password'");
  return raw;
}

export class LoginBodyDto {
  @Field(credential, { type: String, example: 'admin' }) username!: string;
  @Field(credential, { type: String }) password!: string;
}

/** Both checked by AuthService: the current one counts as a failed login, the new one by password.ts. */
export class PasswordBodyDto {
  @CheckedByServiceField({ type: String }) current_password!: unknown;
  @CheckedByServiceField({ type: String, description: 'The rules of auth/password.ts' })
  new_password!: unknown;
}

/** Checked by AuthService.createUser, the one rule for the API and `npm run user`. */
export class CreateUserBodyDto {
  @CheckedByServiceField({ type: String }) username!: unknown;
  @CheckedByServiceField({ type: String }) password!: unknown;
  @CheckedByServiceField({ enum: [...ROLES] }) role!: unknown;
  @CheckedByServiceField({
    type: String,
    required: false,
    description: 'CAMAT: kecamatan code; PUSKESOS: desa code',
  })
  area!: unknown;
  @CheckedByServiceField({ type: String, required: false, description: 'OPD: agency code' })
  opd!: unknown;
  @CheckedByServiceField({ type: String, required: false }) display_name!: unknown;
}

export class ActiveBodyDto {
  @Field(
    (_name, raw) =>
      typeof raw === 'boolean'
        ? raw
        : badRequest("Kirim 'active': true/false", "send 'active': true/false"),
    { type: Boolean },
  )
  active!: boolean;
}

const EXPORT_FORMATS = ['csv', 'xlsx', 'png'];

export class ExportAuditBodyDto {
  @Field(
    (name, raw) =>
      typeof raw === 'string' && /^[\w./?=&%:,-]{1,200}$/.test(raw)
        ? raw
        : badRequest(
            `'${name}' harus nama atau alamat tampilan (≤ 200 huruf)`,
            `'${name}' must name the exported view (≤ 200 characters)`,
          ),
    { type: String, example: '/kecamatan/62.03.01', description: 'The exported view' },
  )
  view!: string;
  @Field(
    (name, raw) =>
      typeof raw === 'string' && EXPORT_FORMATS.includes(raw)
        ? raw
        : badRequest(
            `'${name}' harus ${EXPORT_FORMATS.join(', ')}`,
            `'${name}' must be one of those`,
          ),
    { enum: EXPORT_FORMATS },
  )
  format!: string;
  /** Tables: publik (small desa counts withheld, api/README.md "Small counts") or internal. */
  @Field(
    (name, raw) =>
      raw === undefined || raw === 'publik' || raw === 'internal'
        ? raw
        : badRequest(
            `'${name}' harus publik atau internal`,
            `'${name}' must be publik or internal`,
          ),
    { enum: ['publik', 'internal'], required: false },
  )
  mode?: 'publik' | 'internal';
}

export class AuditQueryDto {
  @Field(
    (name, raw) => {
      const n = raw === undefined ? 500 : Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 5000)
        badRequest(`'${name}' harus bilangan bulat 1–5000`, `'${name}' must be an integer 1–5000`);
      return n;
    },
    { type: Number, required: false, description: 'Newest rows, 1–5000; default 500' },
  )
  limit!: number;
}

// Responses -------------------------------------------------------------------------------------

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
