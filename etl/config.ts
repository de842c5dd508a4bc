import { parseDropShare } from '../warehouse/guard.js';
import { REGION_CODE_PATTERN } from '../warehouse/area-names.js';

/**
 * The ETL's configuration from the environment, read once. The CLI may be run by an operator or
 * by the API (which passes its own validated configuration down as environment variables).
 */
import { DEFAULT_SETTLE_SECONDS } from './inbox.js';
import { DEFAULT_LIMITS, LIMIT_ENV, type ReadLimits } from './readers.js';

export interface EtlConfig {
  regionCode: string;
  pseudonymKey?: string;
  memoryLimit: string;
  /** PUBLISH_GUARD_DROP (warehouse/guard.ts): share a figure may fall by before a run is held; 0 = off. */
  publishGuardDrop: number;
  settleSeconds: number;
  limits: ReadLimits;
}

export function etlConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EtlConfig {
  const problems: string[] = [];
  const regionCode = env.REGION_CODE?.trim() || '62.03';
  if (!REGION_CODE_PATTERN.test(regionCode))
    problems.push(
      `REGION_CODE harus kode kabupaten/kota bertitik, mis. 62.03, atau kode provinsi, mis. 62 (sekarang "${regionCode}")`,
    );
  const pseudonymKey = env.PSEUDONYM_KEY?.trim() || undefined;
  if (pseudonymKey && !/^[0-9a-fA-F]{64}$/.test(pseudonymKey))
    problems.push('PSEUDONYM_KEY harus 64 karakter heksadesimal (32 byte)');
  const memoryLimit = env.ETL_MEMORY_LIMIT?.trim() || '2GB';
  if (!/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/i.test(memoryLimit))
    problems.push(`ETL_MEMORY_LIMIT harus seperti 2GB atau 512MB (sekarang "${memoryLimit}")`);
  const settle = env.ETL_SETTLE_SECONDS?.trim() || String(DEFAULT_SETTLE_SECONDS);
  const settleSeconds = Number(settle);
  if (!/^\d+(\.\d+)?$/.test(settle) || settleSeconds > 3600)
    problems.push(`ETL_SETTLE_SECONDS harus jumlah detik 0–3600, mis. 10 (sekarang "${settle}")`);
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV) as (keyof ReadLimits)[]) {
    const raw = env[LIMIT_ENV[key]]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0)
      problems.push(
        `${LIMIT_ENV[key]} harus bilangan positif, mis. ${DEFAULT_LIMITS[key]} (sekarang "${raw}")`,
      );
    else limits[key] = value;
  }
  // One line: the CLI and the run history keep only the first line of an error.
  let publishGuardDrop = 0.5;
  try {
    publishGuardDrop = parseDropShare(env.PUBLISH_GUARD_DROP);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new Error(`Konfigurasi tidak valid: ${problems.join('; ')}.`);
  return { regionCode, pseudonymKey, memoryLimit, publishGuardDrop, settleSeconds, limits };
}
