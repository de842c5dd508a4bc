/**
 * End-to-end through HTTP: the sample inbox (tests/fixtures/samples, EXPECTED.md) through the real ETL
 * and warehouse, then the API. Every expected number below is worked out by hand from the sample
 * CSV files, in the comment beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, type RunningApi, startSampleApi } from './support.js';
import { FEEDS } from '../../etl/feeds.js';
import { gapColumns } from '../../warehouse/catalogue.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startSampleApi('values');
});
afterAll(async () => api?.close());

const SELAT = '62.03.01';
const SELAT_DALAM = '62.03.01.1010';
const PULAU_PETAK = '62.03.06';
const SAKA_LAGON = '62.03.06.2001';

async function valueOf(id: string, query: string, code: string) {
  const { status, body } = await getJson(`${api.url}/api/indicators/${id}/values?${query}`);
  expect(status).toBe(200);
  const row = body.rows.find((r: { code: string }) => r.code === code);
  expect(row, `${code} listed`).toBeDefined();
  return row as { numerator: number | null; denominator: number | null; value: number | null };
}

describe('meta and catalogue', () => {
  it('names the served region, the periods and the data dates', async () => {
    const { status, body } = await getJson(`${api.url}/api/meta`);
    expect(status).toBe(200);
    expect(body.region).toEqual({ code: '62.03', name: 'Kabupaten Kapuas', level: 'kabupaten' });
    expect(body.as_of).toBe('2024-07-05');
    // the latest complete month; July (as-of 07-05) is selectable and flagged in progress
    expect(body.latest_period).toBe('2024-06');
    expect(body.in_progress_period).toBe('2024-07');
    expect(body.periods).toContain('2024-07');
    expect(body.periods).toContain('2024-05');
    expect(body.data_dates.dtks).toBe('2024-06-01'); // the one DTKS snapshot, periode 2024-06
    expect(body.data_dates.penduduk).toBe('2024-01-01'); // tahun 2024
    expect(body.tile_url).toBeNull();
    // The referral code lists, once: the ETL's enum values are the lists meta serves.
    const rujukan = FEEDS.find((f) => f.name === 'rujukan')!;
    const values = (name: string) => rujukan.columns.find((c) => c.name === name)!.values;
    expect(body.codes).toEqual({
      lembaga_tujuan: values('lembaga_tujuan'),
      status: ['DITERIMA', 'DIRUJUK', 'DITINDAKLANJUTI', 'SELESAI', 'DITOLAK'],
      kategori: values('kategori'),
      kanal: values('kanal'),
    });
    expect(body.codes.lembaga_tujuan).toContain('LAINNYA');
  });

  it('lists the catalogue with targets', async () => {
    const { body } = await getJson(`${api.url}/api/indicators`);
    const pbi = body.indicators.find((i: { id: string }) => i.id === 'pbi_sasaran_pct');
    expect(pbi.unit).toBe('percent');
    // the label names the band of the programme rules in force (the defaults: desil 1–5)
    expect(pbi.label.id).toBe('Sasaran PBI (desil 1–5) dengan PBI-JK aktif');
    expect(pbi.target).toBe(pbi.default_target);
    // the tile's "data per" comes from these
    expect(pbi.feeds).toEqual(['dtks', 'dtsen', 'bpjs_kesehatan']);
    expect(pbi).toMatchObject({ gap_column: 5, cakupan_map: true });
    expect(body.indicators.find((i: { id: string }) => i.id === 'puskesos_desa_pct')).toMatchObject(
      { gap_column: null, cakupan_map: false },
    );
    expect(body.indicators.length).toBeGreaterThanOrEqual(21);
  });
});

describe('values (EXPECTED.md, period 2024-06)', () => {
  it('registri_individu: 3 in Selat Dalam (DTKS0001-0003); rolls up to 3 in Selat and 4 in Kapuas', async () => {
    expect(
      (await valueOf('registri_individu', `period=2024-06&parent=${SELAT}`, SELAT_DALAM)).value,
    ).toBe(3);
    expect((await valueOf('registri_individu', 'period=2024-06', SELAT)).value).toBe(3);
    expect((await valueOf('registri_individu', 'period=2024-06', PULAU_PETAK)).value).toBe(1); // Martina
    expect(
      (await valueOf('registri_individu', 'period=2024-06&parent=62&level=kabupaten', '62.03'))
        .value,
    ).toBe(4);
  });

  it('pbi_sasaran_pct: 2 of 3 in Selat Dalam; kabupaten 2 of 4 = 50, not the mean of 66.67 and 0', async () => {
    const desa = await valueOf('pbi_sasaran_pct', `period=2024-06&parent=${SELAT}`, SELAT_DALAM);
    expect(desa).toMatchObject({ numerator: 2, denominator: 3 });
    expect(desa.value).toBeCloseTo(66.67, 2);
    // Martina's PBI_APBD row is NONAKTIF: 0 of 1 in Saka Lagon.
    const saka = await valueOf(
      'pbi_sasaran_pct',
      `period=2024-06&parent=${PULAU_PETAK}`,
      SAKA_LAGON,
    );
    expect(saka).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    const kab = await valueOf(
      'pbi_sasaran_pct',
      'period=2024-06&parent=62&level=kabupaten',
      '62.03',
    );
    expect(kab).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
  });

  it('pbi_luar_sasaran 1, gap_pkh 1, bpu_rentan_pct 100 in Selat Dalam; pkh_pct 100 in Saka Lagon', async () => {
    expect(
      (await valueOf('pbi_luar_sasaran', `period=2024-06&parent=${SELAT}`, SELAT_DALAM)).value,
    ).toBe(1);
    expect((await valueOf('gap_pkh', `period=2024-06&parent=${SELAT}`, SELAT_DALAM)).value).toBe(1);
    expect(
      (await valueOf('bpu_rentan_pct', `period=2024-06&parent=${SELAT}`, SELAT_DALAM)).value,
    ).toBe(100);
    expect(
      (await valueOf('pkh_pct', `period=2024-06&parent=${PULAU_PETAK}`, SAKA_LAGON)).value,
    ).toBe(100);
    // Two PKH-eligible households, one received: 50% for the kabupaten.
    expect(
      (await valueOf('pkh_pct', 'period=2024-06&parent=62&level=kabupaten', '62.03')).value,
    ).toBe(50);
  });

  it('gap_jkn_sasaran: Rafi (no JKN row) and Martina (NONAKTIF); anggaran = gap × 42.000 × 12', async () => {
    expect(
      (await valueOf('gap_jkn_sasaran', `period=2024-06&parent=${SELAT}`, SELAT_DALAM)).value,
    ).toBe(1);
    expect((await valueOf('gap_jkn_sasaran', 'period=2024-06', PULAU_PETAK)).value).toBe(1);
    const kab = await valueOf(
      'anggaran_pbi_apbd',
      'period=2024-06&parent=62&level=kabupaten',
      '62.03',
    );
    expect(kab.value).toBe(2 * 42_000 * 12);
  });

  it('rujukan: 2024-05 masuk 1 and median 8 days in Selat Dalam (000101, 02/05 → 10/05)', async () => {
    expect(
      (await valueOf('rujukan_masuk', `period=2024-05&parent=${SELAT}`, SELAT_DALAM)).value,
    ).toBe(1);
    expect(
      (await valueOf('rujukan_median_hari', `period=2024-05&parent=${SELAT}`, SELAT_DALAM)).value,
    ).toBe(8);
    expect(
      (await valueOf('rujukan_masuk', `period=2024-06&parent=${SELAT}`, SELAT_DALAM)).value,
    ).toBe(1);
    expect((await valueOf('rujukan_masuk', 'period=2024-05', PULAU_PETAK)).value).toBe(1); // 000102
  });

  it('lists every child area of the reference, default level below the parent', async () => {
    const { body } = await getJson(
      `${api.url}/api/indicators/registri_individu/values?period=2024-06`,
    );
    expect(body.level).toBe('kecamatan');
    expect(body.parent).toBe('62.03');
    expect(body.rows).toHaveLength(17);
    const desa = await getJson(
      `${api.url}/api/indicators/registri_individu/values?level=desa&period=2024-06`,
    );
    expect(desa.body.rows).toHaveLength(231);
    const zero = desa.body.rows.filter((r: { value: number }) => r.value === 0);
    expect(zero).toHaveLength(229); // only Selat Dalam and Saka Lagon have DTKS people
    expect(desa.body.data_dates.dtks).toBe('2024-06-01');
    expect(desa.body.as_of).toBe('2024-07-05');
  });

  it('defaults to the latest period with data (2024-06)', async () => {
    const { body } = await getJson(`${api.url}/api/indicators/registri_individu/values`);
    expect(body.period).toBe('2024-06');
  });
});

describe('series', () => {
  it('gives the area per period within from..to', async () => {
    const { status, body } = await getJson(
      `${api.url}/api/indicators/rujukan_masuk/series?area=${SELAT_DALAM}&from=2024-05&to=2024-06`,
    );
    expect(status).toBe(200);
    expect(body.area).toEqual({ code: SELAT_DALAM, name: 'Selat Dalam', level: 'desa' });
    expect(body.rows.map((r: { period: string; value: number }) => [r.period, r.value])).toEqual([
      ['2024-05', 1],
      ['2024-06', 1],
    ]);
    expect(body.data_dates.rujukan).toBeTruthy();
  });
});

describe('scorecard', () => {
  it('compares with the catalogue targets and the month before', async () => {
    const { status, body } = await getJson(
      `${api.url}/api/scorecard?area=${SELAT_DALAM}&period=2024-06`,
    );
    expect(status).toBe(200);
    expect(body.previous_period).toBe('2024-05');
    const row = (id: string) =>
      body.rows.find((r: { indicator: { id: string } }) => r.indicator.id === id);
    expect(row('pbi_sasaran_pct')).toMatchObject({
      target: 90,
      status: 'off',
      previous_value: null,
      change: null,
    });
    expect(row('bpu_rentan_pct')).toMatchObject({ value: 100, target: 50, status: 'on_target' });
    expect(row('gap_pkh')).toMatchObject({ value: 1, target: 0, status: 'off' });
    expect(row('rujukan_masuk')).toMatchObject({
      value: 1,
      previous_value: 1,
      change: 0,
      status: null,
    });
    expect(row('rujukan_median_hari')).toMatchObject({ value: null, status: null }); // nothing closed in June
    expect(body.data_dates.dtks).toBe('2024-06-01');
  });

  it('uses a target saved in app.duckdb: 66.67 against 70 is near (within 10%)', async () => {
    const { TargetsRepository } = await import('../../api/app-db/targets.repository.js');
    await api.app.get(TargetsRepository).set('pbi_sasaran_pct', SELAT_DALAM, 70, 'test');
    const { body } = await getJson(`${api.url}/api/scorecard?area=${SELAT_DALAM}&period=2024-06`);
    const row = body.rows.find(
      (r: { indicator: { id: string } }) => r.indicator.id === 'pbi_sasaran_pct',
    );
    expect(row).toMatchObject({ target: 70, status: 'near' });
    // The kabupaten keeps the catalogue default.
    const kab = await getJson(`${api.url}/api/scorecard?period=2024-06`);
    const kabRow = kab.body.rows.find(
      (r: { indicator: { id: string } }) => r.indicator.id === 'pbi_sasaran_pct',
    );
    expect(kabRow.target).toBe(90);
  });
});

describe('rujukan breakdown', () => {
  it('2024-06 kabupaten: open 000102 (55 days, >30) and 000104 (27 days, 15-30)', async () => {
    const { status, body } = await getJson(`${api.url}/api/rujukan/breakdown?period=2024-06`);
    expect(status).toBe(200);
    expect(body.aging).toEqual([
      { bucket: '0-7', jumlah: 0 },
      { bucket: '8-14', jumlah: 0 },
      { bucket: '15-30', jumlah: 1 },
      { bucket: '>30', jumlah: 1 },
    ]);
    const bpjs = body.agencies.find(
      (a: { lembaga_tujuan: string }) => a.lembaga_tujuan === 'BPJS_KESEHATAN',
    );
    expect(bpjs).toMatchObject({ backlog: 1, aging: { '>30': 1 } });
    const disdik = body.by_lembaga_tujuan.find(
      (r: { category: string }) => r.category === 'DISDIK',
    );
    expect(disdik).toMatchObject({ rujukan_masuk: 1, rujukan_selesai_pct: 0 });
    expect(body.by_status).toEqual([{ category: 'DITINDAKLANJUTI', value: 1 }]);
  });
});

describe('coverage gaps', () => {
  it('lists every desa of the kecamatan, biggest gap first', async () => {
    const { status, body } = await getJson(
      `${api.url}/api/coverage/gaps?area=${SELAT}&period=2024-06`,
    );
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(10);
    expect(body.rows[0]).toMatchObject({
      code: SELAT_DALAM,
      kecamatan: { code: SELAT, name: 'Selat' },
      gap_jkn_sasaran: 1,
      gap_pkh: 1,
      pbi_luar_sasaran: 1,
      anggaran_pbi_apbd: 504_000,
      bpu_rentan_pct: 100,
    });
  });

  it('has one column per gap_column indicator of the catalogue, in its order', async () => {
    const list = await getJson(`${api.url}/api/indicators`);
    const columns = (list.body.indicators as { id: string; gap_column: number | null }[])
      .filter((i) => i.gap_column !== null)
      .sort((a, b) => a.gap_column! - b.gap_column!)
      .map((i) => i.id);
    expect(columns).toEqual([...gapColumns]);
    expect(columns).toContain('gap_jkn_sasaran');
    const { body } = await getJson(`${api.url}/api/coverage/gaps?area=${SELAT}&period=2024-06`);
    expect(Object.keys(body.rows[0])).toEqual(['code', 'name', 'kecamatan', ...columns]);
  });
});

describe('budget simulation', () => {
  it('recomputes with the request premiums and desil limit', async () => {
    const { status, body } = await postJson(`${api.url}/api/budget/simulate`, {
      premi_pbi: 50_000,
      premi_bpu: 20_000,
      max_desil: 4,
      kecamatan: [],
    });
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(17);
    // Rafi (desil 2) and Martina (desil 1) have no active JKN; nobody vulnerable lacks BPJS-TK.
    expect(body.total).toMatchObject({
      people_jkn: 2,
      people_bpu: 0,
      cost_pbi: 2 * 50_000 * 12,
      cost_total: 1_200_000,
    });
    expect(body.parameters.period).toBe('2024-06');
    expect(body.data_dates.bpjs_kesehatan).toBe('2024-06-01');
  });

  it('max_desil 1 keeps only Martina; a kecamatan filter narrows rows and total', async () => {
    const { body } = await postJson(`${api.url}/api/budget/simulate`, {
      premi_pbi: 42_000,
      premi_bpu: 16_800,
      max_desil: 1,
      kecamatan: [SELAT],
    });
    expect(body.rows).toEqual([
      {
        code: SELAT,
        name: 'Selat',
        people_jkn: 0,
        people_bpu: 0,
        cost_pbi: 0,
        cost_bpu: 0,
        cost_total: 0,
      },
    ]);
    const all = await postJson(`${api.url}/api/budget/simulate`, { max_desil: 1 });
    expect(all.body.total.people_jkn).toBe(1);
    expect(all.body.parameters).toMatchObject({ premi_pbi: 42_000, premi_bpu: 16_800 }); // defaults
  });
});

describe('areas and geometry', () => {
  it('searches names within the region and describes an area', async () => {
    const { body } = await getJson(`${api.url}/api/areas?q=selat dalam`);
    expect(body.rows).toEqual([
      { code: SELAT_DALAM, name: 'Selat Dalam', level: 'desa', parent_code: SELAT },
    ]);
    const detail = await getJson(`${api.url}/api/areas/${SELAT}`);
    expect(detail.body.ancestors.map((a: { code: string }) => a.code)).toEqual(['62', '62.03']);
    expect(detail.body.children).toHaveLength(10);
  });

  it('serves the Kapuas TopoJSON with no area missing', async () => {
    const { body } = await getJson(`${api.url}/api/geo`);
    expect(body.type).toBe('Topology');
    expect(body.objects.kecamatan.geometries).toHaveLength(17);
    expect(body.objects.desa.geometries).toHaveLength(231);
    expect((await getJson(`${api.url}/api/geo/missing`)).body.rows).toEqual([]);
  });
});

describe('etl endpoints', () => {
  it('lists the run, its rejects (masked) and freshness', async () => {
    const runs = await getJson(`${api.url}/api/etl/runs`);
    expect(runs.body.runs).toHaveLength(1);
    expect(runs.body.runs[0]).toMatchObject({ status: 'SUCCESS', as_of: '2024-07-05' });
    const rejects = await getJson(`${api.url}/api/etl/rejects?feed=dtks`);
    expect(rejects.body.run_id).toBe(runs.body.runs[0].run_id);
    expect(
      rejects.body.counts.map((c: { reason: string; n: number }) => [c.reason, c.n]).sort(),
    ).toEqual([
      ['DUPLIKAT', 1],
      ['KODE_WILAYAH_TIDAK_DIKENAL', 1],
      ['NIK_TIDAK_VALID', 1],
      ['TANGGAL_TIDAK_VALID', 1],
    ]);
    const text = JSON.stringify(rejects.body);
    expect(text).not.toContain('6203011203850001'); // the duplicate NIK of line 9, raw
    const fresh = await getJson(`${api.url}/api/etl/freshness`);
    expect(fresh.body.feeds.find((f: { feed: string }) => f.feed === 'dtks')).toMatchObject({
      newest_period: '2024-06-01',
      days_since: 34, // 2024-06-01 → 2024-07-05
      stale: false,
    });
    // data quality per registry source and release, newest first: DTSEN 2024-07, DTKS 2024-06
    const quality = await getJson(`${api.url}/api/etl/quality`);
    expect(quality.status).toBe(200);
    const release = (sumber: string, periode: string) => {
      const r = quality.body.releases.find(
        (x: { sumber: string; periode: string }) => x.sumber === sumber && x.periode === periode,
      );
      return Object.fromEntries(
        r.metrics.map((m: { metric: string; numerator: number; denominator: number }) => [
          m.metric,
          `${m.numerator}/${m.denominator}`,
        ]),
      );
    };
    expect(
      quality.body.releases.map((r: { sumber: string; periode: string }) => r.sumber + r.periode),
    ).toEqual(['DTSEN2024-07', 'DTKS2024-06']);
    // PKH 2024 goes to the households of AHMAD S and MARTINA, both in either release; every
    // household has a desil; the 6 DTSEN members loaded all have their family row
    expect(release('DTKS', '2024-06')).toMatchObject({
      pkh_in_registri: '2/2',
      keluarga_tanpa_desil: '0/2',
    });
    expect(release('DTKS', '2024-06')).not.toHaveProperty('anggota_tanpa_keluarga');
    expect(release('DTSEN', '2024-07')).toMatchObject({
      pkh_in_registri: '2/2',
      keluarga_tanpa_desil: '0/3',
      anggota_tanpa_keluarga: '0/6',
    });
    const status = await getJson(`${api.url}/api/etl/status`);
    expect(status.body).toMatchObject({
      running: false,
      progress: null,
      last_run: { status: 'SUCCESS' },
    });
  });

  it('reports health', async () => {
    const { status, body } = await getJson(`${api.url}/api/health`);
    expect(status).toBe(200);
    expect(body.info.warehouse.as_of).toBe('2024-07-05');
    expect(body.info.app_db.status).toBe('up');
  });
});
