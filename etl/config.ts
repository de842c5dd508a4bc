import { parseDropShare } from './guard.js';

/**
 * The ETL's configuration from the environment, read once. The CLI may be run by an operator or
 * by the API (which passes its own validated configuration down as environment variables).
 */
export interface EtlConfig {
  regionCode: string;
  pseudonymKey?: string;
  memoryLimit: string;
  /** PUBLISH_GUARD_DROP (guard.ts): share a figure may fall by before a run is held; 0 = off. */
  publishGuardDrop: number;
}

export function etlConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EtlConfig {
  const problems: string[] = [];
  const regionCode = env.REGION_CODE?.trim() || '62.03';
  if (!/^\d{2}\.\d{2}$/.test(regionCode))
    problems.push(
      `REGION_CODE harus kode kabupaten/kota bertitik, mis. 62.03 (sekarang "${regionCode}")`,
    );
  const pseudonymKey = env.PSEUDONYM_KEY?.trim() || undefined;
  if (pseudonymKey && !/^[0-9a-fA-F]{64}$/.test(pseudonymKey))
    problems.push('PSEUDONYM_KEY harus 64 karakter heksadesimal (32 byte)');
  const memoryLimit = env.ETL_MEMORY_LIMIT?.trim() || '2GB';
  if (!/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/i.test(memoryLimit))
    problems.push(`ETL_MEMORY_LIMIT harus seperti 2GB atau 512MB (sekarang "${memoryLimit}")`);
  // One line: the CLI and the run history keep only the first line of an error.
  let publishGuardDrop = 0.5;
  try {
    publishGuardDrop = parseDropShare(env.PUBLISH_GUARD_DROP);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new Error(`Konfigurasi tidak valid: ${problems.join('; ')}.`);
  return { regionCode, pseudonymKey, memoryLimit, publishGuardDrop };
}
