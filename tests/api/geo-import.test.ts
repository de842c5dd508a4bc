/**
 * Boundary import over HTTP against the real API on the sample data folder (Kapuas): upload of
 * the UTM 50S Shapefile fixture, report, preview, matching again by names, accept (every map gets
 * the imported polygons, the attribution names the file), back to the shipped boundaries, and the
 * errors an admin can meet (Bahasa Indonesia first).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import {
  apiFetch,
  getJson,
  login,
  postJson,
  type Body,
  type RunningApi,
  startSampleApi,
} from './support.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'tests/fixtures/geo', name));

let api: RunningApi;
beforeAll(async () => {
  api = await startSampleApi('geo-import', { RATE_LIMIT: '0' });
});
afterAll(async () => {
  await api?.close();
});

async function upload(
  name: string,
  bytes: Buffer,
  query = '',
  cookie?: string,
): Promise<{ status: number; body: Body }> {
  const form = new FormData();
  form.append('berkas', new Blob([bytes]), name);
  const res = await apiFetch(`${api.url}/api/geo/imports${query}`, {
    method: 'POST',
    body: form,
    headers: cookie ? { cookie } : {},
  });
  return { status: res.status, body: await res.json() };
}

describe('boundary import API', () => {
  let id = '';

  it('reports an uploaded UTM Shapefile matched by its code column, with a preview', async () => {
    const res = await upload(
      'kapuas-selat-utm50s.zip',
      fixture('kapuas-selat-utm50s.zip'),
      '?code_column=KDEPUM',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(res.body.created_by).toBe('admin');
    expect(res.body.report).toMatchObject({
      file: 'kapuas-selat-utm50s.zip',
      reprojected: true,
      polygons: 13,
      matched: 11,
      areas_matched: 10,
      unmatched: { count: 2 },
      missing: { count: 221 },
      duplicates: [{ code: '62.03.01.1010', polygons: 2 }],
    });
    const preview = await getJson(`${api.url}/api/geo/imports/${id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.transform).toBeDefined();
    expect(preview.body.objects.desa.geometries).toHaveLength(10);
    expect(preview.body.objects.unmatched.geometries).toHaveLength(2);
    const list = await getJson(`${api.url}/api/geo/imports`);
    expect(list.body.region).toEqual({ code: '62.03', name: 'Kabupaten Kapuas' });
    expect(list.body.active).toEqual([]);
    expect(list.body.pending.map((p: Body) => p.id)).toEqual([id]);
  });

  it('matches the stored upload again by names', async () => {
    const res = await postJson(`${api.url}/api/geo/imports/${id}/match`, { level: 'desa' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.report).toMatchObject({
      match_by: 'name',
      name_column: 'WADMKD',
      kecamatan_column: 'WADMKC',
      matched: 11,
      unmatched: { by_reason: { NAMA_TIDAK_DIKENAL: 1, KECAMATAN_TIDAK_DIKENAL: 1 } },
    });
    const bad = await postJson(`${api.url}/api/geo/imports/${id}/match`, { code_column: 'KODE' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Kolom kode 'KODE' tidak ada.*KDEPUM/);
  });

  it('accepts: every map gets the imported polygons and names their source', async () => {
    const before = await getJson(`${api.url}/api/geo`);
    expect(before.body.sources).toEqual([
      { layer: 'desa', kind: 'shipped', file: null, imported_by: null, imported_at: null },
      { layer: 'kecamatan', kind: 'shipped', file: null, imported_by: null, imported_at: null },
    ]);
    const res = await postJson(`${api.url}/api/geo/imports/${id}/accept`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      level: 'desa',
      region: '62.03',
      file: 'kapuas-selat-utm50s.zip',
      imported_by: 'admin',
    });
    expect(existsSync(path.join(dataFolder(api.dataDir).geoOf('62.03'), 'desa.topo.json'))).toBe(
      true,
    );
    const after = await getJson(`${api.url}/api/geo`);
    expect(after.body.objects.desa.geometries).toHaveLength(231); // 10 imported, 221 shipped
    expect(after.body.objects.kecamatan.geometries).toHaveLength(17);
    const kinds = after.body.sources.map((s: Body) => `${s.layer}:${s.kind}:${s.file ?? ''}`);
    expect(kinds).toEqual([
      'desa:imported:kapuas-selat-utm50s.zip',
      'desa:shipped:',
      'kecamatan:imported:kapuas-selat-utm50s.zip', // Selat, from its 10 desa
      'kecamatan:shipped:',
    ]);
    expect(after.body.arcs).not.toEqual(before.body.arcs);
    const missing = await getJson(`${api.url}/api/geo/missing`);
    expect(missing.body.rows).toEqual([]);
    const pending = await getJson(`${api.url}/api/geo/imports`);
    expect(pending.body.pending).toEqual([]);
    expect(pending.body.active.map((r: Body) => r.file)).toEqual(['kapuas-selat-utm50s.zip']);
    const audit = await getJson(`${api.url}/api/audit?limit=20`);
    expect(JSON.stringify(audit.body)).toContain('BATAS_TERIMA');
    expect((await getJson(`${api.url}/api/geo/imports/${id}`)).status).toBe(404);
  });

  it('goes back to the shipped boundaries', async () => {
    const res = await apiFetch(`${api.url}/api/geo/boundaries/desa`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    const geo = await getJson(`${api.url}/api/geo`);
    expect(geo.body.sources.every((s: Body) => s.kind === 'shipped')).toBe(true);
    const again = await apiFetch(`${api.url}/api/geo/boundaries/desa`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('says what to fix', async () => {
    const json = await postJson(`${api.url}/api/geo/imports`, { berkas: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/multipart\/form-data/);
    const shp = await upload('desa.shp', Buffer.from('x'));
    expect(shp.status).toBe(400);
    expect(shp.body.message).toMatch(/satu berkas \.zip yang berisi \.shp, \.shx, \.dbf dan \.prj/);
    const level = await upload('a.geojson', fixture('kapuas-hilir-nama.geojson'), '?level=rt');
    expect(level.status).toBe(400);
    expect(level.body.message).toMatch(/'level' harus desa atau kecamatan/);
    const big = await upload('besar.zip', Buffer.alloc(51 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/Berkas lebih dari 50 MB/);
    // nothing matched: reported, not accepted
    const none = await upload(
      'kapuas-hilir-nama.geojson',
      fixture('kapuas-hilir-nama.geojson'),
      '?name_column=KECAMATAN',
    );
    expect(none.status, JSON.stringify(none.body)).toBe(201);
    expect(none.body.report.matched).toBe(0);
    const refused = await postJson(`${api.url}/api/geo/imports/${none.body.id}/accept`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/Tidak ada poligon yang cocok/);
    expect((await getJson(`${api.url}/api/geo/imports/../etc`)).status).toBe(404);
    expect((await getJson(`${api.url}/api/geo/imports/0123456789abcdef`)).status).toBe(404);
  });

  it('is for admins only', async () => {
    const made = await postJson(`${api.url}/api/users`, {
      username: 'sekda',
      role: 'PIMPINAN',
      password: 'Pimpinan-Uji-Kapuas-77',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const cookie = await login(api.url, 'sekda', 'Pimpinan-Uji-Kapuas-77');
    const res = await upload('a.geojson', fixture('kapuas-hilir-nama.geojson'), '', cookie);
    expect(res.status).toBe(403);
    const geo = await apiFetch(`${api.url}/api/geo`, { headers: { cookie } });
    expect(geo.status).toBe(200);
  });
});
