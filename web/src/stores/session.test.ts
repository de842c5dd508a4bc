import { describe, expect, it } from 'vitest';
import type { Access } from '../api/client.js';
import { homePath, mayRead, ownArea, readsFigures, viewsFor } from './session.js';

// What GET /api/auth/me sends (api/auth/views.ts; tests/api/auth.test.ts checks it per role).
const ALL = ['ringkasan', 'kecamatan', 'desa', 'rujukan', 'cakupan', 'anggaran', 'data'];
const admin: Access = { views: ALL, home: 'ringkasan', area: null, opd: null, figures: true };
const camat: Access = {
  views: ['kecamatan', 'desa', 'rujukan', 'cakupan', 'pokja', 'pokja-rapat', 'pokja-brief'],
  home: 'kecamatan',
  area: { kabupaten: '62.03', kecamatan: '62.03.01', desa: null },
  opd: null,
  figures: true,
};
const puskesos: Access = {
  views: ['desa', 'rujukan'],
  home: 'desa',
  area: { kabupaten: '62.03', kecamatan: '62.03.01', desa: '62.03.01.1010' },
  opd: null,
  figures: true,
};
/** A PIMPINAN bound to one kabupaten of a province instance (REGION_CODE=62). */
const pimpinanKab: Access = {
  views: ['kabupaten', 'kecamatan', 'desa', 'daftar', 'rujukan', 'cakupan'],
  home: 'kabupaten',
  area: { kabupaten: '62.03', kecamatan: null, desa: null },
  opd: null,
  figures: true,
};
const opd: Access = {
  views: ['rujukan', 'pokja'],
  home: 'rujukan',
  area: null,
  opd: 'DINSOS',
  figures: false,
};

describe('ownArea: where a CAMAT or PUSKESOS account lands', () => {
  it('is the area the API sends', () => {
    expect(ownArea(camat)).toEqual({ kabupaten: '62.03', kecamatan: '62.03.01', desa: null });
    expect(ownArea(puskesos)).toEqual({
      kabupaten: '62.03',
      kecamatan: '62.03.01',
      desa: '62.03.01.1010',
    });
  });
  it('other roles keep the kabupaten default', () => {
    expect(ownArea(admin)).toBeNull();
    expect(ownArea(opd)).toBeNull();
    expect(ownArea(null)).toBeNull();
  });
});

describe('what a CAMAT or PUSKESOS account may open', () => {
  it('reads its own area and what lies inside it, nothing else', () => {
    expect(mayRead(camat, '62.03.01')).toBe(true);
    expect(mayRead(camat, '62.03.01.1006')).toBe(true);
    expect(mayRead(camat, '62.03.06')).toBe(false);
    expect(mayRead(camat, '62.03')).toBe(false);
    // a code that merely starts with the same digits is another kecamatan
    const short = { ...camat, area: { kabupaten: '62.03', kecamatan: '62.03.1', desa: null } };
    expect(mayRead(short, '62.03.10')).toBe(false);
    expect(mayRead(puskesos, '62.03.01.1010')).toBe(true);
    expect(mayRead(puskesos, '62.03.01.1006')).toBe(false);
    expect(mayRead(puskesos, '62.03.01')).toBe(false);
    expect(mayRead(admin, '62.03')).toBe(true);
  });
  it('starts on its own page: the kecamatan, or the desa page', () => {
    expect(homePath(camat)).toBe('/kecamatan/62.03.01');
    expect(homePath(puskesos)).toBe('/desa/62.03.01.1010');
    expect(homePath(admin)).toBeNull();
    expect(homePath(opd)).toBe('/rujukan');
    expect(homePath(null)).toBeNull();
  });
  it('gets only the views the API lists', () => {
    expect(viewsFor(puskesos)).toEqual(['desa', 'rujukan']);
    expect(viewsFor(camat)).not.toContain('anggaran');
    expect(viewsFor(opd)).toEqual(['rujukan', 'pokja']);
    expect(viewsFor(null)).toBeNull();
    expect(readsFigures(opd)).toBe(false);
    expect(readsFigures(puskesos)).toBe(true);
  });
});

describe('a PIMPINAN of one kabupaten on a province instance', () => {
  it('starts on its kabupaten and reads what lies inside it, nothing else', () => {
    expect(homePath(pimpinanKab)).toBe('/kabupaten/62.03');
    expect(mayRead(pimpinanKab, '62.03')).toBe(true);
    expect(mayRead(pimpinanKab, '62.03.01.1010')).toBe(true);
    expect(mayRead(pimpinanKab, '62')).toBe(false);
    expect(mayRead(pimpinanKab, '62.71')).toBe(false);
  });
});
