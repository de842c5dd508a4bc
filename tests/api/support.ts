/**
 * Starts the real API (Nest + Fastify, in-process, port 0) against a real data folder, and
 * fetches from it over real HTTP.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../api/bootstrap.js';
import { loadConfig } from '../../api/config/config.js';
import { buildSampleData } from '../support/sample-data.js';

/** Response bodies in tests: their shape is what the assertions check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

export interface RunningApi {
  app: NestFastifyApplication;
  url: string;
  dataDir: string;
  inboxDir: string;
  root: string;
  close(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `api-${prefix}-`));
}

export async function startApi(
  dataDir: string,
  inboxDir: string,
  env: Record<string, string> = {},
  options: { auth?: boolean } = {},
) {
  const config = loadConfig({
    DATA_DIR: dataDir,
    INBOX_DIR: inboxDir,
    AS_OF: '2024-07-05',
    ...env,
  });
  const app = await createApp(config, { schedule: false, logger: false, auth: options.auth });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** The sample inbox of shared/samples through the real ETL (as-of 2024-07-05), then the API. */
export async function startSampleApi(
  prefix: string,
  env: Record<string, string> = {},
): Promise<RunningApi> {
  const root = await tempDir(prefix);
  const { dataDir, inboxDir } = await buildSampleData(root);
  const { app, url } = await startApi(dataDir, inboxDir, env);
  return {
    app,
    url,
    dataDir,
    inboxDir,
    root,
    close: async () => {
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function getJson<T = Body>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

export function postJson(url: string, body: unknown): Promise<{ status: number; body: Body }> {
  return getJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
