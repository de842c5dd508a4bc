/**
 * Property: whatever a client sends — random or malformed query strings, path parameters, JSON
 * bodies, content types, Accept headers — the API answers below 500, and every error is the
 * `{statusCode, error, message}` shape. Runs against the real app on the sample warehouse; a
 * failure prints the fast-check seed and the shrunk request to replay.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFetch, type RunningApi, startSampleApi } from './support.js';

let api: RunningApi;
beforeAll(async () => {
  // The fuzzer sends thousands of requests from one address: no per-client limit here.
  api = await startSampleApi('fuzz', { RATE_LIMIT: '0' });
});
afterAll(async () => api?.close());

/** Runs per endpoint; `FUZZ_RUNS=1000` for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Endpoint {
  method: Method;
  path: string;
  query?: string[];
  body?: string[];
}

/** Every route of api/README.md, with the names of its query parameters and body fields. */
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: '/api/meta' },
  { method: 'GET', path: '/api/indicators' },
  { method: 'GET', path: '/api/indicators/:id/values', query: ['level', 'parent', 'period'] },
  { method: 'GET', path: '/api/indicators/:id/series', query: ['area', 'from', 'to'] },
  { method: 'GET', path: '/api/areas', query: ['q'] },
  { method: 'GET', path: '/api/areas/:code' },
  { method: 'GET', path: '/api/geo' },
  { method: 'GET', path: '/api/geo/missing' },
  { method: 'GET', path: '/api/scorecard', query: ['area', 'period'] },
  { method: 'GET', path: '/api/rujukan/breakdown', query: ['area', 'period'] },
  { method: 'GET', path: '/api/coverage/gaps', query: ['area', 'period', 'sort'] },
  {
    method: 'POST',
    path: '/api/budget/simulate',
    body: ['period', 'premi_pbi', 'premi_bpu', 'max_desil', 'kecamatan'],
  },
  { method: 'GET', path: '/api/etl/runs' },
  { method: 'GET', path: '/api/etl/status' },
  { method: 'GET', path: '/api/etl/freshness' },
  { method: 'GET', path: '/api/etl/quality' },
  { method: 'GET', path: '/api/etl/rejects', query: ['feed', 'run_id'] },
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/targets' },
  { method: 'GET', path: '/api/targets/audit' },
  { method: 'PUT', path: '/api/targets/:indicator', body: ['target', 'area'] },
  { method: 'DELETE', path: '/api/targets/:indicator', query: ['area'] },
  { method: 'GET', path: '/api/pokja/meetings', query: ['kecamatan'] },
  {
    method: 'POST',
    path: '/api/pokja/meetings',
    body: ['kecamatan', 'tanggal', 'tempat', 'opd_hadir', 'catatan'],
  },
  { method: 'GET', path: '/api/pokja/meetings/:id' },
  {
    method: 'PATCH',
    path: '/api/pokja/meetings/:id',
    body: ['tanggal', 'tempat', 'opd_hadir', 'catatan'],
  },
  { method: 'PUT', path: '/api/pokja/meetings/:id/agenda', body: ['items'] },
  { method: 'DELETE', path: '/api/pokja/meetings/:id' },
  { method: 'GET', path: '/api/pokja/meetings/:id/brief' },
  {
    method: 'GET',
    path: '/api/pokja/actions',
    query: ['kecamatan', 'status', 'tanggal', 'overdue'],
  },
  {
    method: 'POST',
    path: '/api/pokja/actions',
    body: ['title', 'owner_opd', 'due_date', 'indicator_id', 'area', 'meeting_id', 'status'],
  },
  { method: 'GET', path: '/api/pokja/actions/:id' },
  {
    method: 'PATCH',
    path: '/api/pokja/actions/:id',
    body: ['title', 'owner_opd', 'due_date', 'status'],
  },
  { method: 'POST', path: '/api/pokja/actions/:id/comments', body: ['body'] },
  { method: 'GET', path: '/api/pokja/rakor', query: ['tanggal'] },
];

/** Values near the valid ones (so requests get past the first check) and hostile ones. */
const PLAUSIBLE = [
  '62.03',
  '62.03.01',
  '62.03.01.1010',
  '62.03.99',
  '62',
  '62.71.01',
  'pbi_sasaran_pct',
  'rujukan_median_hari',
  'gap_jkn_sasaran',
  'desa',
  'kecamatan',
  'kabupaten',
  'provinsi',
  '2024-06',
  '2024-07',
  '2024-13',
  '0000-00',
  '2024-06-31',
  '2024-02-29',
  '9999-12-31',
  'BARU',
  'SELESAI',
  'rujukan',
  'dtks',
  '1',
  '0',
  '-1',
  '1e308',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '',
  ' ',
  'null',
  'true',
  '[]',
  '{}',
  '..',
  '../../etc/passwd',
  "'; DROP TABLE targets; --",
  '%00',
  '\u0000',
  '\u202e',
  '😀',
  'x'.repeat(3000),
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** A query parameter: absent, once, or repeated (which arrives as an array). */
const queryValue = fc.oneof(
  text.map((v) => [v]),
  fc.array(text, { minLength: 2, maxLength: 3 }),
);

function queryFor(names: string[]) {
  const known = Object.fromEntries(names.map((n) => [n, queryValue]));
  return fc.tuple(
    fc.record(known, { requiredKeys: [] }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), queryValue, { maxKeys: 2 }),
  );
}

const jsonValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PLAUSIBLE), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.record({ title: text, detail: text, kind: text, ref: text }), {
      maxLength: 3,
    }),
  },
);

/** A body: an object of the route's fields with random values, any JSON, or broken text. */
function bodyFor(names: string[]) {
  const known = Object.fromEntries(names.map((n) => [n, jsonValue]));
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(known, { requiredKeys: [] }).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":1,}', 'null', '[[[[[[[[[[', '\u0000') },
  );
}

const pathParam = fc.oneof(text, fc.nat().map(String));
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
);
const accept = fc.constantFrom(
  'application/json',
  'application/vnd.apache.arrow.stream',
  '*/*',
  'text/html',
  'application/xml',
);

function requestFor(endpoint: Endpoint): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    params: fc.array(pathParam, { minLength: 3, maxLength: 3 }),
    encode: fc.boolean(),
    query: queryFor(endpoint.query ?? []),
    body: bodyFor(endpoint.body ?? []),
    contentType,
    accept,
  });
}

function buildUrl(endpoint: Endpoint, req: FuzzRequest): string {
  let i = 0;
  const pathPart = endpoint.path.replace(/:\w+/g, () => {
    const value = req.params[i++] ?? '';
    // Unencoded values reach the router raw (slashes, dots, percent signs): the router must cope.
    return req.encode ? encodeURIComponent(value) : value.replace(/[#?\s]/g, '');
  });
  const search = new URLSearchParams();
  for (const [name, values] of [...Object.entries(req.query[0]), ...Object.entries(req.query[1])])
    for (const v of values ?? []) search.append(name, v);
  const qs = search.toString();
  return `${api.url}${pathPart}${qs ? `?${qs}` : ''}`;
}

interface FuzzRequest {
  params: string[];
  encode: boolean;
  query: [Partial<Record<string, string[]>>, Record<string, string[]>];
  body: string;
  contentType: string;
  accept: string;
}

async function send(endpoint: Endpoint, req: FuzzRequest): Promise<void> {
  const url = buildUrl(endpoint, req);
  const hasBody = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
  let res: Response;
  try {
    res = await apiFetch(url, {
      method: endpoint.method,
      headers: {
        accept: req.accept,
        ...(hasBody ? { 'content-type': req.contentType } : {}),
      },
      body: hasBody ? req.body : undefined,
    });
  } catch (error) {
    // fetch itself refuses some URLs (e.g. a raw '%' host part): nothing reached the API.
    if (error instanceof TypeError && /URL|Invalid/i.test(String(error.message))) return;
    throw error;
  }
  const raw = await res.text();
  const label = `${endpoint.method} ${url.slice(0, 300)} body=${hasBody ? req.body.slice(0, 200) : '-'}`;
  expect(res.status, `${label} → ${raw.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    const body = JSON.parse(raw) as Record<string, unknown>;
    expect(Object.keys(body).sort(), label).toEqual(['error', 'message', 'statusCode']);
    expect(body.statusCode, label).toBe(res.status);
    expect(typeof body.message, label).toBe('string');
  }
}

describe('fuzzed requests never get a 5xx', () => {
  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))(
    '%s',
    async (_name, endpoint) => {
      await fc.assert(
        fc.asyncProperty(requestFor(endpoint), (req) => send(endpoint, req)),
        { numRuns: RUNS },
      );
    },
  );

  it('wrong methods and unknown paths', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
    await fc.assert(
      fc.asyncProperty(method, fc.constantFrom(...ENDPOINTS), text, async (m, e, tail) => {
        const url = `${api.url}${e.path.replace(/:\w+/g, '1')}/${encodeURIComponent(tail)}`;
        const res = await apiFetch(url, { method: m });
        const raw = await res.text();
        expect(res.status, `${m} ${url} → ${raw.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});
