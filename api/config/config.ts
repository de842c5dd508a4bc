/**
 * The API's configuration: the settings it shares with the ETL (warehouse/config.ts: data folder,
 * region, as-of date, pseudonym key, ETL memory, publish guard, small-count threshold) and its
 * own, read once at start-up from the environment into a typed object; a bad value stops the
 * process with a list naming every bad variable, so an operator fixes them all in one go instead
 * of one restart per mistake.
 */
import path from 'node:path';
import { validateCronExpression } from 'cron';
import { PROVINCE_DEMOS } from '../../warehouse/agregat.js';
import {
  ConfigError,
  type Env,
  readSharedConfig,
  type SharedConfig,
} from '../../warehouse/config.js';
import { passwordProblem } from '../auth/password.js';
import { repoRoot } from '../common/paths.js';

export { ConfigError } from '../../warehouse/config.js';

export interface AppConfig extends SharedConfig {
  port: number;
  /** 0.0.0.0 by default: in a Dinas office the dashboard is opened from other PCs on the LAN. */
  host: string;
  etlCron: string;
  etlTimeZone: string;
  webDir: string;
  /** Optional map tile URL template ({z}/{x}/{y}) where the office has internet; null = no tiles. */
  tileUrl: string | null;
  /** Origins allowed to call the API from another site (CORS and CSRF); empty = same origin only. */
  corsOrigins: string[];
  /** Requests per minute per client address on /api; 0 turns the limit off (benchmarks). */
  rateLimit: number;
  /** Password of the first admin, created when app.duckdb has no user yet (api/auth). */
  adminPassword: string | null;
  /**
   * Demo mode (`npm run demo`, `DEMO=1` or `--demo`): on an empty data folder the first start
   * writes the Kapuas demo inbox and creates the demo accounts of the README. Off by default, so
   * a real install never has an account with a published password.
   */
  demo: boolean;
  /** Open connections one client address may hold; more are closed at once. 0 = no cap. */
  maxConnectionsPerIp: number;
  /** Largest file the Data page accepts (bytes; a .zip: its unpacked files together). */
  uploadMaxBytes: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    problems.push(
      `PORT='${raw}': harus bilangan bulat 0–65535 / must be an integer 0–65535 (contoh 3000)`,
    );
    return 3000;
  }
  return port;
}

function parseCron(raw: string | undefined, problems: string[]): string {
  const expr = raw === undefined || raw === '' ? '0 2 * * *' : raw.trim();
  if (!validateCronExpression(expr).valid) {
    problems.push(
      `ETL_CRON='${expr}': bukan ekspresi cron yang valid / not a valid cron expression ` +
        `(contoh '0 2 * * *' = setiap hari pukul 02:00 WIB)`,
    );
  }
  return expr;
}

function parseHost(raw: string | undefined, problems: string[]): string {
  const host = raw === undefined || raw === '' ? '0.0.0.0' : raw.trim();
  if (/\s/.test(host))
    problems.push(
      `HOST='${raw}': alamat tidak valid / invalid address (contoh 0.0.0.0 atau 127.0.0.1)`,
    );
  return host;
}

function parseTileUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  const ok = /^https?:\/\/\S+$/.test(raw) && ['{z}', '{x}', '{y}'].every((p) => raw.includes(p));
  if (!ok) {
    problems.push(
      `TILE_URL='${raw}': harus URL http(s) dengan {z}, {x}, {y} / must be a tile URL template ` +
        `(contoh https://tile.openstreetmap.org/{z}/{x}/{y}.png)`,
    );
    return null;
  }
  return raw.trim();
}

function parseOrigins(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const origins = raw
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  const bad = origins.filter((o) => !/^https?:\/\/[^/\s*?#]+$/.test(o));
  if (bad.length > 0) {
    problems.push(
      `CORS_ORIGINS='${raw}': harus daftar origin dipisah koma tanpa path / must be a ` +
        `comma-separated list of origins without a path (contoh https://dasbor.kapuaskab.go.id)`,
    );
    return [];
  }
  return origins;
}

function parseRateLimit(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') return 1200;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(
      `RATE_LIMIT='${raw}': harus bilangan bulat ≥ 0 (permintaan per menit per alamat; 0 = tanpa ` +
        `batas) / must be an integer ≥ 0 (requests per minute per client; 0 = no limit)`,
    );
    return 1200;
  }
  return Number(raw.trim());
}

/** The rules of every password (auth/password.ts), for the account `admin`. */
function parseAdminPassword(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined || raw === '') return null;
  const problem = passwordProblem(raw, 'admin');
  if (problem) {
    problems.push(`ADMIN_PASSWORD: ${problem} (nilainya tidak ditampilkan / value not shown)`);
    return null;
  }
  return raw;
}

function parseDemo(raw: string | undefined, region: string, problems: string[]): boolean {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === '0' || value === 'false') return false;
  if (value !== '1' && value !== 'true') {
    problems.push(`DEMO='${raw}': harus 1 atau 0 / must be 1 or 0 (contoh: DEMO=1 npm start)`);
    return false;
  }
  // Kapuas, or a province with a province demo (warehouse/agregat.ts, docs/exchange.md).
  if (region !== '62.03' && !PROVINCE_DEMOS[region])
    problems.push(
      `DEMO=1 dengan REGION_CODE='${region}': data demo hanya untuk Kabupaten Kapuas (62.03) ` +
        `atau provinsi ${Object.keys(PROVINCE_DEMOS).join(', ')}; hapus DEMO untuk instalasi ` +
        'sungguhan / the demo is for 62.03 (or the province demo) only',
    );
  return true;
}

function parseMaxConnections(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 100;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(
      `MAX_CONNECTIONS_PER_IP='${raw}': harus bilangan bulat ≥ 0 (koneksi terbuka per alamat; ` +
        '0 = tanpa batas) / must be an integer ≥ 0 (open connections per client address)',
    );
    return 100;
  }
  return Number(raw.trim());
}

function parseUploadMax(raw: string | undefined, problems: string[]): number {
  const mb = raw === undefined || raw.trim() === '' ? 2048 : Number(raw.trim());
  if (!Number.isInteger(mb) || mb < 1 || mb > 65536) {
    problems.push(
      `UPLOAD_MAX_MB='${raw}': harus bilangan bulat 1–65536 (MB per berkas unggahan) / must be ` +
        'an integer 1–65536 (MB per uploaded file), e.g. 2048',
    );
    return 2048 * 1024 * 1024;
  }
  return mb * 1024 * 1024;
}

/** Validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const shared = readSharedConfig(env, problems);
  const config: AppConfig = {
    ...shared,
    port: parsePort(env.PORT, problems),
    host: parseHost(env.HOST, problems),
    etlCron: parseCron(env.ETL_CRON, problems),
    etlTimeZone: 'Asia/Jakarta',
    webDir: path.resolve(env.WEB_DIR || path.join(repoRoot, 'web', 'dist')),
    tileUrl: parseTileUrl(env.TILE_URL, problems),
    corsOrigins: parseOrigins(env.CORS_ORIGINS, problems),
    rateLimit: parseRateLimit(env.RATE_LIMIT, problems),
    adminPassword: parseAdminPassword(env.ADMIN_PASSWORD, problems),
    demo: parseDemo(env.DEMO, shared.regionCode, problems),
    maxConnectionsPerIp: parseMaxConnections(env.MAX_CONNECTIONS_PER_IP, problems),
    uploadMaxBytes: parseUploadMax(env.UPLOAD_MAX_MB, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
