/**
 * A run held by the publish guard, over HTTP: the API started it (the real CLI as a child
 * process), keeps serving the previous warehouse, shows the held run to ADMIN only, and publishes
 * it when an admin accepts (audited).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KEY } from '../support/sample-data.js';
import { apiFetch, getJson, login, postJson, type RunningApi, startSampleApi } from './support.js';

let api: RunningApi;
let pimpinan: string;

beforeAll(async () => {
  process.env.PSEUDONYM_KEY = TEST_KEY; // inherited by the ETL child process
  api = await startSampleApi('held');
  const made = await postJson(`${api.url}/api/users`, {
    username: 'sekda',
    password: 'kata-sandi-uji-123',
    role: 'PIMPINAN',
  });
  expect(made.status).toBe(201);
  pimpinan = await login(api.url, 'sekda', 'kata-sandi-uji-123');
});
afterAll(async () => api?.close());

const kabupatenDtks = async () =>
  (
    (await getJson(`${api.url}/api/indicators/registri_individu/series?area=62.03`)).body.rows as {
      period: string;
      value: number;
    }[]
  ).find((r) => r.period === '2024-06')?.value;

async function waitForRun(): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (!(await getJson(`${api.url}/api/etl/status`)).body.running) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the ETL run did not end');
}

describe('a held run over HTTP', () => {
  it('is held, shown to ADMIN only, and published when accepted', async () => {
    expect(await kabupatenDtks()).toBe(4);
    await writeFile(
      path.join(api.inboxDir, 'dtks', 'dtks_2024-06_terpotong.csv'),
      'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga\n' +
        '2024-06,DTKS0001,6203011203850001,6203010101100001,62.03.01.1010,12/03/1985,L,KEPALA_KELUARGA\n',
    );
    expect((await postJson(`${api.url}/api/etl/run`, {})).status).toBe(202);
    await waitForRun();

    const held = await getJson(`${api.url}/api/etl/held`);
    expect(held.status).toBe(200);
    expect(held.body.run.status).toBe('MENUNGGU_PERSETUJUAN');
    expect(held.body.drop_share).toBe(0.5);
    expect(held.body.differences).toContainEqual(
      expect.objectContaining({ indicator_id: 'registri_individu', previous: 4, current: 1 }),
    );
    expect(await kabupatenDtks()).toBe(4); // the previous warehouse still serves
    const runId = held.body.run.run_id as string;

    const asPimpinan = { headers: { cookie: pimpinan } };
    expect((await apiFetch(`${api.url}/api/etl/held`, asPimpinan)).status).toBe(403);
    const refused = await apiFetch(`${api.url}/api/etl/runs/${runId}/accept`, {
      method: 'POST',
      ...asPimpinan,
    });
    expect(refused.status).toBe(403);
    expect((await postJson(`${api.url}/api/etl/runs/19990101T000000000Z/accept`, {})).status).toBe(
      404,
    );

    const accepted = await postJson(`${api.url}/api/etl/runs/${runId}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ run_id: runId, status: 'SUCCESS' });
    expect(await kabupatenDtks()).toBe(1);
    expect((await getJson(`${api.url}/api/etl/held`)).body.run).toBeNull();
    const audit = await getJson(`${api.url}/api/audit?limit=20`);
    expect(JSON.stringify(audit.body)).toContain('ETL_TERIMA');
    expect(JSON.stringify(audit.body)).toContain(runId);
  });
});
