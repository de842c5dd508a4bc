/**
 * Starts the real API (Nest + Fastify, in-process, port 0) against a real data folder, logs in
 * as the first admin (login is on, as in production), and fetches from it over real HTTP with
 * that session: `apiFetch`, `getJson` and `postJson` send the cookie of the API they call.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../api/bootstrap.js';
import { loadConfig } from '../../api/config/config.js';
import { repoRoot } from '../../api/common/paths.js';
import { buildSampleData, sampleProductEnv } from '../support/sample-data.js';

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

/** Password of the first admin of every test API (ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'uji-dinsos-kapuas-2024';

/** Session cookie per API origin, so that tests' plain URLs carry the admin session. */
const sessions = new Map<string, string>();

/** Logs in over HTTP and returns the `name=value` of the session cookie. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${new URL(url).origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Makes `apiFetch` send this session to the API at `url` (an API started as a process). */
export function rememberSession(url: string, cookie: string): void {
  sessions.set(new URL(url).origin, cookie);
}

/** `fetch` with the admin session of that API, unless the request sends its own cookie. */
export function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const cookie = sessions.get(new URL(url).origin);
  const headers = new Headers(init.headers);
  if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
  return fetch(url, { ...init, headers });
}

/** `login: false` starts the app without logging in (tests of anonymous access). */
export async function startApi(
  dataDir: string,
  inboxDir: string,
  env: Record<string, string> = {},
  options: { login?: boolean } = {},
) {
  const config = loadConfig({
    DATA_DIR: dataDir,
    INBOX_DIR: inboxDir,
    AS_OF: '2024-07-05',
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...env,
  });
  const app = await createApp(config, { schedule: false, logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (options.login !== false && env.ADMIN_PASSWORD === undefined)
    sessions.set(url, await login(url, 'admin', TEST_ADMIN_PASSWORD));
  return { app, url };
}

/** The sample inbox of tests/fixtures/samples through the real ETL (as-of 2024-07-05), then the API. */
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
  const res = await apiFetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

export function postJson(url: string, body: unknown): Promise<{ status: number; body: Body }> {
  return getJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * One HTTP request from a chosen loopback address (Linux answers all of 127.0.0.0/8), so a test
 * can be two clients at once: `request.ip` is what the API sees. JSON in, JSON (or text) out.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: Body; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = httpRequest(
      url,
      {
        method: init.method ?? 'GET',
        localAddress,
        agent: false,
        headers: {
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: Body = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface ProductProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
}

/**
 * The product as operators run it (`node dist/api/main.js`) on the sample settings, logged in as
 * the first admin (`apiFetch` carries the session). Resolves once it prints its address.
 */
export async function spawnProduct(
  dataDir: string,
  inboxDir: string,
  options: {
    /** Overrides of the environment; `undefined` removes a variable (e.g. ADMIN_PASSWORD). */
    env?: Record<string, string | undefined>;
    args?: string[];
    /** Log in as the first admin (default true). */
    login?: boolean;
  } = {},
): Promise<ProductProcess> {
  let log = '';
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...sampleProductEnv(dataDir, inboxDir, TEST_ADMIN_PASSWORD),
    DEMO: undefined,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'dist/api/main.js'), ...(options.args ?? [])],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  let url = '';
  for (let i = 0; i < 300 && !url; i++) {
    url = /siap di (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1] ?? '';
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!url) {
    child.kill('SIGTERM');
    throw new Error(`the product did not start:\n${log}`);
  }
  if (options.login !== false) rememberSession(url, await login(url, 'admin', TEST_ADMIN_PASSWORD));
  return { child, url, log: () => log };
}

/** Resolves once the product has published a warehouse and no ETL run is under way. */
export async function whenPublished(
  product: ProductProcess,
  timeoutMs = 300_000,
): Promise<ProductProcess> {
  const until = Date.now() + timeoutMs;
  const json = async <T>(url: string): Promise<T | null> => {
    const res = await apiFetch(url);
    return res.ok ? ((await res.json()) as T) : null;
  };
  for (;;) {
    const meta = await json<{ latest_period: string | null }>(`${product.url}/api/meta`);
    const status = await json<{ running: boolean }>(`${product.url}/api/etl/status`);
    if (meta?.latest_period && status && !status.running) return product;
    if (Date.now() > until) throw new Error(`no warehouse in time:\n${product.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
