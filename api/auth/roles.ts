/**
 * Who may see what (issue 6, UU PDP 27/2022: each person sees what their role needs). Pure
 * functions over the session user, so the rules are unit-testable and the guard stays thin.
 *
 * ADMIN (Dinas Sosial) everything; PIMPINAN (Sekda, Bappeda, Kadinsos) reads everything — on a
 * province instance a PIMPINAN may instead be bound to one kabupaten/kota (its Bupati, Sekda or
 * Kadinsos); CAMAT its kecamatan (read, Pokja meetings/actions there); OPD its agency (referral figures
 * everywhere, actions assigned to it); PUSKESOS its desa.
 */
export const ROLES = ['ADMIN', 'PIMPINAN', 'CAMAT', 'OPD', 'PUSKESOS'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  /** CAMAT: kecamatan code; PUSKESOS: desa code; PIMPINAN: kabupaten code or null; else null. */
  area_code: string | null;
  /** OPD: agency code (lembaga_tujuan / owner_opd); else null. */
  opd: string | null;
  display_name: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The area a user is limited to; null = the whole served region. */
export function areaScope(user: SessionUser): string | null {
  return user.role === 'CAMAT' || user.role === 'PUSKESOS' || user.role === 'PIMPINAN'
    ? user.area_code
    : null;
}

/** True when `code` is the user's area or lies inside it (dotted Kemendagri codes). */
export function inScope(user: SessionUser, code: string): boolean {
  const scope = areaScope(user);
  return scope === null || code === scope || code.startsWith(`${scope}.`);
}

/**
 * What an account must carry for its role on the instance serving `region`; null when consistent.
 * An ADMIN is never bound to an area: it runs the whole instance (data, users, ETL).
 */
export function accountProblem(
  role: Role,
  area: string | null,
  opd: string | null,
  region: string,
): string | null {
  if (role === 'CAMAT' && !/^\d{2}\.\d{2}\.\d{2}$/.test(area ?? ''))
    return "Peran CAMAT butuh 'area' = kode kecamatan (contoh 62.03.01) / CAMAT needs a kecamatan code";
  if (role === 'PUSKESOS' && !/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(area ?? ''))
    return "Peran PUSKESOS butuh 'area' = kode desa (contoh 62.03.01.1010) / PUSKESOS needs a desa code";
  if (role === 'OPD' && !/^[A-Z][A-Z0-9_]{1,39}$/.test(opd ?? ''))
    return "Peran OPD butuh 'opd' = kode lembaga (contoh DINSOS) / OPD needs an agency code";
  if (role === 'PIMPINAN' && area !== null && !opd) {
    if (!/^\d{2}$/.test(region))
      return (
        `Peran PIMPINAN di instans kabupaten/kota tidak dibatasi wilayah; kosongkan 'area' / ` +
        'PIMPINAN has no area on a kabupaten instance'
      );
    if (!new RegExp(`^${region}\\.\\d{2}$`).test(area))
      return (
        `Peran PIMPINAN: 'area' harus kode kabupaten/kota di provinsi ${region} (contoh ${region}.03) ` +
        `atau kosong untuk seluruh provinsi / PIMPINAN's area must be a kabupaten of ${region}`
      );
    return null;
  }
  if ((role === 'ADMIN' || role === 'PIMPINAN') && (area || opd))
    return `Peran ${role} tidak dibatasi wilayah atau OPD / ${role} has no area or agency`;
  return null;
}
