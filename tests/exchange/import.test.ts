/**
 * Aggregate exchange, import half (docs/exchange.md, "Import"): two kabupaten instances of
 * Kalimantan Tengah — the Kapuas demo (62.03) and the demo re-coded to Palangka Raya (62.71,
 * `--region`) — run the real ETL on a small demo inbox and export signed packages; a province data
 * folder (62) registers their keys and imports both with the real DuckDB build and publish.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { suppressionPattern } from '../../api/common/small-count.js';
import { generateDemoInbox } from '../../etl/demo/generate.js';
import { runEtl } from '../../etl/run.js';
import { dueDate } from '../../warehouse/agregat-marts.js';
import { importPackage, registerKey } from '../../warehouse/agregat.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import {
  exchangeKeyPair,
  exportAggregates,
  readExchange,
  toPackage,
  type ExchangeData,
} from '../../warehouse/exchange.js';
import { query } from '../support/duckdb.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs('agregat-impor-');
const AS_OF = '2026-06-20';
const NOW = Date.parse('2026-11-22T00:00:00Z');
const KAPUAS = '62.03';
const PALANGKA = '62.71';
const tahan = { kecil: 'tahan' as const, threshold: 5, pattern: suppressionPattern };

interface Instance {
  data: string;
  pkg: Buffer;
  pub: string;
  priv: string;
}

async function kabupatenInstance(region: string, seed: number): Promise<Instance> {
  const dir = await temp();
  const inbox = path.join(dir, 'inbox');
  const data = path.join(dir, 'data');
  await generateDemoInbox({
    out: inbox,
    seed,
    scale: 0.02,
    months: 6,
    end: '2026-06',
    now: NOW,
    region,
  });
  const summary = await runEtl({
    inboxDir: inbox,
    dataDir: data,
    asOf: AS_OF,
    regionCode: region,
    settleSeconds: 0,
  });
  expect(summary.status, summary.error).toBe('SUCCESS');
  const out = await exportAggregates(data, 'paket', tahan);
  const keys = await exchangeKeyPair(data);
  return { data, pkg: out.body, pub: keys.publicKeyPem, priv: keys.privateKeyPem };
}

type Row = Record<string, unknown>;
const key = (r: Row) =>
  `${String(r.indicator_id)}|${String(r.period)}|${String(r.level)}|${String(r.area_code)}`;
const FIGURES = `SELECT indicator_id, period, level, area_code, numerator, denominator, value
  FROM indicator_values`;

async function snapshot(data: string): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(dataFolder(data).warehouse));
  const lake = dataFolder(data).lake;
  const files = (await readdir(lake, { recursive: true })).map(String).sort();
  return `${hash.digest('hex')}\n${files.join('\n')}`;
}

let kapuas: Instance;
let palangka: Instance;
let province: string;

beforeAll(async () => {
  kapuas = await kabupatenInstance(KAPUAS, 7);
  palangka = await kabupatenInstance(PALANGKA, 8);
  province = path.join(await temp(), 'data');
});

const impor = (body: Buffer, extra: { kabupaten?: string; fileName?: string } = {}) =>
  importPackage({
    dataDir: province,
    provinceCode: '62',
    body,
    source: 'unggah',
    actor: 'test-admin',
    asOf: AS_OF,
    ...extra,
  });

describe('province import', () => {
  it('refuses a package whose kabupaten has no registered key, and a key for another province', async () => {
    await expect(impor(kapuas.pkg)).rejects.toThrow(/Kunci publik 62\.03 .* belum didaftarkan/);
    await expect(registerKey(province, '62', '63.01', kapuas.pub)).rejects.toThrow(
      /tidak berada di provinsi 62/,
    );
    await expect(registerKey(province, '62', KAPUAS, 'bukan kunci')).rejects.toThrow(/Ed25519/);
  });

  it('imports both kabupaten: their rows equal their own indicator_values; provinsi = Σnum/Σden', async () => {
    await registerKey(province, '62', KAPUAS, kapuas.pub);
    await registerKey(province, '62', PALANGKA, palangka.pub);
    await expect(impor(kapuas.pkg, { kabupaten: PALANGKA })).rejects.toThrow(
      /Paket ini dari 62\.03, bukan 62\.71/,
    );
    const a = await impor(kapuas.pkg, { kabupaten: KAPUAS });
    expect(a.entry.months).toHaveLength(6);
    expect(a.entry.removed_months).toEqual([]);
    await impor(palangka.pkg);
    const wh = dataFolder(province).warehouse;
    const meta = await query(wh, `SELECT value FROM warehouse_meta WHERE key = 'region_code'`);
    expect(meta[0]?.value).toBe('62');
    // the default month as a kabupaten instance's: the newest before the month in progress
    const latest = `SELECT value FROM warehouse_meta WHERE key = 'latest_period'`;
    const own = await query(dataFolder(kapuas.data).warehouse, latest);
    expect(own[0]?.value).toBe('2026-05');
    expect((await query(wh, latest))[0]?.value).toBe(own[0]?.value);

    const got = new Map(
      (await query(wh, `${FIGURES} WHERE level <> 'provinsi'`)).map((r) => [key(r), r]),
    );
    let compared = 0;
    for (const [inst, region] of [
      [kapuas, KAPUAS],
      [palangka, PALANGKA],
    ] as const) {
      // a kabupaten's BPJS rows also list neighbouring kabupaten: only its own area is exported
      const own = await query(
        dataFolder(inst.data).warehouse,
        `${FIGURES} WHERE level IN ('kabupaten', 'kecamatan') AND area_code LIKE '${region}%'`,
      );
      expect(own.length).toBeGreaterThan(100);
      for (const r of own) {
        expect(got.get(key(r)), key(r)).toEqual(r);
        compared++;
      }
      // desa rows: those the small-count rule let through, unchanged
      const sent = (await readExchange(dataFolder(inst.data).warehouse, tahan)).rows;
      for (const r of sent.filter((s) => s.level === 'desa'))
        expect(got.get(key(r as unknown as Row))).toEqual(r);
    }
    expect(compared).toBeGreaterThan(200);
    const desaCount = await query(
      wh,
      `SELECT count(DISTINCT area_code)::INTEGER AS n FROM indicator_values WHERE level = 'desa'`,
    );
    expect(Number(desaCount[0]?.n)).toBeGreaterThan(30);

    // the province row, recomputed here from the two kabupaten instances' own files
    const kab = [
      ...(await query(
        dataFolder(kapuas.data).warehouse,
        `${FIGURES} WHERE level = 'kabupaten' AND area_code = '${KAPUAS}'`,
      )),
      ...(await query(
        dataFolder(palangka.data).warehouse,
        `${FIGURES} WHERE level = 'kabupaten' AND area_code = '${PALANGKA}'`,
      )),
    ];
    const units = new Map(
      (await query(wh, 'SELECT id, unit FROM indicator_catalogue')).map((r) => [
        String(r.id),
        String(r.unit),
      ]),
    );
    const provinsi = await query(wh, `${FIGURES} WHERE level = 'provinsi'`);
    expect(provinsi.length).toBeGreaterThan(50);
    let percents = 0;
    for (const p of provinsi) {
      expect(p.area_code).toBe('62');
      const parts = kab.filter((r) => r.indicator_id === p.indicator_id && r.period === p.period);
      expect(parts.length, key(p)).toBeGreaterThan(0);
      const sum = (f: string) => parts.reduce((s, r) => s + Number(r[f] ?? 0), 0);
      const unit = units.get(String(p.indicator_id));
      if (unit === 'percent') {
        expect(p.numerator).toBeCloseTo(sum('numerator'), 6);
        expect(p.denominator).toBeCloseTo(sum('denominator'), 6);
        if (sum('denominator') > 0) {
          expect(p.value as number).toBeCloseTo((100 * sum('numerator')) / sum('denominator'), 6);
          percents++;
        } else expect(p.value).toBeNull();
      } else if (unit === 'days') {
        expect(p.value).toBeNull();
      } else {
        expect(p.value as number).toBeCloseTo(sum('value'), 2);
      }
    }
    expect(percents).toBeGreaterThan(30);

    const status = await query(wh, 'SELECT * FROM agregat_status ORDER BY kabupaten_code');
    expect(status).toHaveLength(14); // Kalimantan Tengah's kabupaten/kota
    const k = status.find((r) => r.kabupaten_code === KAPUAS)!;
    expect(k).toMatchObject({
      source: 'unggah',
      first_month: '2026-01',
      last_month: '2026-06',
      month_count: 6,
      rules_differ: false,
    });
    expect(k.catalogue_version).toMatch(/\S/);
    expect(JSON.parse(String(k.programme_rules))).toHaveProperty('pbi_jk.desil_maks');
    expect(status.find((r) => r.kabupaten_code === '62.01')).toMatchObject({
      last_import_at: null,
      month_count: 0,
    });

    const lengkap = await query(
      wh,
      'SELECT * FROM agregat_kelengkapan ORDER BY kabupaten_code, period',
    );
    expect(lengkap).toHaveLength(14 * 6);
    const june = lengkap.find((r) => r.kabupaten_code === KAPUAS && r.period === '2026-06')!;
    expect(june.reported).toBe(true);
    expect(String(june.due_date)).toContain(dueDate('2026-06'));
    expect(
      lengkap.find((r) => r.kabupaten_code === '62.01' && r.period === '2026-06'),
    ).toMatchObject({ reported: false, on_time: null });
  });

  it('refuses a tampered package, a package of another province, and changes nothing', async () => {
    const before = await snapshot(province);
    const tampered = Buffer.from(kapuas.pkg);
    tampered[tampered.length - 40] ^= 0xff;
    await expect(impor(tampered)).rejects.toThrow(/rusak|tidak cocok|berubah/);
    // a valid signature over figures that claim a kabupaten of another province
    const data = await readExchange(dataFolder(kapuas.data).warehouse, tahan);
    const other: ExchangeData = { ...data, meta: { ...data.meta, region_code: '63.01' } };
    await expect(impor(toPackage(other, kapuas.priv))).rejects.toThrow(
      /tidak berada di provinsi 62/,
    );
    // rows outside the kabupaten
    const outside: ExchangeData = {
      ...data,
      rows: data.rows.map((r, i) => (i === 0 ? { ...r, area_code: '62.71.01' } : r)),
    };
    await expect(impor(toPackage(outside, kapuas.priv))).rejects.toThrow(/di luar 62\.03/);
    await expect(impor(Buffer.from('bukan paket'))).rejects.toThrow(/Berkas bukan paket/);
    await expect(impor(tampered.subarray(0, 200))).rejects.toThrow(/Paket rusak/);
    expect(await snapshot(province)).toBe(before);
    expect(await readdir(dataFolder(province).work).catch(() => [])).toEqual([]);
  });

  it('a re-import with fewer months removes the dropped months; a --from/--to package keeps months outside its range', async () => {
    const wh = dataFolder(province).warehouse;
    const months = async () =>
      (
        await query(
          wh,
          `SELECT DISTINCT period FROM indicator_values WHERE area_code = '${KAPUAS}' ORDER BY 1`,
        )
      ).map((r) => String(r.period));
    expect(await months()).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    // exported without --from/--to by an instance that now holds only 2026-03..2026-06
    const data = await readExchange(dataFolder(kapuas.data).warehouse, tahan);
    const fewer: ExchangeData = {
      meta: { ...data.meta, months: data.meta.months.filter((m) => m >= '2026-03') },
      rows: data.rows.filter((r) => r.period >= '2026-03'),
    };
    const r = await impor(toPackage(fewer, kapuas.priv));
    expect(r.entry.removed_months).toEqual(['2026-01', '2026-02']);
    expect(await months()).toEqual(['2026-03', '2026-04', '2026-05', '2026-06']);
    const provinsiJan = await query(
      wh,
      `SELECT count(*)::INTEGER AS n FROM indicator_values WHERE level = 'provinsi' AND period = '2026-01'`,
    );
    expect(Number(provinsiJan[0]?.n)).toBeGreaterThan(0); // Palangka Raya still reports January
    // --from 2026-05 --to 2026-05: only May replaced, the rest kept
    const may = await exportAggregates(kapuas.data, 'paket', {
      ...tahan,
      from: '2026-05',
      to: '2026-05',
    });
    const m = await impor(may.body);
    expect(m.entry.range).toEqual({ from: '2026-05', to: '2026-05' });
    expect(m.entry.removed_months).toEqual([]);
    expect(await months()).toEqual(['2026-03', '2026-04', '2026-05', '2026-06']);
    const lengkap = await query(
      wh,
      `SELECT period, reported FROM agregat_kelengkapan WHERE kabupaten_code = '${KAPUAS}' ORDER BY 1`,
    );
    expect(lengkap.filter((x) => x.reported).map((x) => x.period)).toEqual([
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
  });

  it('imports a package computed with other programme rules but flags it (rules_differ)', async () => {
    const data = await readExchange(dataFolder(palangka.data).warehouse, tahan);
    const changed: ExchangeData = {
      ...data,
      meta: {
        ...data.meta,
        programme_rules: { ...data.meta.programme_rules, 'pbi_jk.desil_maks': '3' },
      },
    };
    await impor(toPackage(changed, palangka.priv));
    const status = await query(
      dataFolder(province).warehouse,
      `SELECT kabupaten_code, rules_differ FROM agregat_status WHERE last_import_at IS NOT NULL ORDER BY 1`,
    );
    expect(status).toEqual([
      { kabupaten_code: KAPUAS, rules_differ: false },
      { kabupaten_code: PALANGKA, rules_differ: true },
    ]);
  });

  it('imports an admin-uploaded DHIS2 dataValueSets JSON (unsigned, flagged); a push of one is refused', async () => {
    const dvs = await exportAggregates(palangka.data, 'datavaluesets', {
      kecil: 'kirim',
      threshold: 5,
    });
    await expect(
      importPackage({
        dataDir: province,
        provinceCode: '62',
        body: dvs.body,
        source: 'kirim',
        actor: 'token:x',
        kabupaten: PALANGKA,
        asOf: AS_OF,
      }),
    ).rejects.toThrow(/harus paket bertanda tangan/);
    const r = await impor(dvs.body);
    expect(r.entry).toMatchObject({
      kabupaten_code: PALANGKA,
      format: 'datavaluesets',
      key_fingerprint: null,
    });
    const wh = dataFolder(province).warehouse;
    const own = await query(
      dataFolder(palangka.data).warehouse,
      `${FIGURES} WHERE level IN ('kabupaten', 'kecamatan', 'desa') AND area_code LIKE '${PALANGKA}%'`,
    );
    const got = new Map(
      (await query(wh, `${FIGURES} WHERE area_code LIKE '${PALANGKA}%'`)).map((x) => [key(x), x]),
    );
    for (const row of own) {
      const g = got.get(key(row));
      expect(g, key(row)).toBeDefined();
      for (const f of ['numerator', 'denominator', 'value'] as const)
        if (row[f] === null) expect(g![f]).toBeNull();
        else expect(g![f] as number).toBeCloseTo(row[f] as number, 5);
    }
    const status = await query(
      wh,
      `SELECT rules_differ, catalogue_version FROM agregat_status WHERE kabupaten_code = '${PALANGKA}'`,
    );
    expect(status[0]).toEqual({ rules_differ: true, catalogue_version: null });
    await expect(impor(Buffer.from('{"bukan": 1}'))).rejects.toThrow(/dataValueSets DHIS2/);
  });
});
