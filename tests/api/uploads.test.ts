/**
 * Uploads on the Data page over real HTTP, on the sample data folder (Kapuas): files streamed to
 * the staging area, refused with a clear message when too large, of the wrong type or a zip with
 * path tricks; zips with folders; parallel uploads; the dry run, whose rejects are exactly those
 * of the real run that loads the file afterwards; discarding; admins only; the maps, versioned.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { readRunSummary } from '../../warehouse/runs.js';
import { zipOf } from '../support/zip.js';
import {
  apiFetch,
  getJson,
  login,
  postJson,
  type Body,
  type RunningApi,
  startSampleApi,
} from './support.js';

const sample = (feed: string, name: string) =>
  readFileSync(path.join(repoRoot, 'tests/fixtures/samples/inbox', feed, name));
const DTKS = sample('dtks', 'dtks_kapuas_2024-06.csv');
const JKN = sample('bpjs_kesehatan', 'jkn_2024-06.txt');

let api: RunningApi;
beforeAll(async () => {
  // 1 MB: the size limit is checked with a small file; the sample files are far below it.
  api = await startSampleApi('uploads', { RATE_LIMIT: '0', UPLOAD_MAX_MB: '1' });
});
afterAll(async () => {
  await api?.close();
});

async function upload(
  name: string,
  bytes: Buffer,
  cookie?: string,
): Promise<{ status: number; body: Body }> {
  const form = new FormData();
  form.append('berkas', new Blob([bytes]), name);
  const res = await apiFetch(`${api.url}/api/uploads`, {
    method: 'POST',
    body: form,
    headers: cookie ? { cookie } : {},
  });
  return { status: res.status, body: await res.json() };
}

const staged = async (): Promise<Body[]> => (await getJson(`${api.url}/api/uploads`)).body.files;
const stagingEntries = async () => {
  const dir = dataFolder(api.dataDir).staging;
  return existsSync(dir) ? readdir(dir) : [];
};

async function discardAll(): Promise<void> {
  for (const f of await staged())
    expect((await apiFetch(`${api.url}/api/uploads/${f.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
}

describe('uploads API', () => {
  it('stages a file with the feed its header tells, and lists it', async () => {
    const res = await upload('dtks_kapuas_2024-06.csv', DTKS);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.files).toHaveLength(1);
    expect(res.body.files[0]).toMatchObject({
      name: 'dtks_kapuas_2024-06.csv',
      size: DTKS.length,
      uploaded_by: 'admin',
      feed: 'dtks',
      feed_from: 'judul',
      merge: false,
      zip: null,
    });
    const list = await getJson(`${api.url}/api/uploads`);
    expect(list.body.max_bytes).toBe(1024 * 1024);
    expect(list.body.files.map((f: Body) => f.id)).toEqual([res.body.files[0].id]);
    await discardAll();
    expect(await staged()).toEqual([]);
    expect(await stagingEntries()).toEqual([]);
  });

  it('refuses a file over the limit, saying the limit, and keeps nothing', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    const res = await upload('besar.csv', big);
    expect(res.status).toBe(413);
    expect(res.body.message).toContain('Berkas lebih dari 1 MB');
    expect(await staged()).toEqual([]);
    expect(await stagingEntries()).toEqual([]);
  });

  it('refuses a type the ETL does not read, naming the ones it does', async () => {
    const res = await upload('laporan.pdf', Buffer.from('%PDF-1.4'));
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/Jenis berkas '\.pdf' tidak dapat dimuat; kirim \.csv, \.txt/);
    const empty = await upload('kosong.csv', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('kosong');
    const notMultipart = await postJson(`${api.url}/api/uploads`, { berkas: 'x' });
    expect(notMultipart.status).toBe(400);
    expect(notMultipart.body.message).toContain('multipart/form-data');
    expect(await staged()).toEqual([]);
  });

  it('unpacks a zip with folders: one staged file per data file, folders kept in the name', async () => {
    const zip = zipOf([
      { name: 'kiriman/', data: '' },
      { name: 'kiriman/dtks/2024-06/dtks.csv', data: DTKS },
      { name: 'kiriman/bpjs/jkn_2024-06.txt', data: JKN },
      { name: 'kiriman/catatan.pdf', data: 'bukan data' },
      { name: '__MACOSX/kiriman/._dtks.csv', data: 'x' },
    ]);
    const res = await upload('kiriman.zip', zip);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.skipped).toEqual(['kiriman/catatan.pdf']);
    const byName = Object.fromEntries(res.body.files.map((f: Body) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual([
      'kiriman/bpjs/jkn_2024-06.txt',
      'kiriman/dtks/2024-06/dtks.csv',
    ]);
    expect(byName['kiriman/dtks/2024-06/dtks.csv']).toMatchObject({
      feed: 'dtks',
      zip: 'kiriman.zip',
    });
    expect(byName['kiriman/bpjs/jkn_2024-06.txt']).toMatchObject({ feed: 'bpjs_kesehatan' });
    await discardAll();
  });

  it('refuses a whole zip with a path leaving its folder, writing nothing outside', async () => {
    for (const evil of ['../lolos.csv', 'a/../../lolos.csv', '/tmp/lolos.csv']) {
      const zip = zipOf([
        { name: 'baik.csv', data: DTKS },
        { name: evil, data: DTKS },
      ]);
      const res = await upload('jahat.zip', zip);
      expect(res.status, evil).toBe(400);
      expect(res.body.message).toContain('jalur yang keluar dari folder');
      expect(await staged()).toEqual([]);
    }
    expect(existsSync(path.join(dataFolder(api.dataDir).root, 'lolos.csv'))).toBe(false);
    expect(existsSync(path.join(dataFolder(api.dataDir).staging, '..', 'lolos.csv'))).toBe(false);
    const broken = await upload('rusak.zip', Buffer.from('PK\u0003\u0004 bukan zip'));
    expect(broken.status).toBe(400);
    expect(broken.body.message).toContain("Berkas zip 'rusak.zip' tidak dapat dibuka");
  });

  it('takes parallel uploads, each staged once', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => upload(`dtks_${i}_2024-06.csv`, DTKS)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const ids = results.map((r) => r.body.files[0].id);
    expect(new Set(ids).size).toBe(6);
    expect((await staged()).map((f) => f.id).sort()).toEqual([...ids].sort());
    await discardAll();
  });

  it('lets only an admin upload', async () => {
    const made = await postJson(`${api.url}/api/users`, {
      username: 'sekda',
      role: 'PIMPINAN',
      password: 'Pimpinan-Uji-Kapuas-77',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const cookie = await login(api.url, 'sekda', 'Pimpinan-Uji-Kapuas-77');
    expect((await upload('dtks.csv', DTKS, cookie)).status).toBe(403);
    const anonymous = await upload('dtks.csv', DTKS, 'slrt_sesi=bukan');
    expect(anonymous.status).toBe(401);
    expect(await staged()).toEqual([]);
  });

  it('changes the feed, and answers 404 for an upload that is not there', async () => {
    const res = await upload('dtks_kapuas_2024-06.csv', DTKS);
    const id = res.body.files[0].id;
    const patched = await getJson(`${api.url}/api/uploads/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ feed: 'pkh', merge: true }),
    });
    expect(patched.body).toMatchObject({ feed: 'pkh', feed_from: 'pilihan', merge: true });
    const back = await getJson(`${api.url}/api/uploads/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ feed: null, merge: false }),
    });
    expect(back.body).toMatchObject({ feed: 'dtks', feed_from: 'judul', merge: false });
    const bad = await getJson(`${api.url}/api/uploads/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ feed: 'tidak_ada' }),
    });
    expect(bad.status).toBe(400);
    expect((await getJson(`${api.url}/api/uploads/0000000000000000`)).status).toBe(404);
    expect((await getJson(`${api.url}/api/uploads/..%2F..%2Fetc`)).status).toBe(404);
    await discardAll();
  });

  it('previews exactly the rejects the real run then makes, and loads into the inbox', async () => {
    const res = await upload('dtks_kapuas_2024-06.csv', DTKS);
    const id = res.body.files[0].id;
    const preview = await getJson(`${api.url}/api/uploads/${id}/preview`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ feed: 'dtks', file_error: null });
    // Hand-checked (tests/fixtures/samples/EXPECTED.md): four rejects of one reason each.
    const previewed = Object.fromEntries(
      preview.body.rejects.map((r: Body) => [r.reason, r.count]),
    );
    expect(previewed).toEqual({
      NIK_TIDAK_VALID: 1,
      KODE_WILAYAH_TIDAK_DIKENAL: 1,
      TANGGAL_TIDAK_VALID: 1,
      DUPLIKAT: 1,
    });
    expect(JSON.stringify(preview.body)).not.toMatch(/\d{16}/);
    const before = (await getJson(`${api.url}/api/etl/status`)).body.last_run?.run_id;
    const loaded = await postJson(`${api.url}/api/uploads/load`, { ids: [id], run: true });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(loaded.body).toMatchObject({
      moved: [{ id, path: 'dtks/dtks_kapuas_2024-06.csv' }],
      started: true,
    });
    expect(await staged()).toEqual([]);
    let status: Body = null;
    for (let i = 0; i < 600; i++) {
      status = (await getJson(`${api.url}/api/etl/status`)).body;
      if (!status.running && status.last_run?.run_id !== before) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status.running).toBe(false);
    const summary = await readRunSummary(api.dataDir, status.last_run.run_id);
    expect(summary?.feeds.dtks?.rejects).toEqual(previewed);
    expect(summary?.feeds.dtks?.rows_loaded).toBe(preview.body.would_load);
    expect(summary?.feeds.dtks?.rows_read).toBe(preview.body.rows_read);
  });

  it('keeps the maps as versions, refusing what the contract does not know', async () => {
    const bad = await getJson(`${api.url}/api/mappings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        change: { columns: [{ feed: 'dtks', column: 'tidak_ada', header: 'X' }] },
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('tidak_ada');
    const put = await getJson(`${api.url}/api/mappings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        change: { columns: [{ feed: 'dtks', column: 'nik', header: 'NO INDUK' }] },
        note: 'ekspor SIKS-NG kecamatan Selat',
      }),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.current).toMatchObject({
      version: 1,
      changed_by: 'admin',
      note: 'ekspor SIKS-NG kecamatan Selat',
      columns: { dtks: { nik: 'NO INDUK' } },
    });
    expect(put.body.history.map((h: Body) => h.version)).toEqual([1]);
    const audit = await getJson(`${api.url}/api/audit`);
    expect(JSON.stringify(audit.body)).toContain('PETA_UBAH');
  });

  it('loads a BPS crosswalk uploaded on the Data page only when every line is right', async () => {
    const send = async (text: string) => {
      const form = new FormData();
      form.append('berkas', new Blob([text]), 'crosswalk.csv');
      const res = await apiFetch(`${api.url}/api/mappings/crosswalk`, {
        method: 'POST',
        body: form,
      });
      return { status: res.status, body: (await res.json()) as Body };
    };
    const bad = await send('kode_bps,kode_kemendagri\n6203010001,62.03.01.1010\n62030,99.99\n');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('Crosswalk tidak dimuat');
    expect(existsSync(dataFolder(api.dataDir).crosswalk)).toBe(false);
    const good = await send('kode_bps,kode_kemendagri\n6203010001,62.03.01.1010\n');
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body).toEqual({ loaded: true, codes: 1 });
    expect(existsSync(dataFolder(api.dataDir).crosswalk)).toBe(true);
    expect((await stagingEntries()).filter((n) => n.startsWith('.crosswalk'))).toEqual([]);
    expect(JSON.stringify((await getJson(`${api.url}/api/audit`)).body)).toContain(
      'CROSSWALK_MUAT',
    );
  });
});
