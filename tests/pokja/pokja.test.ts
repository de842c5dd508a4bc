/**
 * Pokja coordination end to end: the real API over real HTTP on the sample warehouse
 * (tests/fixtures/samples through the real ETL, as-of 2024-07-05, latest period 2024-06) and a real
 * app.duckdb. Expected agendas are worked out by hand from the sample rows (see the comments).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/run.js';
import {
  apiFetch,
  type Body,
  getJson,
  login,
  type RunningApi,
  startSampleApi,
} from '../api/support.js';
import { SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';

let api: RunningApi;
/** Session cookies of the accounts that act in these tests, by username. */
const sessions: Record<string, string> = {};
beforeAll(async () => {
  api = await startSampleApi('pokja');
  // The acting user is the session's account (no more X-Pokja-User): a secretary and an OPD.
  for (const account of [
    { username: 'sekretaris.pokja', role: 'ADMIN' },
    { username: 'ketua', role: 'ADMIN' },
    { username: 'dinsos', role: 'OPD', opd: 'DINSOS' },
  ]) {
    const made = await getJson(`${api.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...account, password: 'kata-sandi-pokja-1' }),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    sessions[account.username] = await login(api.url, account.username, 'kata-sandi-pokja-1');
  }
});
afterAll(async () => api?.close());

const SELAT = '62.03.01';
const SELAT_DALAM = '62.03.01.1010';
const PULAU_PETAK = '62.03.06';
const SAKA_LAGON = '62.03.06.2001';

function send(method: string, url: string, body?: unknown, user?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (user) headers.cookie = sessions[user]!;
  return getJson(`${api.url}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}
const get = (url: string) => getJson(`${api.url}${url}`);

function expectError(res: { status: number; body: Body }, status: number, hint: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(res.body.message).toMatch(hint);
  expect(res.body.message).not.toMatch(/SELECT|duckdb|\/work\/|\bat .*\.js/i);
}

async function scorecardStatus(area: string, id: string): Promise<string | null> {
  const { body } = await get(`/api/scorecard?area=${area}&period=2024-06`);
  return body.rows.find((r: Body) => r.indicator.id === id).status;
}

describe('targets: admin edits drive the scorecard status and are audited', () => {
  it('a kecamatan override changes that kecamatan only; deleting it falls back', async () => {
    // pbi_sasaran_pct in Selat = 2 of 3 DTKS people with active PBI = 66.67; default target 90: off.
    expect(await scorecardStatus(SELAT, 'pbi_sasaran_pct')).toBe('off');
    const put = await send(
      'PUT',
      '/api/targets/pbi_sasaran_pct',
      { area: SELAT, target: 60 },
      'sekretaris.pokja',
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({
      indicator_id: 'pbi_sasaran_pct',
      area_code: SELAT,
      old_target: null,
      new_target: 60,
      effective_target: 60,
    });
    expect(await scorecardStatus(SELAT, 'pbi_sasaran_pct')).toBe('on_target');
    // The override holds for the desa of Selat too (Selat Dalam: the same 2 of 3).
    expect(await scorecardStatus(SELAT_DALAM, 'pbi_sasaran_pct')).toBe('on_target');
    // Pulau Petak (0 of 1 covered) keeps the catalogue target.
    const petak = (await get(`/api/scorecard?area=${PULAU_PETAK}&period=2024-06`)).body;
    expect(petak.rows.find((r: Body) => r.indicator.id === 'pbi_sasaran_pct').target).toBe(90);

    const again = await send('PUT', '/api/targets/pbi_sasaran_pct', { area: SELAT, target: 65 });
    expect(again.body.old_target).toBe(60);
    const del = await send(
      'DELETE',
      `/api/targets/pbi_sasaran_pct?area=${SELAT}`,
      undefined,
      'ketua',
    );
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ old_target: 65, new_target: null, effective_target: 90 });
    expect(await scorecardStatus(SELAT, 'pbi_sasaran_pct')).toBe('off');
    expectError(
      await send('DELETE', `/api/targets/pbi_sasaran_pct?area=${SELAT}`),
      404,
      /Tidak ada target tersimpan/,
    );

    const audit = (await get('/api/targets/audit')).body.rows.filter(
      (r: Body) => r.indicator_id === 'pbi_sasaran_pct',
    );
    expect(audit.map((r: Body) => [r.old_target, r.new_target, r.changed_by])).toEqual([
      [65, null, 'ketua'],
      [60, 65, 'admin'],
      [null, 60, 'sekretaris.pokja'],
    ]);
    expect(audit[0].changed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('the kabupaten default applies to every kecamatan and shows in /api/indicators', async () => {
    // registri_penduduk_pct: Selat 3 / 14280 = 0.021%, Pulau Petak 1 / 2210 = 0.045%: both under 40.
    const put = await send('PUT', '/api/targets/registri_penduduk_pct', { target: 0.01 });
    expect(put.body).toMatchObject({ area_code: null, old_target: null, effective_target: 0.01 });
    expect(await scorecardStatus(SELAT, 'registri_penduduk_pct')).toBe('on_target');
    expect(await scorecardStatus(PULAU_PETAK, 'registri_penduduk_pct')).toBe('on_target');
    const list = (await get('/api/indicators')).body.indicators;
    expect(list.find((i: Body) => i.id === 'registri_penduduk_pct').target).toBe(0.01);
    const saved = (await get('/api/targets')).body.targets;
    expect(saved).toEqual([
      expect.objectContaining({
        indicator_id: 'registri_penduduk_pct',
        area_code: null,
        target: 0.01,
      }),
    ]);
  });

  it.each([
    ['/api/targets/pbi_sasaran_pct', { target: '90' }, 400, /'target' harus angka/],
    ['/api/targets/pbi_sasaran_pct', {}, 400, /'target' wajib diisi/],
    ['/api/targets/pbi_sasaran_pct', [90], 400, /harus objek JSON/],
    [
      '/api/targets/pbi_sasaran_pct',
      { target: 90, area: SELAT_DALAM },
      400,
      /kabupaten 62\.03 atau kecamatan/,
    ],
    [
      '/api/targets/pbi_sasaran_pct',
      { target: 90, area: '62.71.01' },
      400,
      /kabupaten 62\.03 atau kecamatan/,
    ],
    [
      '/api/targets/pbi_sasaran_pct',
      { target: 90, area: '62.03.99' },
      404,
      /Wilayah '62\.03\.99' tidak dikenal/,
    ],
    [
      '/api/targets/pbi_sasaran_pct',
      { target: 90, area: 'Selat' },
      400,
      /kode wilayah Kemendagri bertitik/,
    ],
    ['/api/targets/tidak_ada', { target: 1 }, 404, /Indikator 'tidak_ada' tidak dikenal/],
  ])('PUT %s %j → %i', async (url, body, status, hint) => {
    expectError(await send('PUT', url, body), status, hint);
  });

  it('takes the acting user from the session: an OPD account may not set targets', async () => {
    expectError(
      await send('PUT', '/api/targets/pbi_sasaran_pct', { target: 1 }, 'dinsos'),
      403,
      /Peran OPD tidak boleh/,
    );
  });
});

describe('meetings, agenda proposal and actions', () => {
  const ids: Record<string, number> = {};

  async function action(body: Record<string, unknown>, user?: string): Promise<Body> {
    const res = await send('POST', '/api/pokja/actions', body, user);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  it('creates actions with the indicator value at creation as "then"', async () => {
    const a1 = await action(
      {
        title: 'Daftarkan anak DTKS tanpa JKN ke PBI APBD',
        owner_opd: 'DINSOS',
        due_date: '2024-07-10',
        indicator_id: 'gap_jkn_sasaran',
        area: SELAT_DALAM,
      },
      'sekretaris.pokja',
    );
    // Selat Dalam 2024-06: RAFI (desil 2) has no BPJS Kesehatan row: gap 1.
    expect(a1).toMatchObject({
      status: 'BARU',
      kecamatan: { code: SELAT, name: 'Selat' },
      area: { code: SELAT_DALAM, name: 'Selat Dalam', level: 'desa' },
      indicator: { id: 'gap_jkn_sasaran', unit: 'count', direction: 'lower_better' },
      then: { period: '2024-06', value: 1 },
      now: { period: '2024-06', value: 1 },
      change: 0,
      improved: null,
      created_by: 'sekretaris.pokja',
      comments: [],
    });
    ids.a1 = a1.id;
    ids.a2 = (
      await action({
        title: 'Salurkan PKH tahap 2',
        owner_opd: 'DINSOS',
        due_date: '2024-07-20',
        indicator_id: 'pkh_pct',
        area: SELAT,
      })
    ).id;
    const a3 = await action({
      title: 'Sosialisasi Puskesos',
      owner_opd: 'PEMDES',
      due_date: '2024-07-01',
      indicator_id: 'puskesos_desa_pct',
      area: SELAT,
      status: 'SELESAI',
    });
    ids.a3 = a3.id;
    expect(a3.then).toEqual({ period: '2024-06', value: 10 }); // 1 of 10 desa of Selat
    ids.a4 = (
      await action({
        title: 'Aktifkan kembali KIS Ibu Martina',
        owner_opd: 'BPJS_KESEHATAN',
        due_date: '2024-07-01',
        indicator_id: 'pbi_sasaran_pct',
        area: SAKA_LAGON,
      })
    ).id;
  });

  it('proposes the hand-worked agenda for Selat', async () => {
    const res = await send('POST', '/api/pokja/meetings', {
      kecamatan: SELAT,
      tanggal: '2024-07-15',
      tempat: 'Aula Kantor Camat Selat',
      opd_hadir: ['DINSOS', 'DINKES', 'DINSOS', ' PEMDES '],
      catatan: 'Rapat rutin',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { meeting, agenda } = res.body;
    ids.selat = meeting.id;
    expect(meeting).toMatchObject({
      kecamatan: { code: SELAT, name: 'Selat' },
      tanggal: '2024-07-15',
      opd_hadir: ['DINSOS', 'DINKES', 'PEMDES'],
      period: '2024-06',
      created_by: 'admin',
    });
    // Off target in Selat, 2024-06 (catalogue order), by hand:
    //  rujukan_selesai_pct 0 of 1 (000104 still DITINDAKLANJUTI) < 80;
    //  registri_penduduk_pct 0.021% — now on target (kabupaten default 0.01 set above);
    //  registri_verifikasi_pct 3 of 3 verified 2024-02-14: on; pbi_sasaran_pct 66.67 < 90 (override removed);
    //  uhc_pct 3 / 14280; bpu_rentan_pct 1 of 1 (AHMAD has BPU): on; pkh_pct 0 of 1 household;
    //  puskesos_desa_pct 1 of 10 desa; gap_jkn_sasaran 1 (RAFI) > 0; gap_bpu 0: on;
    //  gap_pkh 1; pbi_luar_sasaran 1 (NIK …0009 PBI_APBD outside the registry). rujukan_tunggakan 0: on.
    // No complaint open > 30 days in Selat at end of June (000104 is 27 days old): no lembaga.
    // Only Selat Dalam has a coverage gap: jkn 1 + bpu 0 + pkh 1.
    // Actions due by 2024-07-15 and open: a1 only (a2 due later, a3 done, a4 in Pulau Petak).
    expect(agenda.map((i: Body) => [i.kind, i.ref])).toEqual([
      ['indikator', 'rujukan_selesai_pct'],
      ['indikator', 'pbi_sasaran_pct'],
      ['indikator', 'uhc_pct'],
      ['indikator', 'pkh_pct'],
      ['indikator', 'puskesos_desa_pct'],
      ['indikator', 'gap_jkn_sasaran'],
      ['indikator', 'gap_pkh'],
      ['indikator', 'pbi_luar_sasaran'],
      ['desa', SELAT_DALAM],
      ['tindak_lanjut', String(ids.a1)],
    ]);
    expect(agenda[3].detail).toBe('Nilai 0%, target 90% (2024-06)');
    expect(agenda[1].detail).toBe('Nilai 66,7%, target 90% (2024-06)');
    expect(agenda[8]).toMatchObject({
      title: 'Celah cakupan Desa Selat Dalam',
      detail:
        'warga sasaran PBI (desil 1–5) tanpa JKN: 1; pekerja rentan (desil 1–5) tanpa BPJS Ketenagakerjaan: 0; keluarga layak PKH (desil 1–4) belum menerima: 1',
    });
    expect(agenda[9].detail).toBe('DINSOS, jatuh tempo 2024-07-10, status BARU');
  });

  it('proposes the hand-worked agenda for Pulau Petak, with the agency backlog', async () => {
    const res = await send('POST', '/api/pokja/meetings', {
      kecamatan: PULAU_PETAK,
      tanggal: '2024-07-02',
      tempat: 'Kantor Camat Pulau Petak',
      opd_hadir: ['BPJS_KESEHATAN'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.petak = res.body.meeting.id;
    // Saka Lagon only: MARTINA (desil 1, KIS NONAKTIF, verified 2022, PKH SALUR tahap 1).
    //  rujukan_tunggakan 1 (000102 BPJS_KESEHATAN open since 2024-05-06, 55 days) > 0;
    //  rujukan_selesai_pct: nothing received in June (000105 rejected): no status;
    //  registri_penduduk_pct 1 / 2210 = 0.045% ≥ 0.01: on; registri_verifikasi_pct 0%; pbi_sasaran_pct 0%;
    //  uhc_pct 1 member / 2210 (MARTINA, NONAKTIF, counts); jkn_aktif_pct 0 of 1;
    //  bpu_rentan_pct no workers: none; pkh_pct 100%: on; puskesos 1 of 12 desa;
    //  gap_jkn_sasaran 1; gap_bpu 0, gap_pkh 0, pbi_luar_sasaran 0: on.
    // Agencies with complaints open > 30 days: BPJS_KESEHATAN 1. Desa: Saka Lagon (jkn 1).
    // Actions: a4 due 2024-07-01 ≤ 2024-07-02, open.
    expect(res.body.agenda.map((i: Body) => [i.kind, i.ref])).toEqual([
      ['indikator', 'rujukan_tunggakan'],
      ['indikator', 'registri_verifikasi_pct'],
      ['indikator', 'pbi_sasaran_pct'],
      ['indikator', 'uhc_pct'],
      ['indikator', 'jkn_aktif_pct'],
      ['indikator', 'puskesos_desa_pct'],
      ['indikator', 'gap_jkn_sasaran'],
      ['lembaga', 'BPJS_KESEHATAN'],
      ['desa', SAKA_LAGON],
      ['tindak_lanjut', String(ids.a4)],
    ]);
    expect(res.body.agenda[7].detail).toBe('1 keluhan terbuka lebih dari 30 hari (akhir 2024-06)');
    // At this meeting the open action is overdue? Due 2024-07-01 < 2024-07-02: yes.
    expect(res.body.actions.map((a: Body) => [a.id, a.overdue])).toEqual([[ids.a4, true]]);
  });

  it('lets the secretary edit the meeting and replace the agenda', async () => {
    const upd = await send('PATCH', `/api/pokja/meetings/${ids.selat}`, {
      catatan: 'Notulen: disepakati 2 tindak lanjut',
      opd_hadir: ['DINSOS', 'BAPPEDA'],
    });
    expect(upd.status).toBe(200);
    expect(upd.body.meeting).toMatchObject({
      catatan: 'Notulen: disepakati 2 tindak lanjut',
      opd_hadir: ['DINSOS', 'BAPPEDA'],
      tempat: 'Aula Kantor Camat Selat',
    });
    const agenda = (await get(`/api/pokja/meetings/${ids.selat}`)).body.agenda;
    const edited = [{ title: 'Pembukaan' }, ...agenda.slice(0, 2)];
    const put = await send('PUT', `/api/pokja/meetings/${ids.selat}/agenda`, { items: edited });
    expect(put.status).toBe(200);
    expect(put.body.agenda.map((i: Body) => [i.kind, i.title])).toEqual([
      ['lain', 'Pembukaan'],
      ['indikator', 'Keluhan diselesaikan belum mencapai target'],
      ['indikator', 'Sasaran PBI (desil 1–5) dengan PBI-JK aktif belum mencapai target'],
    ]);
    const list = (await get(`/api/pokja/meetings?kecamatan=${SELAT}`)).body.rows;
    expect(list.map((m: Body) => m.id)).toEqual([ids.selat]);
  });

  it('updates status, keeps comments with author and time, and flags overdue actions', async () => {
    const p = await send('PATCH', `/api/pokja/actions/${ids.a2}`, { status: 'PROSES' }, 'dinsos');
    expect(p.body.status).toBe('PROSES');
    const c = await send(
      'POST',
      `/api/pokja/actions/${ids.a2}/comments`,
      { body: 'Data KPM dikirim' },
      'dinsos',
    );
    expect(c.status).toBe(201);
    expect(c.body.comments).toEqual([
      expect.objectContaining({ author: 'dinsos', body: 'Data KPM dikirim' }),
    ]);
    expect(c.body.comments[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // On 2024-07-15: a1 (due 07-10, BARU) and a4 (due 07-01) overdue; a2 due 07-20; a3 done.
    const overdue = (await get('/api/pokja/actions?tanggal=2024-07-15&overdue=1')).body;
    expect(overdue.rows.map((a: Body) => a.id).sort()).toEqual([ids.a1, ids.a4].sort());
    const selat = (await get(`/api/pokja/actions?kecamatan=${SELAT}&tanggal=2024-07-15`)).body;
    expect(selat.rows.map((a: Body) => [a.id, a.overdue])).toEqual([
      [ids.a3, false],
      [ids.a1, true],
      [ids.a2, false],
    ]);
    expect(selat.data_dates.dtks).toBe('2024-06-01');
  });

  it('summarises the rakor per OPD and per kecamatan', async () => {
    const { body } = await get('/api/pokja/rakor?tanggal=2024-07-15');
    expect(body.by_opd).toEqual([
      { opd: 'BPJS_KESEHATAN', selesai: 0, terbuka: 1, terlambat: 1, batal: 0 },
      { opd: 'DINSOS', selesai: 0, terbuka: 2, terlambat: 1, batal: 0 },
      { opd: 'PEMDES', selesai: 1, terbuka: 0, terlambat: 0, batal: 0 },
    ]);
    expect(body.by_kecamatan).toHaveLength(17);
    expect(body.by_kecamatan.find((k: Body) => k.code === SELAT)).toEqual({
      code: SELAT,
      name: 'Selat',
      selesai: 1,
      terbuka: 2,
      terlambat: 1,
      batal: 0,
    });
    expect(body.total).toEqual({ selesai: 1, terbuka: 3, terlambat: 2, batal: 0 });
  });

  it('serves the brief: scorecard with targets, agenda, open and overdue actions, filters, data dates', async () => {
    const { status, body } = await get(`/api/pokja/meetings/${ids.petak}/brief`);
    expect(status).toBe(200);
    expect(body.filters).toEqual({
      area: { code: PULAU_PETAK, name: 'Pulau Petak', level: 'kecamatan' },
      period: '2024-06',
    });
    expect(body.scorecard.find((r: Body) => r.indicator.id === 'pkh_pct')).toMatchObject({
      value: 100,
      target: 90,
      status: 'on_target',
    });
    expect(body.actions_overdue.map((a: Body) => a.id)).toEqual([ids.a4]);
    expect(body.data_dates).toMatchObject({ dtks: '2024-06-01', bpjs_kesehatan: '2024-06-01' });
    expect(body.as_of).toBe('2024-07-05');
  });

  it('shows how the linked indicator moved once a new warehouse is published', async () => {
    // RAFI gets an active PBI-APBD membership in a corrected June export: Selat Dalam's
    // gap_jkn_sasaran goes from 1 to 0, and a lower-is-better drop is an improvement.
    const rows = [
      'PERIODE\tNIK\tKODE_DESA\tSEGMEN\tSTATUS',
      '202406\t6203011203850001\t62.03.01.1010\tPBI_APBN\tAKTIF',
      '202406\t6203015507880002\t62.03.01.1010\tPBI_APBN\tAKTIF',
      '202406\t6203064101400004\t62.03.06.2001\tPBI_APBD\tNONAKTIF',
      '202406\t6203017011700009\t62.03.01.1010\tPBI_APBD\tAKTIF',
      '202406\t6203010201150003\t62.03.01.1010\tPBI_APBD\tAKTIF',
    ];
    await writeFile(
      path.join(api.inboxDir, 'bpjs_kesehatan', 'jkn_2024-06_revisi.txt'),
      rows.join('\n') + '\n',
    );
    const before = Date.now();
    const run = await runEtl({
      inboxDir: api.inboxDir,
      dataDir: api.dataDir,
      asOf: SAMPLE_AS_OF,
      regionCode: '62.03',
      pseudonymKey: TEST_KEY,
      settleSeconds: 0, // the files were copied just now, and completely
    });
    expect(run.status).toBe('SUCCESS');
    let a1: Body = null;
    while (Date.now() - before < 20_000) {
      a1 = (await get(`/api/pokja/actions/${ids.a1}`)).body;
      if (a1.now.value === 0) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(a1).toMatchObject({
      then: { period: '2024-06', value: 1 },
      now: { period: '2024-06', value: 0 },
      change: -1,
      improved: true,
    });
    // The meeting still lists it as open, with the movement.
    const detail = (await get(`/api/pokja/meetings/${ids.selat}`)).body;
    expect(detail.actions.find((a: Body) => a.id === ids.a1)).toMatchObject({
      change: -1,
      improved: true,
    });
  });

  it.each([
    [
      'POST',
      '/api/pokja/meetings',
      { kecamatan: SELAT_DALAM, tanggal: '2024-07-15', tempat: 'x' },
      400,
      /'kecamatan' harus kode kecamatan di wilayah 62\.03/,
    ],
    [
      'POST',
      '/api/pokja/meetings',
      { kecamatan: '62.03.99', tanggal: '2024-07-15', tempat: 'x' },
      404,
      /tidak dikenal/,
    ],
    [
      'POST',
      '/api/pokja/meetings',
      { kecamatan: SELAT, tanggal: '2024-02-30', tempat: 'x' },
      400,
      /'tanggal' harus tanggal YYYY-MM-DD yang ada/,
    ],
    [
      'POST',
      '/api/pokja/meetings',
      { kecamatan: SELAT, tanggal: '2024-07-15' },
      400,
      /'tempat' wajib diisi/,
    ],
    [
      'POST',
      '/api/pokja/meetings',
      { kecamatan: SELAT, tanggal: '2024-07-15', tempat: 'x', opd_hadir: 'DINSOS' },
      400,
      /'opd_hadir' harus daftar teks/,
    ],
    ['POST', '/api/pokja/meetings', '{rusak', 400, /bukan JSON yang valid/],
    ['GET', '/api/pokja/meetings/999', undefined, 404, /Rapat 999 tidak ada/],
    ['GET', '/api/pokja/meetings/abc', undefined, 400, /'id' harus nomor bulat positif/],
    ['GET', '/api/pokja/meetings/999/brief', undefined, 404, /Rapat 999 tidak ada/],
    [
      'PUT',
      '/api/pokja/meetings/1/agenda',
      { items: 'x' },
      400,
      /'items' harus daftar butir agenda/,
    ],
    [
      'PUT',
      '/api/pokja/meetings/1/agenda',
      { items: [{ title: '' }] },
      400,
      /'items\[1\]\.title' wajib diisi/,
    ],
    [
      'PUT',
      '/api/pokja/meetings/1/agenda',
      { items: [{ title: 'a', kind: 'rahasia' }] },
      400,
      /'kind' butir agenda 1 harus salah satu/,
    ],
    [
      'POST',
      '/api/pokja/actions',
      { owner_opd: 'DINSOS', due_date: '2024-08-01', indicator_id: 'pkh_pct', area: SELAT },
      400,
      /'title' wajib diisi/,
    ],
    [
      'POST',
      '/api/pokja/actions',
      {
        title: 'x',
        owner_opd: 'DINSOS',
        due_date: '01/08/2024',
        indicator_id: 'pkh_pct',
        area: SELAT,
      },
      400,
      /'due_date' harus tanggal YYYY-MM-DD/,
    ],
    [
      'POST',
      '/api/pokja/actions',
      { title: 'x', owner_opd: 'DINSOS', due_date: '2024-08-01', indicator_id: 'nik', area: SELAT },
      404,
      /Indikator 'nik' tidak dikenal/,
    ],
    [
      'POST',
      '/api/pokja/actions',
      {
        title: 'x',
        owner_opd: 'DINSOS',
        due_date: '2024-08-01',
        indicator_id: 'pkh_pct',
        area: '62.03',
      },
      400,
      /'area' harus kecamatan atau desa di wilayah 62\.03/,
    ],
    [
      'POST',
      '/api/pokja/actions',
      {
        title: 'x',
        owner_opd: 'DINSOS',
        due_date: '2024-08-01',
        indicator_id: 'pkh_pct',
        area: SELAT,
        status: 'DONE',
      },
      400,
      /'status' harus salah satu dari BARU, PROSES, SELESAI, BATAL/,
    ],
    [
      'POST',
      '/api/pokja/actions',
      {
        title: 'x',
        owner_opd: 'DINSOS',
        due_date: '2024-08-01',
        indicator_id: 'pkh_pct',
        area: SAKA_LAGON,
        meeting_id: 1,
      },
      400,
      /kecamatan rapat 62\.03\.01/,
    ],
    [
      'POST',
      '/api/pokja/actions',
      {
        title: 'x'.repeat(201),
        owner_opd: 'DINSOS',
        due_date: '2024-08-01',
        indicator_id: 'pkh_pct',
        area: SELAT,
      },
      400,
      /paling banyak 200 huruf/,
    ],
    ['PATCH', '/api/pokja/actions/999', { status: 'SELESAI' }, 404, /Tindak lanjut 999 tidak ada/],
    ['PATCH', '/api/pokja/actions/1', { status: 'selesai' }, 400, /'status' harus salah satu dari/],
    ['POST', '/api/pokja/actions/1/comments', { body: '  ' }, 400, /'body' wajib diisi/],
    [
      'GET',
      '/api/pokja/actions?tanggal=kemarin',
      undefined,
      400,
      /'tanggal' harus tanggal YYYY-MM-DD/,
    ],
    ['GET', '/api/pokja/actions?overdue=ya', undefined, 400, /'overdue' harus 1 atau 0/],
    [
      'GET',
      '/api/pokja/actions?kecamatan=62.03',
      undefined,
      400,
      /'kecamatan' harus kode kecamatan/,
    ],
    ['GET', '/api/pokja/rakor?tanggal=2024-13-01', undefined, 400, /'tanggal' harus tanggal/],
  ])('%s %s %j → %i', async (method, url, body, status, hint) => {
    expectError(
      await send(method as string, url as string, body),
      status as number,
      hint as RegExp,
    );
  });

  it('keeps everything in app.duckdb across a restart of the API', async () => {
    await api.app.close();
    const { startApi } = await import('../api/support.js');
    const restarted = await startApi(api.dataDir, api.inboxDir);
    api.app = restarted.app;
    api.url = restarted.url;
    const { body } = await get(`/api/pokja/meetings/${ids.selat}`);
    expect(body.agenda[0].title).toBe('Pembukaan');
    expect((await get('/api/targets/audit')).body.rows.length).toBe(4);
    const del = await apiFetch(`${api.url}/api/pokja/meetings/${ids.petak}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await get(`/api/pokja/meetings/${ids.petak}`)).status).toBe(404);
    expect((await get(`/api/pokja/actions/${ids.a4}`)).body.meeting_id).toBeNull();
  });
});
