import { describe, expect, it } from 'vitest';
import { areaCrumbs, areaRoute, childLevel } from './areas.js';

const q = { periode: '2024-06' };
const kalteng = { code: '62', name: 'Kalimantan Tengah', level: 'provinsi' as const };
const kapuas = { code: '62.03', name: 'Kabupaten Kapuas', level: 'kabupaten' as const };
const selat = { code: '62.03.01', name: 'Selat', level: 'kecamatan' as const };

describe('areas: levels, routes and breadcrumbs of a kabupaten or province instance', () => {
  it('goes one level down, desa last', () => {
    expect(childLevel('provinsi')).toBe('kabupaten');
    expect(childLevel('kabupaten')).toBe('kecamatan');
    expect(childLevel('kecamatan')).toBe('desa');
    expect(childLevel('desa')).toBeNull();
  });

  it('routes the served region to the summary, a kabupaten of a province to its own', () => {
    expect(areaRoute(kapuas, '62.03', q)).toEqual({ name: 'ringkasan', query: q });
    expect(areaRoute(kapuas, '62', q)).toEqual({
      name: 'kabupaten',
      params: { code: '62.03' },
      query: q,
    });
    expect(areaRoute(selat, '62', q)).toMatchObject({ name: 'kecamatan' });
    expect(areaRoute({ code: '62.03.01.1010', level: 'desa' }, '62')).toMatchObject({
      name: 'desa',
      params: { kode: '62.03.01.1010' },
    });
  });

  it('leads from the region down through the ancestors below it', () => {
    const onProvince = areaCrumbs(kalteng, [kalteng, kapuas, selat], q, (a) => `· ${a.name}`);
    expect(onProvince.map((c) => c.label)).toEqual([
      'Kalimantan Tengah',
      '· Kabupaten Kapuas',
      '· Selat',
    ]);
    expect(onProvince[1]!.to).toMatchObject({ name: 'kabupaten' });
    // On a kabupaten instance the province above the region is not shown.
    const onKabupaten = areaCrumbs(kapuas, [kalteng, kapuas, selat], q, (a) => a.name);
    expect(onKabupaten.map((c) => c.label)).toEqual(['Kabupaten Kapuas', 'Selat']);
    expect(onKabupaten[0]!.to).toEqual({ name: 'ringkasan', query: q });
    const unreadable = areaCrumbs(
      kalteng,
      [kalteng, kapuas],
      q,
      (a) => a.name,
      (c) => c !== '62',
    );
    expect(unreadable[0]!.to).toBeUndefined();
    expect(unreadable[1]!.to).toBeDefined();
  });
});
