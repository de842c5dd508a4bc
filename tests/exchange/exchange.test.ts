/**
 * Aggregate exchange, export half (docs/exchange.md), on the hand-checked sample warehouse
 * (tests/fixtures/warehouse/sampleLake.ts): every output carries the figures of indicator_values
 * and nothing else; the package verifies with the public key and not after a changed byte.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionPattern } from '../../api/common/small-count.js';
import {
  exchangeKeyPair,
  exportAggregates,
  type ExchangeRow,
  keyFingerprint,
  verifyPackage,
} from '../../warehouse/exchange.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildFixture, type BuiltWarehouse } from '../fixtures/warehouse/buildFixture.js';
import { desa, sampleAsOf, sampleLake } from '../fixtures/warehouse/sampleLake.js';

let wh: BuiltWarehouse;
const kirim = { kecil: 'kirim' as const, threshold: 5 };
const tahan = { kecil: 'tahan' as const, threshold: 5, pattern: suppressionPattern };
const COLUMNS = [
  'indicator_id',
  'period',
  'level',
  'area_code',
  'numerator',
  'denominator',
  'value',
];

beforeAll(async () => {
  wh = await buildFixture(sampleLake, { asOf: sampleAsOf });
});
afterAll(() => wh?.close());

/** The region's rows of indicator_values (desa, kecamatan, kabupaten). */
const expectedRows = () =>
  wh.query<ExchangeRow>(
    `SELECT indicator_id, period, level, area_code, numerator, denominator, value
     FROM indicator_values
     WHERE (area_code = '62.03' OR area_code LIKE '62.03.%')
       AND level IN ('desa', 'kecamatan', 'kabupaten')`,
  );

describe('dataValueSets', () => {
  it('carries every numerator and denominator of indicator_values, period YYYYMM, orgUnit the code', async () => {
    const out = await exportAggregates(wh.dir, 'datavaluesets', kirim);
    const doc = JSON.parse(out.body.toString('utf8')) as {
      dataValues: { dataElement: string; period: string; orgUnit: string; value: string }[];
    };
    const got = new Map(
      doc.dataValues.map((d) => [`${d.dataElement}|${d.period}|${d.orgUnit}`, Number(d.value)]),
    );
    const rows = await expectedRows();
    expect(rows.length).toBeGreaterThan(100);
    let checked = 0;
    for (const r of rows) {
      const p = r.period.replace('-', '');
      for (const [suffix, v] of [
        ['_num', r.numerator],
        ['_den', r.denominator],
        ['', r.value],
      ] as const) {
        const key = `${r.indicator_id}${suffix}|${p}|${r.area_code}`;
        if (v === null) expect(got.has(key)).toBe(false);
        else {
          expect(got.get(key)).toBeCloseTo(v, 5);
          checked++;
        }
      }
    }
    expect(doc.dataValues.length).toBe(checked);
    // Hand-checked (warehouse/sample.test.ts): PBI share in Selat Dalam, June 2024 = 2 of 3.
    expect(got.get(`pbi_sasaran_pct_num|202406|${desa.selatDalam}`)).toBe(2);
    expect(got.get(`pbi_sasaran_pct_den|202406|${desa.selatDalam}`)).toBe(3);
    for (const d of doc.dataValues) expect(d.period).toMatch(/^\d{6}$/);
  });

  it('keeps to --from/--to and refuses a month that is not YYYY-MM', async () => {
    const out = await exportAggregates(wh.dir, 'datavaluesets', {
      ...kirim,
      from: '2024-06',
      to: '2024-06',
    });
    expect(out.data.meta.months).toEqual(['2024-06']);
    await expect(exportAggregates(wh.dir, 'adx', { ...kirim, from: '2024-6' })).rejects.toThrow(
      /YYYY-MM/,
    );
  });
});

/** The XML elements the test reads. */
interface XmlElement {
  namespaceURI: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}
type XmlParser = new (options: object) => {
  parseFromString(text: string, type: string): { documentElement: XmlElement };
};
/**
 * @xmldom/xmldom, loaded by a name TypeScript does not follow: its type declarations bring the DOM
 * library's Blob and Headers, which clash with Node's in every other test.
 */
async function xmlParser(): Promise<XmlParser> {
  const name = '@xmldom/xmldom';
  return ((await import(name)) as { DOMParser: XmlParser }).DOMParser;
}

describe('ADX', () => {
  it('is well-formed XML with one group per area and month and one dataValue per figure', async () => {
    const out = await exportAggregates(wh.dir, 'adx', kirim);
    const errors: string[] = [];
    const doc = new (await xmlParser())({
      errorHandler: {
        warning: () => {},
        error: (e: string) => errors.push(e),
        fatalError: (e: string) => errors.push(e),
      },
    }).parseFromString(out.body.toString('utf8'), 'text/xml');
    expect(errors).toEqual([]);
    const root = doc.documentElement;
    expect(root.namespaceURI).toBe('urn:ihe:qrph:adx:2015');
    const rows = await expectedRows();
    const groups = root.getElementsByTagName('group');
    expect(groups.length).toBe(new Set(rows.map((r) => `${r.area_code}|${r.period}`)).size);
    const figures = rows.reduce(
      (n, r) => n + [r.numerator, r.denominator, r.value].filter((v) => v !== null).length,
      0,
    );
    expect(root.getElementsByTagName('dataValue').length).toBe(figures);
    expect(groups[0].getAttribute('period')).toMatch(/^\d{4}-\d{2}-01\/P1M$/);
  });
});

describe('package (paket)', () => {
  it('verifies with the public key; one changed byte of figures.json fails', async () => {
    const out = await exportAggregates(wh.dir, 'paket', kirim);
    const { publicKeyPem } = await exchangeKeyPair(wh.dir);
    expect(await readFile(dataFolder(wh.dir).exchangePublicKey, 'utf8')).toBe(publicKeyPem);
    const ok = verifyPackage(out.body, publicKeyPem);
    expect(ok.manifest.row_count).toBe((await expectedRows()).length);
    expect(ok.manifest.region_code).toBe('62.03');
    expect(ok.manifest.run_id).toBe('run-test');
    expect(ok.manifest.catalogue_version).toMatch(/\S/);
    expect(Object.keys(ok.manifest.programme_rules)).toContain('pbi_jk.desil_maks');
    expect(Object.keys(ok.manifest.data_dates)).toContain('dtks');
    expect(ok.manifest.signature.key_fingerprint).toBe(keyFingerprint(publicKeyPem));

    // One byte of figures.json changed (a 2 becomes a 3) inside the archive.
    const tar = gunzipSync(out.body);
    const text = tar.toString('latin1');
    const at = text.indexOf('"numerator":2,', text.indexOf('[{"indicator_id"'));
    expect(at).toBeGreaterThan(0);
    const changed = Buffer.from(tar);
    changed[at + '"numerator":'.length] = '3'.charCodeAt(0);
    expect(() => verifyPackage(gzipSync(changed), publicKeyPem)).toThrow(/sha256/);

    // Another key does not verify it.
    const other = await exchangeKeyPair(`${wh.dir}/lain`);
    expect(() => verifyPackage(out.body, other.publicKeyPem)).toThrow(/kunci publik/);
  });
});

describe('small counts', () => {
  it('--kecil tahan withholds desa counts 1–4 and the manifest says so', async () => {
    const out = await exportAggregates(wh.dir, 'paket', tahan);
    const { publicKeyPem } = await exchangeKeyPair(wh.dir);
    const { manifest, rows } = verifyPackage(out.body, publicKeyPem);
    expect(manifest.small_count.rule).toBe('tahan');
    expect(manifest.small_count.threshold).toBe(5);
    expect(manifest.small_count.withheld_cells).toBeGreaterThan(0);
    const units = new Map(
      (
        await wh.query<{ id: string; unit: string }>('SELECT id, unit FROM indicator_catalogue')
      ).map((r) => [r.id, r.unit]),
    );
    const small = (n: number | null) => n !== null && n >= 1 && n <= 4;
    for (const r of rows.filter((x) => x.level === 'desa')) {
      if (units.get(r.indicator_id) === 'count') expect(small(r.value)).toBe(false);
    }
    // registri_individu in Selat Dalam, June 2024, is 3 people: sent with kirim, not with tahan.
    const find = (rs: ExchangeRow[]) =>
      rs.find(
        (r) =>
          r.indicator_id === 'registri_individu' &&
          r.period === '2024-06' &&
          r.area_code === desa.selatDalam,
      );
    expect(find(rows)).toBeUndefined();
    const all = verifyPackage((await exportAggregates(wh.dir, 'paket', kirim)).body, publicKeyPem);
    expect(find(all.rows)?.value).toBe(3);
    expect(all.manifest.small_count).toEqual({ rule: 'kirim', threshold: 5, withheld_cells: 0 });
    // Kecamatan and kabupaten rows are never withheld.
    expect(rows.filter((r) => r.level !== 'desa').length).toBe(
      all.rows.filter((r) => r.level !== 'desa').length,
    );
  });
});

describe('privacy', () => {
  it('no output has a column or value that could hold a NIK, no_kk or name', async () => {
    const pkg = verifyPackage(
      (await exportAggregates(wh.dir, 'paket', kirim)).body,
      (await exchangeKeyPair(wh.dir)).publicKeyPem,
    );
    for (const r of pkg.rows) expect(Object.keys(r)).toEqual(COLUMNS);
    expect(pkg.manifest.columns).toEqual(COLUMNS);
    const dvs = JSON.parse(
      (await exportAggregates(wh.dir, 'datavaluesets', kirim)).body.toString('utf8'),
    ) as { dataValues: Record<string, unknown>[] };
    for (const d of dvs.dataValues) {
      expect(Object.keys(d).sort()).toEqual(['dataElement', 'orgUnit', 'period', 'value']);
    }
    const adx = (await exportAggregates(wh.dir, 'adx', kirim)).body.toString('utf8');
    const attrs = new Set(
      [...adx.slice(adx.indexOf('?>')).matchAll(/ ([a-zA-Z:]+)="/g)].map((m) => m[1]),
    );
    expect([...attrs].sort()).toEqual([
      'dataElement',
      'dataSet',
      'exported',
      'orgUnit',
      'period',
      'value',
      'xmlns',
    ]);
    // The manifest without its hex digests (sha256 of figures.json, key fingerprint).
    const { figures_sha256: _sha, signature: _sig, ...manifest } = pkg.manifest;
    const everything = [
      JSON.stringify(pkg.rows),
      JSON.stringify(manifest),
      JSON.stringify(dvs),
      adx,
    ].join('\n');
    // A NIK-like run of 16 digits (not the decimals of a percentage).
    expect(everything).not.toMatch(/(?<![\d.])\d{16}(?![\d.])/);
    expect(everything).not.toMatch(/\b(nik|no_kk|nama|name|pseudonym)\b/i);
    for (const name of ['AHMAD', 'SITI', 'RAFI', 'MARTINA']) expect(everything).not.toContain(name);
  });
});
