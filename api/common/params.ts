/**
 * Query and body validation by hand (no class-validator): each helper returns the parsed value or
 * throws a 400 whose message says what to send instead, in Bahasa Indonesia and English.
 */
import { BadRequestException } from '@nestjs/common';
import { AREA_LEVELS, type AreaLevel } from '../../warehouse/area-names.js';

export const LEVELS = AREA_LEVELS;
export type Level = AreaLevel;

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export function badRequest(id: string, en: string): never {
  throw new BadRequestException(`${id} / ${en}`);
}

export function parsePeriod(name: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !PERIOD.test(raw)) {
    badRequest(
      `Parameter '${name}' harus berformat YYYY-MM (contoh 2024-06)`,
      `parameter '${name}' must be YYYY-MM (e.g. 2024-06)`,
    );
  }
  return raw;
}

export function parseLevel(raw: unknown): Level | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !(LEVELS as readonly string[]).includes(raw)) {
    badRequest(
      `Parameter 'level' harus salah satu dari ${LEVELS.join(', ')}`,
      `parameter 'level' must be one of ${LEVELS.join(', ')}`,
    );
  }
  return raw as Level;
}

export function parseText(name: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') {
    badRequest(
      `Parameter '${name}' hanya boleh diberikan sekali`,
      `parameter '${name}' must be given once`,
    );
  }
  return raw.trim();
}

/** `publik=true|1|false|0` (small-count protection, common/small-count.ts); absent = false. */
export function parsePublik(raw: unknown): boolean {
  if (raw === undefined || raw === '') return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return badRequest(
    "Parameter 'publik' harus true atau false (true = angka desa 1–4 disembunyikan)",
    "parameter 'publik' must be true or false",
  );
}

export function levelRank(level: string): number {
  return LEVELS.indexOf(level as Level);
}

/** The level directly below, or null for desa. */
export function childLevel(level: string): Level | null {
  return LEVELS[levelRank(level) + 1] ?? null;
}

/** Period arithmetic on 'YYYY-MM' strings (calendar, no time zone involved). */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 2, 1));
  return d.toISOString().slice(0, 7);
}

export function requireBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    badRequest('Isi permintaan harus objek JSON', 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function parseNumber(
  name: string,
  raw: unknown,
  opts: { min: number; max: number; integer?: boolean },
): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const ok =
    typeof raw === 'number' &&
    Number.isFinite(raw) &&
    raw >= opts.min &&
    raw <= opts.max &&
    (!opts.integer || Number.isInteger(raw));
  if (!ok) {
    const kind = opts.integer ? 'bilangan bulat' : 'angka';
    const kindEn = opts.integer ? 'an integer' : 'a number';
    badRequest(
      `'${name}' harus ${kind} ${opts.min}–${opts.max}`,
      `'${name}' must be ${kindEn} from ${opts.min} to ${opts.max}`,
    );
  }
  return raw;
}
