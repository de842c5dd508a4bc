/**
 * Starts the real product for browser tests and the web benchmark: `node dist/api/main.js --demo`
 * (as `npm run demo`) on a free port with an empty temporary data folder, which makes it write
 * the Kapuas demo inbox, create the demo accounts and run the ETL on first start. Nothing is
 * mocked: the browser talks to this process only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file also runs compiled from dist/tests/e2e/support (the web benchmark): step out of dist/.
const up3 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const repoRoot = path.basename(up3) === 'dist' ? path.dirname(up3) : up3;
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The demo administrator (api/auth/demo-users.ts), created on the first start in demo mode on an
 * empty data folder. E2E_USERNAME / E2E_PASSWORD override it for a product that is already
 * running.
 */
export const LOGIN = {
  username: process.env.E2E_USERNAME ?? 'admin',
  password: process.env.E2E_PASSWORD ?? 'Dinsos-Kapuas-2024',
};

/** Session cookie per product, sent by `getJson` and the start-up poll. */
const cookies = new Map<string, string>();

/** Logs in over HTTP; the `name=value` of the session cookie, or null when refused. */
export async function apiLogin(baseUrl: string): Promise<string | null> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(LOGIN),
  });
  if (res.status !== 200) return null;
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  cookies.set(baseUrl, cookie);
  return cookie;
}

function withSession(baseUrl: string, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  const cookie = cookies.get(baseUrl);
  if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
  return { ...init, headers };
}

export interface Product {
  baseUrl: string;
  dataDir: string;
  log: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Explains what is missing instead of failing deep inside a test. */
export function missingPieces(): string[] {
  const missing: string[] = [];
  if (!existsSync(path.join(repoRoot, 'dist/api/main.js')))
    missing.push('dist/api/main.js (run npm run build:server)');
  if (!existsSync(path.join(repoRoot, 'web/dist/index.html')))
    missing.push('web/dist/index.html (run npm run build:web)');
  return missing;
}

/**
 * AS_OF is pinned to today's date for the whole test run: the demo generator ends its data in the
 * current month, so an earlier fixed date would cut the demo data off.
 */
export const AS_OF = new Date().toISOString().slice(0, 10);

/**
 * E2E_BASE_URL runs the browser tests against a product that is already running (for example a
 * staging install) instead of starting one.
 */
/** `root`: a copy of the built repository to run instead of this one (tests of the catalogue). */
export async function startProduct(
  opts: { timeoutMs?: number; root?: string } = {},
): Promise<Product> {
  const root = opts.root ?? repoRoot;
  const external = process.env.E2E_BASE_URL;
  if (external) {
    await apiLogin(external.replace(/\/$/, ''));
    return {
      baseUrl: external.replace(/\/$/, ''),
      dataDir: '',
      log: () => '',
      stop: async () => undefined,
    };
  }
  const missing = missingPieces();
  if (missing.length) throw new Error(`Cannot start the product; missing: ${missing.join(', ')}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pokja-e2e-'));
  mkdirSync(path.join(dataDir, 'inbox'), { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const main = path.join(root, 'dist/api/main.js');
  const child: ChildProcess = spawn(process.execPath, [main, '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      INBOX_DIR: path.join(dataDir, 'inbox'),
      PORT: String(port),
      HOST: '127.0.0.1',
      AS_OF,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  // Ready when the warehouse is published: meta has a latest period and no ETL run is under way.
  const deadline = Date.now() + (opts.timeoutMs ?? 540_000);
  while (Date.now() < deadline) {
    if (exited) {
      await stop();
      throw new Error(`The product exited during start-up:\n${output.slice(-3000)}`);
    }
    try {
      // The demo accounts exist once the first run has written the demo inbox.
      if (!cookies.has(baseUrl) && !(await apiLogin(baseUrl))) throw new Error('not yet');
      const [meta, status] = await Promise.all([
        fetch(`${baseUrl}/api/meta`, withSession(baseUrl)).then((r) =>
          r.ok ? (r.json() as Promise<{ latest_period: string | null }>) : null,
        ),
        fetch(`${baseUrl}/api/etl/status`, withSession(baseUrl)).then((r) =>
          r.ok ? (r.json() as Promise<{ running: boolean }>) : null,
        ),
      ]);
      if (meta?.latest_period && status && !status.running)
        return { baseUrl, dataDir, log: () => output, stop };
    } catch {
      // not listening yet
    }
    await sleep(1000);
  }
  await stop();
  throw new Error(`The product did not publish a warehouse in time:\n${output.slice(-3000)}`);
}

export async function getJson<T>(
  baseUrl: string,
  pathAndQuery: string,
  init?: RequestInit,
): Promise<T> {
  if (!cookies.has(baseUrl)) await apiLogin(baseUrl);
  const res = await fetch(baseUrl + pathAndQuery, withSession(baseUrl, init));
  if (!res.ok) throw new Error(`${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
