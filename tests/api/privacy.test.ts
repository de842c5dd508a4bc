/**
 * UU PDP scan: the sample inbox carries raw NIK / no_kk numbers, names (`nama`) and complaint
 * texts (`uraian`). The product as operators run it (`node dist/api/main.js`) serves the sample
 * warehouse, runs an ETL over the raw files again through POST /api/etl/run, and answers every
 * GET endpoint (JSON and Arrow), the rejects, the Pokja pages and the OpenAPI document. None of
 * those bytes, and none of the process's log lines, may contain any of those values.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilayahCsv } from '../../warehouse/wilayah.js';
import { buildSampleData, copySamples, samplesInbox } from '../support/sample-data.js';
import { apiFetch, spawnProduct, tempDir } from './support.js';

/** Every value of the sample inbox that must never leave the ETL's edge. */
function secrets(): { numbers: string[]; names: string[]; texts: string[] } {
  const numbers = new Set<string>();
  const names = new Set<string>();
  const texts = new Set<string>();
  for (const feed of readdirSync(samplesInbox)) {
    for (const file of readdirSync(path.join(samplesInbox, feed), {
      recursive: true,
      encoding: 'utf8',
    })) {
      if (!/\.(csv|txt)$/.test(file)) continue;
      const content = readFileSync(path.join(samplesInbox, feed, file), 'utf8').replace(
        /^\uFEFF/,
        '',
      );
      for (const m of content.matchAll(/\d{12,}/g)) numbers.add(m[0]);
      const [header = '', ...lines] = content.split(/\r?\n/).filter(Boolean);
      const delimiter = [';', '|', '\t', ','].find((d) => header.includes(d)) ?? ',';
      const columns = header.split(delimiter).map((c) => c.trim().toLowerCase());
      for (const line of lines) {
        const cells = line.split(delimiter);
        columns.forEach((column, i) => {
          const value = cells[i]?.trim();
          if (!value) return;
          if (column === 'nama') names.add(value);
          if (column === 'uraian') texts.add(value);
        });
      }
    }
  }
  return { numbers: [...numbers], names: [...names], texts: [...texts] };
}

const found = secrets();
const ARROW = 'application/vnd.apache.arrow.stream';

let root: string;
let child: ChildProcess;
let url: string;
let readLog: () => string = () => '';
const responses: { what: string; text: string }[] = [];

async function capture(what: string, init?: RequestInit): Promise<string> {
  const res = await apiFetch(`${url}${what}`, init);
  const accept = new Headers(init?.headers).get('accept');
  // Arrow strings are plain UTF-8 bytes in the buffers: a leaked value would show verbatim.
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
  responses.push({
    what: `${init?.method ?? 'GET'} ${what}${accept ? ` (${accept})` : ''}`,
    text: `${headers}\n${text}`,
  });
  expect(res.status, `${what}: ${text.slice(0, 200)}`).toBeLessThan(500);
  return text;
}

function send(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

beforeAll(async () => {
  expect(found.numbers.length).toBeGreaterThan(10);
  expect(found.names.length).toBeGreaterThan(5);
  expect(found.texts.length).toBeGreaterThanOrEqual(2);
  root = await tempDir('privacy');
  const { dataDir, inboxDir } = await buildSampleData(root);
  const product = await spawnProduct(dataDir, inboxDir);
  child = product.child;
  url = product.url;
  readLog = product.log;

  // The raw files once more through the API's own ETL run: its progress and rejects are logged.
  await copySamples(inboxDir);
  expect((await apiFetch(`${url}/api/etl/run`, { method: 'POST' })).status).toBe(202);
  for (;;) {
    const status = (await (await apiFetch(`${url}/api/etl/status`)).json()) as { running: boolean };
    if (!status.running) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await walkEverything();
});

afterAll(async () => {
  child?.kill('SIGTERM');
  const { rm } = await import('node:fs/promises');
  if (root) await rm(root, { recursive: true, force: true });
});

const DESA = ['62.03.01.1010', '62.03.06.2001', '62.03.01.2011'];
const PERIODS = ['2024-05', '2024-06', '2024-07'];

async function walkEverything(): Promise<void> {
  const indicators = JSON.parse(await capture('/api/indicators')) as {
    indicators: { id: string }[];
  };
  for (const p of ['/api/meta', '/api/geo', '/api/geo/missing', '/api/health', '/api/docs-json'])
    await capture(p);
  for (const p of ['/api/areas?q=selat', '/api/areas/62.03.01', '/api/areas/62.03.01.1010'])
    await capture(p);
  for (const { id } of indicators.indicators) {
    for (const period of PERIODS)
      await capture(`/api/indicators/${id}/values?level=desa&period=${period}`);
    await capture(`/api/indicators/${id}/values?level=desa`, { headers: { accept: ARROW } });
    for (const desa of DESA) await capture(`/api/indicators/${id}/series?area=${desa}`);
    await capture(`/api/indicators/${id}/series?area=${DESA[0]}`, { headers: { accept: ARROW } });
  }
  for (const area of [...DESA, '62.03.01', '62.03']) {
    for (const accept of ['application/json', ARROW])
      await capture(`/api/scorecard?area=${area}`, { headers: { accept } });
    await capture(`/api/rujukan/breakdown?area=${area}`);
  }
  for (const period of PERIODS) await capture(`/api/rujukan/breakdown?period=${period}`);
  for (const accept of ['application/json', ARROW]) {
    await capture('/api/coverage/gaps', { headers: { accept } });
    await capture('/api/coverage/gaps?area=62.03.01', { headers: { accept } });
  }
  await capture('/api/budget/simulate', send('POST', {}));
  for (const p of ['/api/etl/runs', '/api/etl/status', '/api/etl/freshness', '/api/etl/quality'])
    await capture(p);
  const runs = JSON.parse(await capture('/api/etl/runs')) as { runs: { run_id: string }[] };
  for (const { run_id } of runs.runs) {
    for (const accept of ['application/json', ARROW])
      await capture(`/api/etl/rejects?run_id=${run_id}`, { headers: { accept } });
    for (const feed of ['dtks', 'rujukan', 'bpjs_kesehatan', 'pkh'])
      await capture(`/api/etl/rejects?run_id=${run_id}&feed=${feed}`);
  }
  await walkPokja();
}

async function walkPokja(): Promise<void> {
  const meeting = JSON.parse(
    await capture(
      '/api/pokja/meetings',
      send('POST', {
        kecamatan: '62.03.01',
        tanggal: '2024-07-10',
        tempat: 'Aula Kecamatan',
        opd_hadir: ['DINSOS'],
      }),
    ),
  ) as { meeting: { id: number } };
  const id = meeting.meeting.id;
  await capture(
    '/api/pokja/actions',
    send('POST', {
      title: 'Tindak lanjut keluhan',
      owner_opd: 'DINSOS',
      due_date: '2024-07-20',
      indicator_id: 'rujukan_tunggakan',
      area: '62.03.01.1010',
      meeting_id: id,
    }),
  );
  for (const p of [
    `/api/pokja/meetings/${id}`,
    `/api/pokja/meetings/${id}/brief`,
    '/api/pokja/meetings',
    '/api/pokja/actions',
    '/api/pokja/actions?overdue=1&tanggal=2024-08-01',
    '/api/pokja/rakor',
    '/api/targets',
    '/api/targets/audit',
  ])
    await capture(p);
}

/** Words of the public area names (a desa "Budi Mufakat" is not a leak of a person "BUDI"). */
const placeWords = new Set(
  [wilayahCsv.districts, wilayahCsv.villages].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .flatMap((line) => (line.split(',')[2] ?? '').toLowerCase().split(/\s+/)),
  ),
);

/** A name made only of place words can only be told apart as a whole value: `"budi"`. */
function nameLeaks(name: string, lower: string): boolean {
  const n = name.toLowerCase();
  if (n.split(/\s+/).every((w) => placeWords.has(w))) return lower.includes(`"${n}"`);
  return new RegExp(`\\b${escape(n)}\\b`).test(lower);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return [
    ...found.numbers.filter((n) => text.includes(n)),
    ...found.names.filter((n) => nameLeaks(n, lower)),
    ...found.texts.filter((t) => lower.includes(t.toLowerCase())),
  ];
}

describe('no raw NIK, no_kk, name or complaint text leaves the product', () => {
  it('walked the whole API', () => {
    expect(responses.length).toBeGreaterThan(150);
    // The scan itself can see: the figures and the rejects did arrive.
    expect(responses.some((r) => r.what.includes('/rejects') && r.text.includes('NIK_'))).toBe(
      true,
    );
  });

  it('in no response body or header', () => {
    const hits = responses
      .map((r) => ({ what: r.what, leaked: leaks(r.text) }))
      .filter((r) => r.leaked.length > 0);
    expect(hits).toEqual([]);
  });

  it('in no log line (an ETL run over the raw files included)', () => {
    const log = readLog();
    expect(log).toMatch(/siap di/);
    expect(log.length).toBeGreaterThan(100);
    expect(leaks(log)).toEqual([]);
  });
});
