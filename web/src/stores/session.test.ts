import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../api/client.js';
import { ownArea } from './session.js';

const user = (role: SessionUser['role'], area_code: string | null): SessionUser => ({
  id: 1,
  username: 'u',
  role,
  area_code,
  opd: null,
  display_name: '',
});

describe('ownArea: where a CAMAT or PUSKESOS account lands', () => {
  it('a CAMAT lands on its kecamatan', () => {
    expect(ownArea(user('CAMAT', '62.03.01'))).toEqual({ kecamatan: '62.03.01' });
  });
  it('a PUSKESOS lands on its desa inside its kecamatan', () => {
    expect(ownArea(user('PUSKESOS', '62.03.01.1010'))).toEqual({
      kecamatan: '62.03.01',
      desa: '62.03.01.1010',
    });
  });
  it('other roles keep the kabupaten default', () => {
    expect(ownArea(user('ADMIN', null))).toBeNull();
    expect(ownArea(user('OPD', null))).toBeNull();
    expect(ownArea(null)).toBeNull();
  });
});
