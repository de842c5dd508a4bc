/**
 * The ETL's configuration from the environment, read once: the settings shared with the API
 * (warehouse/config.ts: region, pseudonym key, memory, publish guard…) and the ETL's own (settle
 * time, read limits), every problem named in one ConfigError. The CLI may be run by an operator
 * or by the API (which passes its own environment, already checked by the same rules, down).
 */
import { ConfigError, type Env, readSharedConfig, type SharedConfig } from '../warehouse/config.js';
import { DEFAULT_SETTLE_SECONDS } from './inbox.js';
import { DEFAULT_LIMITS, LIMIT_ENV, type ReadLimits } from './readers.js';

export interface EtlConfig extends SharedConfig {
  settleSeconds: number;
  limits: ReadLimits;
}

function parseSettle(raw: string | undefined, problems: string[]): number {
  const settle = raw?.trim() || String(DEFAULT_SETTLE_SECONDS);
  const seconds = Number(settle);
  if (!/^\d+(\.\d+)?$/.test(settle) || seconds > 3600) {
    problems.push(
      `ETL_SETTLE_SECONDS='${raw}': harus jumlah detik 0–3600, mis. 10 / must be seconds 0–3600, e.g. 10`,
    );
    return DEFAULT_SETTLE_SECONDS;
  }
  return seconds;
}

function parseLimits(env: Env, problems: string[]): ReadLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV) as (keyof ReadLimits)[]) {
    const raw = env[LIMIT_ENV[key]]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0)
      problems.push(
        `${LIMIT_ENV[key]}='${raw}': harus bilangan positif, mis. ${DEFAULT_LIMITS[key]} / ` +
          `must be a positive number`,
      );
    else limits[key] = value;
  }
  return limits;
}

/** Throws ConfigError (its `line`: every problem on one line, as the CLI prints it). */
export function etlConfigFromEnv(env: Env = process.env): EtlConfig {
  const problems: string[] = [];
  const config: EtlConfig = {
    ...readSharedConfig(env, problems),
    settleSeconds: parseSettle(env.ETL_SETTLE_SECONDS, problems),
    limits: parseLimits(env, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
