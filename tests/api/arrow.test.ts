/** Arrow IPC responses decode (apache-arrow) to the same rows as the JSON responses. */
import { tableFromIPC, Type } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFetch, getJson, type RunningApi, startSampleApi } from './support.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startSampleApi('arrow');
});
afterAll(async () => api?.close());

const ARROW = 'application/vnd.apache.arrow.stream';

/** JSON rows flattened one level, as documented: kecamatan {code, name} → kecamatan_code, …; indicator.id → indicator_id. */
function flatten(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [ik, iv] of Object.entries(v)) out[`${k}_${ik}`] = iv;
    } else out[k] = v;
  }
  return out;
}

async function both(path: string) {
  const json = await getJson(`${api.url}${path}`);
  expect(json.status).toBe(200);
  const res = await apiFetch(`${api.url}${path}`, { headers: { accept: ARROW } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(ARROW);
  const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  const rows = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
  return { json: json.body, table, rows, headers: res.headers };
}

function sameRows(arrowRows: Record<string, unknown>[], jsonRows: Record<string, unknown>[]) {
  expect(arrowRows).toHaveLength(jsonRows.length);
  arrowRows.forEach((arrowRow, i) => {
    const flat = flatten(jsonRows[i]!);
    for (const [key, value] of Object.entries(arrowRow))
      expect([i, key, value]).toEqual([i, key, flat[key]]);
  });
}

describe('Arrow IPC', () => {
  it.each([
    '/api/indicators/pbi_sasaran_pct/values?level=desa&period=2024-06',
    '/api/indicators/rujukan_masuk/values?period=2024-05',
    '/api/indicators/pbi_sasaran_pct/series?area=62.03.01.1010',
    '/api/scorecard?area=62.03.01.1010&period=2024-06',
    '/api/coverage/gaps?period=2024-06',
    '/api/etl/rejects',
  ])('%s', async (path) => {
    const { json, rows, table } = await both(path);
    expect(rows.length).toBeGreaterThan(0);
    sameRows(rows, json.rows);
    for (const field of table.schema.fields)
      expect([Type.Utf8, Type.Float]).toContain(field.typeId);
  });

  it('types columns explicitly and carries the data dates', async () => {
    const { table, json, headers } = await both(
      '/api/indicators/pbi_sasaran_pct/values?level=desa&period=2024-06',
    );
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'code:Utf8',
      'name:Utf8',
      'numerator:Float64',
      'denominator:Float64',
      'value:Float64',
    ]);
    expect(table.numRows).toBe(231);
    expect(JSON.parse(table.schema.metadata.get('data_dates')!)).toEqual(json.data_dates);
    expect(table.schema.metadata.get('as_of')).toBe('2024-07-05');
    expect(JSON.parse(headers.get('x-data-dates')!)).toEqual(json.data_dates);
    // Selat Dalam keeps its exact ratio; areas without DTKS people have a null value.
    const selatDalam = table.toArray().find((r) => r.code === '62.03.01.1010')!;
    expect(selatDalam.value).toBeCloseTo(200 / 3, 10);
    expect(table.toArray().filter((r) => r.value === null)).toHaveLength(229);
  });

  it('still sends JSON errors when Arrow was asked for', async () => {
    const res = await apiFetch(`${api.url}/api/indicators/pbi_sasaran_pct/values?period=bad`, {
      headers: { accept: ARROW },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/YYYY-MM/);
  });
});
