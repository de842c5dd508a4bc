/**
 * Body and path validation for the Pokja endpoints, in the style of common/params.ts: each helper
 * returns the parsed value or throws a 400 that says what to send instead.
 */
import { BadRequestException } from '@nestjs/common';
import { badRequest } from '../common/params.js';
import { Field } from '../common/request-dto.js';
import type { AgendaItem } from './pokja.repository.js';

export const ACTION_STATUSES = ['BARU', 'PROSES', 'SELESAI', 'BATAL'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const OPEN_STATUSES: readonly ActionStatus[] = ['BARU', 'PROSES'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const TITLE_MAX = 200;
export const OPD_MAX = 100;
export const COMMENT_MAX = 2000;
export const MAX_AGENDA = 50;
export const AGENDA_KINDS = ['indikator', 'lembaga', 'desa', 'tindak_lanjut', 'lain'];

export function parseId(name: string, raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text)) {
    badRequest(
      `'${name}' harus nomor bulat positif (contoh 1)`,
      `'${name}' must be a positive integer`,
    );
  }
  return Number(text);
}

export function requiredText(name: string, raw: unknown, max: number): string {
  const text = optionalText(name, raw, max);
  if (text === undefined || text === '') {
    badRequest(`'${name}' wajib diisi`, `'${name}' is required`);
  }
  return text;
}

export function optionalText(name: string, raw: unknown, max: number): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    badRequest(`'${name}' harus teks`, `'${name}' must be a string`);
  }
  const text = raw.trim();
  if (text.length > max) {
    badRequest(
      `'${name}' terlalu panjang: paling banyak ${max} huruf`,
      `'${name}' is too long: at most ${max} characters`,
    );
  }
  return text;
}

/** A real calendar date 'YYYY-MM-DD' (2024-02-30 is refused, not rolled over). */
export function parseDate(name: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const parsed = typeof raw === 'string' && DATE.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  const ok = !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === raw;
  if (!ok) {
    badRequest(
      `'${name}' harus tanggal YYYY-MM-DD yang ada (contoh 2024-07-15)`,
      `'${name}' must be a real date YYYY-MM-DD`,
    );
  }
  return raw as string;
}

export function requiredDate(name: string, raw: unknown): string {
  return (
    parseDate(name, raw) ??
    badRequest(`'${name}' wajib diisi (YYYY-MM-DD)`, `'${name}' is required`)
  );
}

export function parseStatus(name: string, raw: unknown): ActionStatus | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !(ACTION_STATUSES as readonly string[]).includes(raw)) {
    badRequest(
      `'${name}' harus salah satu dari ${ACTION_STATUSES.join(', ')}`,
      `'${name}' must be one of ${ACTION_STATUSES.join(', ')}`,
    );
  }
  return raw as ActionStatus;
}

export function parseTextList(name: string, raw: unknown, maxItems: number, max: number): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > maxItems || raw.some((x) => typeof x !== 'string')) {
    badRequest(
      `'${name}' harus daftar teks (paling banyak ${maxItems}), contoh ["DINSOS", "DINKES"]`,
      `'${name}' must be a list of at most ${maxItems} strings`,
    );
  }
  const items = (raw as string[]).map((x) => x.trim()).filter((x) => x !== '');
  if (items.some((x) => x.length > max)) {
    badRequest(`Isi '${name}' paling banyak ${max} huruf`, `items of '${name}' are too long`);
  }
  return [...new Set(items)];
}

export function agendaItem(raw: unknown, position: number): AgendaItem {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestException(
      `Butir agenda ${position} harus objek {title, detail?, kind?} / agenda item ${position} must be an object`,
    );
  }
  const item = raw as Partial<Record<keyof AgendaItem, unknown>>;
  const kind = item.kind === undefined || item.kind === null ? 'lain' : item.kind;
  if (typeof kind !== 'string' || !AGENDA_KINDS.includes(kind)) {
    badRequest(
      `'kind' butir agenda ${position} harus salah satu dari ${AGENDA_KINDS.join(', ')}`,
      `agenda item ${position}: 'kind' must be one of ${AGENDA_KINDS.join(', ')}`,
    );
  }
  return {
    kind,
    ref: optionalText(`items[${position}].ref`, item.ref, 100) || null,
    title: requiredText(`items[${position}].title`, item.title, 300),
    detail: optionalText(`items[${position}].detail`, item.detail, 2000) ?? '',
  };
}

/** `items` of a meeting agenda: at most MAX_AGENDA items, each checked by agendaItem. */
export function parseAgenda(name: string, raw: unknown): AgendaItem[] {
  if (!Array.isArray(raw) || raw.length > MAX_AGENDA) {
    badRequest(
      `'${name}' harus daftar butir agenda (paling banyak ${MAX_AGENDA}), contoh [{"title": "Evaluasi PKH"}]`,
      `'${name}' must be a list of at most ${MAX_AGENDA} agenda items`,
    );
  }
  return (raw as unknown[]).map((item, i) => agendaItem(item, i + 1));
}

// Fields of the Pokja bodies (common/request-dto.ts): the schema and the rule above in one place.
// "IfGiven": a PATCH field, absent = unchanged, given = checked like the required one.

const ifGiven =
  <T>(parse: (name: string, raw: unknown) => T) =>
  (name: string, raw: unknown): T | undefined =>
    raw === undefined ? undefined : parse(name, raw);

type Schema = { example?: unknown; description?: string };

export const RequiredTextField = (max: number, schema: Schema = {}) =>
  Field((name, raw) => requiredText(name, raw, max), { type: String, ...schema });
export const IfGivenTextField = (max: number, schema: Schema = {}) =>
  Field(
    ifGiven((name, raw) => requiredText(name, raw, max)),
    { type: String, required: false, ...schema },
  );
export const OptionalTextField = (max: number, schema: Schema = {}) =>
  Field((name, raw) => optionalText(name, raw, max), { type: String, required: false, ...schema });
export const RequiredDateField = (schema: Schema = {}) =>
  Field(requiredDate, { type: String, ...schema });
export const OptionalDateField = (schema: Schema = {}) =>
  Field(parseDate, { type: String, required: false, ...schema });
export const StatusField = (schema: Schema & { default?: string } = {}) =>
  Field(parseStatus, { enum: [...ACTION_STATUSES], required: false, ...schema });
export const TextListField = (maxItems: number, max: number, schema: Schema = {}) =>
  Field((name, raw) => parseTextList(name, raw, maxItems, max), { type: [String], ...schema });
export const IfGivenTextListField = (maxItems: number, max: number, schema: Schema = {}) =>
  Field(
    ifGiven((name, raw) => parseTextList(name, raw, maxItems, max)),
    { type: [String], required: false, ...schema },
  );
export const IdField = (schema: Schema = {}) =>
  Field((name, raw) => (raw === undefined || raw === null ? undefined : parseId(name, raw)), {
    type: Number,
    required: false,
    ...schema,
  });
