/**
 * The registry rules of docs/registry.md ("One registry", "Readings") on a small hand-made lake,
 * as-of 2024-04-10. Desa A = Selat Dalam 62.03.01.1010, B = Pulau Telo 62.03.01.2011.
 *
 * DTKS 2024-01: d1 (K1, A, head, desil 3, born 1990), d2 (K2, A, head, desil 6, born 1985).
 * DTSEN 2024-02: member rows only (d1 in K1): no family rows, so no registry snapshot — February
 *   still uses DTKS January.
 * DTSEN 2024-03 families: F1 = K1 (A, desil nasional 7, provinsi 3), F2 = K3 (B, desil 1, no
 *   member rows), F3 = K4 (A, desil 2). Members: d1 in K1 (34), d2 now in K4 with c1 (K4, child
 *   born 2019), m3 in K9 (no family row: absent from the registry).
 * BPJS Kesehatan 2024-01: d1 PBI_APBN AKTIF (A), m3 PBI_APBD AKTIF (A), d2 PPU NONAKTIF (A).
 * For data_quality only: DTKS 2024-01 also has d3 (K5, B, no desil); DTSEN 2024-03 also has F4 =
 *   K6 (B, no desil, no members). BPJS Ketenagakerjaan 2024-01: d3, c1, z9 (nobody's). PKH 2024:
 *   K1, K2, K6 (a family without members: a household of the snapshot). Complaints: d1, d3, m3.
 * Every expected number is worked out in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type BuiltWarehouse } from '../tests/fixtures/warehouse/buildFixture.js';
import { pseudo, type LakeRows } from '../tests/fixtures/warehouse/writeLake.js';

const A = '62.03.01.1010';
const B = '62.03.01.2011';
const nik = (p: string) => pseudo(`dtsen-nik-${p}`);
const kk = (k: string) => pseudo(`dtsen-kk-${k}`);

const keluarga = (periode: string, k: string, desa: string, nas: number, prov: number) => ({
  periode,
  no_kk: kk(k),
  kode_desa: desa,
  desil_nasional: nas,
  desil_provinsi: prov,
  desil_kabupaten_kota: prov,
  pbi_nas: 'TIDAK',
  pbi_pemda: 'TIDAK',
});

const anggota = (periode: string, p: string, k: string, lahir: string, hubungan: string) => ({
  periode,
  nik: nik(p),
  no_kk: kk(k),
  tanggal_lahir: lahir,
  jenis_kelamin: 'L',
  hubungan_keluarga: hubungan,
  disabilitas: 'TIDAK',
  hamil: 'TIDAK',
  pekerjaan: null,
});

const lake: LakeRows = {
  dtks: [
    {
      periode: '2024-01-01',
      id_dtks: 'D1',
      nik: nik('d1'),
      no_kk: kk('K1'),
      kode_desa: A,
      tanggal_lahir: '1990-01-01',
      jenis_kelamin: 'L',
      hubungan_keluarga: 'KEPALA_KELUARGA',
      desil: 3,
      disabilitas: 'TIDAK',
      hamil: 'TIDAK',
      tanggal_verifikasi: '2023-12-01',
    },
    {
      periode: '2024-01-01',
      id_dtks: 'D2',
      nik: nik('d2'),
      no_kk: kk('K2'),
      kode_desa: A,
      tanggal_lahir: '1985-01-01',
      jenis_kelamin: 'L',
      hubungan_keluarga: 'KEPALA_KELUARGA',
      desil: 6,
      disabilitas: 'TIDAK',
      hamil: 'TIDAK',
    },
    {
      periode: '2024-01-01',
      id_dtks: 'D3',
      nik: nik('d3'),
      no_kk: kk('K5'),
      kode_desa: B,
      tanggal_lahir: '1980-01-01',
      jenis_kelamin: 'P',
      hubungan_keluarga: 'KEPALA_KELUARGA',
      desil: null,
      disabilitas: 'TIDAK',
      hamil: 'TIDAK',
    },
  ],
  dtsen_keluarga: [
    keluarga('2024-03-01', 'K1', A, 7, 3),
    keluarga('2024-03-01', 'K3', B, 1, 1),
    keluarga('2024-03-01', 'K4', A, 2, 2),
    { ...keluarga('2024-03-01', 'K6', B, 0, 0), desil_nasional: null, desil_provinsi: null },
  ],
  dtsen_anggota: [
    anggota('2024-02-01', 'd1', 'K1', '1990-01-01', 'KEPALA_KELUARGA'),
    anggota('2024-03-01', 'd1', 'K1', '1990-01-01', 'KEPALA_KELUARGA'),
    anggota('2024-03-01', 'd2', 'K4', '1985-01-01', 'KEPALA_KELUARGA'),
    anggota('2024-03-01', 'c1', 'K4', '2019-05-05', 'ANAK'),
    anggota('2024-03-01', 'm3', 'K9', '1975-01-01', 'KEPALA_KELUARGA'),
  ],
  bpjs_kesehatan: [
    { periode: '2024-01-01', nik: nik('d1'), kode_desa: A, segmen: 'PBI_APBN', status: 'AKTIF' },
    { periode: '2024-01-01', nik: nik('m3'), kode_desa: A, segmen: 'PBI_APBD', status: 'AKTIF' },
    { periode: '2024-01-01', nik: nik('d2'), kode_desa: A, segmen: 'PPU', status: 'NONAKTIF' },
  ],
  bpjs_ketenagakerjaan: ['d3', 'c1', 'z9'].map((p) => ({
    periode: '2024-01-01',
    nik: nik(p),
    kode_desa: A,
    kategori: 'BPU',
    status: 'AKTIF',
  })),
  pkh: ['K1', 'K2', 'K6'].map((k) => ({
    tahun: 2024,
    tahap: 1,
    no_kk: kk(k),
    kode_desa: A,
    status_salur: 'SALUR',
    nominal: 600000,
  })),
  rujukan: ['d1', 'd3', 'm3'].map((p, i) => ({
    id_rujukan: `R${i + 1}`,
    tanggal_keluhan: '2024-03-02',
    nik: nik(p),
    kode_desa: A,
    kategori: 'ADMINDUK',
    kanal: 'PUSKESOS',
    lembaga_tujuan: 'DISDUKCAPIL',
    status: 'DIRUJUK',
    tanggal_selesai: null,
    diperbarui_pada: '2024-03-03 09:10:00+07',
    _file: 'rujukan.csv',
    _file_seq: 0,
    _line: i + 2,
  })),
};

let wh: BuiltWarehouse;
beforeAll(async () => {
  wh = await buildFixture(lake, { asOf: '2024-04-10' });
});
afterAll(() => wh?.close());

const v = async (id: string, period: string, area: string) =>
  (await wh.value(id, period, area))?.value;

describe('one registry of DTKS and DTSEN', () => {
  it('a DTSEN periode with member rows only is no snapshot: February still uses DTKS January', async () => {
    expect(await v('registri_individu', '2024-02', A)).toBe(2);
    expect(await v('registri_verifikasi_pct', '2024-02', A)).toBe(50); // d1 verified 2023-12-01
  });

  it('a member without a family row is not in the registry; a family without members adds nobody', async () => {
    // March: d1 (F1, A), d2 and c1 (F3, A); m3 has no family row; F2 (B) has no members
    expect(await v('registri_individu', '2024-03', A)).toBe(3);
    expect(await v('registri_individu', '2024-03', B)).toBe(0);
    // April carries March forward
    expect(await v('registri_individu', '2024-04', A)).toBe(3);
  });

  it('a family without members is a household that is never PKH-eligible', async () => {
    // F2 (B, desil 1) has no member with a PKH component: no eligible household in B
    expect(await wh.value('pkh_pct', '2024-03', B)).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
    // F3 (A, desil 2, child c1 aged 4) is eligible and got nothing; F1 (desil 7) is not
    expect(await v('gap_pkh', '2024-03', A)).toBe(1);
  });

  it('keluar_sasaran_pbi across sources: DTKS January (d1 desil 3) → DTSEN March (family desil 7)', async () => {
    // d2 was desil 6 in DTKS (outside the band) and is desil 2 now: not counted
    expect(await v('keluar_sasaran_pbi', '2024-03', A)).toBe(1);
    expect(await v('keluar_sasaran_pbi', '2024-04', A)).toBe(1);
    expect(await wh.value('keluar_sasaran_pbi', '2024-02', A)).toBeUndefined();
  });

  it('pbi_luar_sasaran: d1 (desil 7 above the band) and m3 (no family row: absent)', async () => {
    expect(await v('pbi_luar_sasaran', '2024-03', A)).toBe(2);
    // January (DTKS): d1 desil 3 is in the band; m3 is absent
    expect(await v('pbi_luar_sasaran', '2024-01', A)).toBe(1);
  });

  it('uhc_pct counts d2 (NONAKTIF) as a member; jkn_aktif_pct does not', async () => {
    expect(await wh.value('jkn_aktif_pct', '2024-03', A)).toEqual({
      numerator: 2,
      denominator: 3,
      value: (100 * 2) / 3,
    });
    expect((await wh.value('uhc_pct', '2024-03', A))?.numerator).toBe(3);
  });

  it('registri_verifikasi_pct has no rows in DTSEN months; the household desil is the family one', async () => {
    expect(await wh.value('registri_verifikasi_pct', '2024-03', A)).toBeUndefined();
    // in the PBI band in March: d2 and c1 (F3, desil 2); d1 (7) is not. Nobody has active PBI.
    expect(await wh.value('pbi_sasaran_pct', '2024-03', A)).toMatchObject({
      numerator: 0,
      denominator: 2,
    });
    expect(await v('gap_jkn_sasaran', '2024-03', A)).toBe(2);
  });
});

describe('data_quality per registry source and release', () => {
  it('matches each feed against each snapshot and counts the registry gaps', async () => {
    const rows = await wh.query(
      `SELECT sumber, periode, metric, numerator, denominator, value FROM data_quality
       ORDER BY periode, metric`,
    );
    const row = (
      sumber: string,
      periode: string,
      metric: string,
      numerator: number,
      denominator: number,
    ) => ({
      sumber,
      periode,
      metric,
      numerator,
      denominator,
      value: denominator ? (100 * numerator) / denominator : null,
    });
    expect(rows).toEqual([
      // DTKS 2024-01: people d1 d2 d3; households K1 (3), K2 (6), K5 (no desil)
      row('DTKS', '2024-01', 'bpjs_kesehatan_in_registri', 2, 3), // d1 d2 of d1 m3 d2
      row('DTKS', '2024-01', 'bpjs_ketenagakerjaan_in_registri', 1, 3), // d3 of d3 c1 z9
      row('DTKS', '2024-01', 'keluarga_tanpa_desil', 1, 3), // K5
      row('DTKS', '2024-01', 'pkh_in_registri', 2, 3), // K1 K2 of K1 K2 K6
      row('DTKS', '2024-01', 'rujukan_nik_in_registri', 2, 3), // d1 d3 of d1 d3 m3
      // DTSEN 2024-02: member rows only (d1), no family row: no snapshot, this row alone
      row('DTSEN', '2024-02', 'anggota_tanpa_keluarga', 1, 1),
      // DTSEN 2024-03: people d1 (K1) d2 c1 (K4); m3 (K9) has no family row; families K1 K3 K4 K6
      row('DTSEN', '2024-03', 'anggota_tanpa_keluarga', 1, 4), // m3 of d1 d2 c1 m3
      row('DTSEN', '2024-03', 'bpjs_kesehatan_in_registri', 2, 3), // d1 d2
      row('DTSEN', '2024-03', 'bpjs_ketenagakerjaan_in_registri', 1, 3), // c1
      row('DTSEN', '2024-03', 'keluarga_tanpa_desil', 1, 4), // K6
      row('DTSEN', '2024-03', 'pkh_in_registri', 2, 3), // K1, K6 (no members); K2 is not in DTSEN
      row('DTSEN', '2024-03', 'rujukan_nik_in_registri', 1, 3), // d1 (m3 is no registry member)
    ]);
  });
});
