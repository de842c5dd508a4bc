import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../api/client.js';
import { homePath, mayRead, ownArea, readsFigures, viewsFor } from './session.js';

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

describe('what a CAMAT or PUSKESOS account may open', () => {
  const camat = user('CAMAT', '62.03.01');
  const puskesos = user('PUSKESOS', '62.03.01.1010');
  it('reads its own area and what lies inside it, nothing else', () => {
    expect(mayRead(camat, '62.03.01')).toBe(true);
    expect(mayRead(camat, '62.03.01.1006')).toBe(true);
    expect(mayRead(camat, '62.03.06')).toBe(false);
    expect(mayRead(camat, '62.03')).toBe(false);
    // a code that merely starts with the same digits is another kecamatan
    expect(mayRead(user('CAMAT', '62.03.1'), '62.03.10')).toBe(false);
    expect(mayRead(puskesos, '62.03.01.1010')).toBe(true);
    expect(mayRead(puskesos, '62.03.01.1006')).toBe(false);
    expect(mayRead(puskesos, '62.03.01')).toBe(false);
    expect(mayRead(user('ADMIN', null), '62.03')).toBe(true);
  });
  it('starts on its own page: the kecamatan, or the desa page', () => {
    expect(homePath(camat)).toBe('/kecamatan/62.03.01');
    expect(homePath(puskesos)).toBe('/desa/62.03.01.1010');
    expect(homePath(user('PIMPINAN', null))).toBeNull();
    expect(homePath(user('OPD', null))).toBe('/rujukan');
  });
  it('gets only the views it can use', () => {
    expect(viewsFor(puskesos)).toEqual(['desa', 'rujukan']);
    expect(viewsFor(camat)).not.toContain('anggaran');
    expect(viewsFor(camat)).not.toContain('presentasi');
    expect(viewsFor(user('ADMIN', null))).toBeNull();
    expect(viewsFor(user('OPD', null))).toEqual(['rujukan', 'pokja']);
    expect(readsFigures(user('OPD', null))).toBe(false);
    expect(readsFigures(user('PUSKESOS', '62.03.01.1010'))).toBe(true);
  });
});
