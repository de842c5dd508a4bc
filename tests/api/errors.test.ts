/**
 * Every bad input gets a 400 (or 404 for unknown ids and areas) with `{statusCode, error,
 * message}` and a message that says what to send instead; never a 500, never internals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFetch,
  type Body,
  getJson,
  postJson,
  type RunningApi,
  startSampleApi,
} from './support.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startSampleApi('errors');
});
afterAll(async () => api?.close());

function expectError(res: { status: number; body: Body }, status: number, hint: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(res.body.statusCode).toBe(status);
  expect(res.body.message).toMatch(hint);
  expect(res.body.message).not.toMatch(/SELECT|duckdb|\/work\/|\bat .*\.js/i);
}

const get = (path: string) => getJson(`${api.url}${path}`);
const V = '/api/indicators/pbi_sasaran_pct/values';

describe('400 for bad parameters', () => {
  it.each([
    [`${V}?level=rt`, /'level' harus salah satu dari provinsi, kabupaten, kecamatan, desa/],
    [`${V}?level=kabupaten`, /di bawah level wilayah induk 62\.03.*level=kecamatan/],
    [`${V}?parent=62.03.01.1010`, /desa tidak punya wilayah di bawahnya/],
    [`${V}?period=2024-6`, /'period' harus berformat YYYY-MM \(contoh 2024-06\)/],
    [`${V}?period=2024-13`, /YYYY-MM/],
    [
      `${V}?period=2019-01`,
      /Periode 2019-01 tidak tersedia; periode yang ada: 2024-\d\d s\.d\. 2024-07/,
    ],
    [`${V}?period=2024-06&period=2024-05`, /'period' harus berformat|hanya boleh diberikan sekali/],
    [`${V}?parent=62.03;DROP`, /'parent' harus kode wilayah Kemendagri bertitik/],
    [`${V}?parent=6203`, /kode wilayah Kemendagri bertitik \(contoh 62\.03/],
    [
      '/api/indicators/pbi_sasaran_pct/series?from=2024-06&to=2024-01',
      /'from' \(2024-06\) harus sebelum 'to'/,
    ],
    ['/api/indicators/pbi_sasaran_pct/series?from=juni', /'from' harus berformat YYYY-MM/],
    ['/api/scorecard?period=06-2024', /YYYY-MM/],
    ['/api/areas', /'q' wajib, minimal 2 huruf/],
    ['/api/areas?q=a', /minimal 2 huruf/],
    ['/api/areas/abc', /kode wilayah Kemendagri bertitik/],
    ['/api/coverage/gaps?area=62.03.01.1010', /'area' harus provinsi, kabupaten atau kecamatan/],
    ['/api/coverage/gaps?sort=nik', /'sort' harus salah satu dari gap_jkn_sasaran/],
    ['/api/rujukan/breakdown?period=2024', /YYYY-MM/],
    ['/api/etl/rejects?feed=../../etc', /'feed' harus nama feed/],
  ])('GET %s', async (path, hint) => {
    expectError(await get(path), 400, hint);
  });

  it.each([
    ['[1, 2]', /Isi permintaan harus objek JSON/],
    ['{"max_desil": 11}', /'max_desil' harus bilangan bulat 1–10/],
    ['{"max_desil": 2.5}', /bilangan bulat/],
    ['{"premi_pbi": -1}', /'premi_pbi' harus angka 0–10000000/],
    ['{"premi_bpu": "16800"}', /'premi_bpu' harus angka/],
    ['{"kecamatan": "62.03.01"}', /'kecamatan' harus daftar kode kecamatan/],
    [
      '{"kecamatan": ["62.03.99", "62.71.01"]}',
      /Kode kecamatan tidak dikenal di wilayah 62\.03: 62\.03\.99, 62\.71\.01/,
    ],
    ['{"period": "2024/06"}', /'period' harus berformat YYYY-MM/],
    ['{bukan json', /Isi permintaan bukan JSON yang valid/],
  ])('POST /api/budget/simulate %s', async (body, hint) => {
    expectError(await postJson(`${api.url}/api/budget/simulate`, body), 400, hint);
  });
});

describe('400 from the request DTOs of the other endpoints (api/common/request-dto.ts)', () => {
  it.each([
    ['/api/audit?limit=0', /'limit' harus bilangan bulat 1–5000/],
    ['/api/audit?limit=abc', /'limit' harus bilangan bulat 1–5000/],
    ['/api/agregat', /format harus salah satu dari datavaluesets, adx, paket/],
    ['/api/agregat?format=adx&kecil=semua', /kecil harus tahan atau kirim/],
    ['/api/pokja/actions?kecamatan=62.03.01&kecamatan=62.03.02', /'kecamatan' hanya boleh/],
  ])('GET %s', async (path, hint) => {
    expectError(await get(path), 400, hint);
  });

  const send = async (method: string, path: string, body: unknown) => {
    const res = await apiFetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it.each([
    ['POST', '/api/audit/export', { view: '<script>', format: 'png' }, /'view' harus nama/],
    ['POST', '/api/audit/export', { view: 'peta', format: 'pdf' }, /'format' harus csv, xlsx, png/],
    [
      'POST',
      '/api/audit/export',
      { view: 'peta', format: 'csv', mode: 'rahasia' },
      /'mode' harus publik atau internal/,
    ],
    ['PATCH', '/api/users/1', { active: 'ya' }, /Kirim 'active': true\/false/],
    ['POST', '/api/auth/login', { username: 'admin' }, /Kirim 'username' dan 'password'/],
    ['PATCH', '/api/uploads/0123456789abcdef', { merge: 'ya' }, /'merge' harus true\/false/],
    ['PATCH', '/api/uploads/0123456789abcdef', { feed: 'ktp' }, /'feed' harus salah satu dari/],
    ['POST', '/api/uploads/load', { ids: 'semua', run: true }, /'ids' harus daftar id unggahan/],
    ['POST', '/api/uploads/load', { ids: [] }, /'run' harus true\/false/],
    ['PUT', '/api/mappings', { change: [] }, /'change' wajib/],
    ['PUT', '/api/mappings', { change: { columns: {} } }, /'change\.columns' harus daftar/],
    ['PUT', '/api/mappings', { change: {}, note: 5 }, /'note' harus teks ≤ 500 karakter/],
    [
      'PUT',
      '/api/programme-rules',
      { desil_varian: 'nasional', pbi_jk: { desil_maks: 11 } },
      /pbi_jk\.desil_maks harus bilangan bulat 1–10.*pkh\.desil_maks/,
    ],
    ['PUT', '/api/targets/pbi_sasaran_pct', { target: 'tinggi' }, /'target' harus angka/],
    ['PUT', '/api/targets/pbi_sasaran_pct', {}, /'target' wajib diisi/],
    ['POST', '/api/pokja/actions/1/comments', { body: '' }, /'body' wajib diisi/],
    ['PUT', '/api/pokja/meetings/1/agenda', { items: [{ kind: 'x' }] }, /'kind' butir agenda 1/],
    [
      'POST',
      '/api/geo/imports/0123456789abcdef/match',
      { level: 'provinsi' },
      /'level' harus desa atau kecamatan/,
    ],
  ])('%s %s %j', async (method, path, body, hint) => {
    expectError(await send(method, path, body), 400, hint);
  });
});

describe('other client errors stay 4xx', () => {
  it('400 for a text body, 413 for a huge one', async () => {
    const plain = await apiFetch(`${api.url}/api/budget/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'premi_pbi=42000',
    });
    expectError({ status: plain.status, body: await plain.json() }, 400, /harus objek JSON/);
    const huge = await postJson(`${api.url}/api/budget/simulate`, {
      kecamatan: Array(50_000).fill('62.03.01'),
    });
    expectError(huge, 413, /.+/);
  });
});

describe('every multipart upload refuses a request without its file, saying what to send', () => {
  it.each([
    ['/api/uploads', /Kirim berkas sebagai multipart\/form-data di kolom 'berkas'/],
    ['/api/geo/imports', /Kirim berkas sebagai multipart\/form-data di kolom 'berkas'/],
    ['/api/mappings/crosswalk', /Kirim berkas crosswalk sebagai multipart\/form-data/],
  ])('POST %s', async (path, hint) => {
    expectError(await postJson(`${api.url}${path}`, { berkas: 'x' }), 400, hint);
    const form = new FormData();
    form.append('lampiran', new Blob(['kode_desa,jumlah\n']), 'data.csv');
    const wrongField = await apiFetch(`${api.url}${path}`, { method: 'POST', body: form });
    expectError(
      { status: wrongField.status, body: await wrongField.json() },
      400,
      /Tidak ada (berkas|berkas crosswalk) di kolom 'berkas' \/ no (file|crosswalk) in field 'berkas'/,
    );
  });
});

describe('404 for unknown ids and areas', () => {
  it.each([
    [
      '/api/indicators/tidak_ada/values',
      /Indikator 'tidak_ada' tidak dikenal; daftar indikator ada di \/api\/indicators/,
    ],
    ['/api/indicators/tidak_ada/series', /tidak dikenal/],
    [`${V}?parent=62.03.99`, /Wilayah '62\.03\.99' tidak dikenal.*\/api\/areas\?q=/],
    ['/api/areas/62.03.99.9999', /Wilayah '62\.03\.99\.9999' tidak dikenal/],
    ['/api/scorecard?area=99.99', /tidak dikenal/],
    ['/api/indicators/pbi_sasaran_pct/series?area=62.03.01.9999', /tidak dikenal/],
    ['/api/rujukan/breakdown?area=11.01.99', /tidak dikenal/],
    ['/api/etl/rejects?run_id=20990101T000000000Z', /Run '20990101T000000000Z' tidak dikenal/],
    ['/api/tidak-ada', /Alamat GET \/api\/tidak-ada tidak ada; daftar endpoint di \/api\/docs/],
  ])('GET %s', async (path, hint) => {
    expectError(await get(path), 404, hint);
  });
});
