/**
 * One description per request (issue 10): a query or body DTO class whose field decorators are
 * both its OpenAPI schema (@nestjs/swagger's ApiProperty) and its validation (the parse helpers of
 * params.ts, with their messages in Bahasa Indonesia and English). A handler takes
 * `@Query() query: ValuesQueryDto` or `@Body() body: SimulateBodyDto`; the global
 * RequestDtoPipe (app.module.ts) turns the raw query or body into the parsed object, or answers
 * 400 with the message of the first wrong field (fields are checked in declaration order).
 *
 * No class-validator: the messages must say what to send instead, in the project's two languages,
 * and they are the ones params.ts already gives; the decorators below keep each rule and its
 * schema on one line. Checks that need the warehouse (a known area, a known feed) stay in the
 * services.
 */
import { type ArgumentMetadata, Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  parseLevel,
  parseNumber,
  parsePeriod,
  parsePublik,
  parseText,
  requireBody,
} from './params.js';

/** Parses one field's raw value (query string or JSON) or throws the 400 of params.ts. */
export type FieldParser = (name: string, raw: unknown) => unknown;

const FIELDS = new WeakMap<object, Map<string, FieldParser>>();
const WHOLE = new WeakMap<object, WholeParser>();

/** Parses the fields that are checked together (every problem named in one message). */
export type WholeParser = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * A class decorator for fields that are checked together rather than one by one (the programme
 * rules: every wrong band named at once). Runs before the single fields; what it returns is part
 * of the parsed request. The fields it reads keep their ApiProperty for the schema.
 */
export function CheckedTogether(parse: WholeParser): ClassDecorator {
  return (type) => {
    WHOLE.set(type, parse);
    if (!FIELDS.has(type)) FIELDS.set(type, new Map());
  };
}

const RESOLVED = new WeakMap<object, Map<string, FieldParser> | undefined>();

/** fieldsOf, worked out once per class (at its first request, when every decorator has run). */
function resolvedFields(type: object): Map<string, FieldParser> | undefined {
  if (!RESOLVED.has(type)) RESOLVED.set(type, fieldsOf(type));
  return RESOLVED.get(type);
}

/** The parsers of a DTO class, its parents' first; undefined for a class without fields. */
function fieldsOf(type: object): Map<string, FieldParser> | undefined {
  const parent = Object.getPrototypeOf(type) as object | null;
  const own = FIELDS.get(type);
  const inherited = parent && parent !== Function.prototype ? fieldsOf(parent) : undefined;
  if (!inherited) return own;
  return own ? new Map([...inherited, ...own]) : inherited;
}

/** A field: its OpenAPI schema and its parser. The other decorators of this file are made of it. */
export function Field(parse: FieldParser, schema: ApiPropertyOptions): PropertyDecorator {
  return (target, key) => {
    ApiProperty(schema)(target, key);
    const type = target.constructor;
    const fields = FIELDS.get(type) ?? new Map<string, FieldParser>();
    fields.set(String(key), parse);
    FIELDS.set(type, fields);
  };
}

interface FieldOptions {
  description?: string;
  required?: boolean;
  example?: unknown;
}

/** Free text, trimmed (given once; an empty value counts as absent). */
export const TextField = (options: FieldOptions & { enum?: readonly string[] } = {}) =>
  Field(parseText, {
    type: String,
    required: options.required ?? false,
    ...(options.enum ? { enum: [...options.enum] } : {}),
    ...(options.description ? { description: options.description } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
  });

/** A month `YYYY-MM`. */
export const PeriodField = (options: FieldOptions = {}) =>
  Field(parsePeriod, {
    type: String,
    required: options.required ?? false,
    ...(options.description ? { description: options.description } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
  });

/** An area level (params.ts LEVELS); `levels` is what the endpoint documents. */
export const LevelField = (levels: readonly string[], options: FieldOptions = {}) =>
  Field((_name, raw) => parseLevel(raw), {
    type: String,
    required: false,
    enum: [...levels],
    ...(options.description ? { description: options.description } : {}),
  });

/** `publik=true|1|false|0`, small-count protection (common/small-count.ts); absent = false. */
export const PublikField = (description: string) =>
  Field((_name, raw) => parsePublik(raw), { type: Boolean, required: false, description });

/** A JSON number within bounds. */
export const NumberField = (
  bounds: { min: number; max: number; integer?: boolean },
  options: FieldOptions & { minimum?: number; maximum?: number } = {},
) =>
  Field((name, raw) => parseNumber(name, raw, bounds), {
    type: Number,
    required: options.required ?? false,
    ...(options.example !== undefined ? { example: options.example } : {}),
    ...(options.minimum !== undefined ? { minimum: options.minimum } : {}),
    ...(options.maximum !== undefined ? { maximum: options.maximum } : {}),
    ...(options.description ? { description: options.description } : {}),
  });

/**
 * A value passed on as sent: the service checks it against the warehouse or the app database
 * (a known area, a known indicator), where its message can name what exists.
 */
export const CheckedByServiceField = (schema: ApiPropertyOptions) =>
  Field((_name, raw) => raw, schema);

/**
 * The parsed request of a DTO class: every declared field through its parser, nothing else
 * (undeclared query parameters and body keys are dropped). A body must be a JSON object.
 */
export function parseRequest<T>(type: Type<T>, raw: unknown, kind: 'query' | 'body'): T {
  const fields = resolvedFields(type);
  if (!fields) throw new Error(`${type.name} has no request fields`);
  const source: Record<string, unknown> =
    kind === 'body' ? requireBody(raw) : ((raw ?? {}) as Record<string, unknown>);
  const whole = WHOLE.get(type);
  const out: Record<string, unknown> = whole ? whole(source) : {};
  for (const [name, parse] of fields) out[name] = parse(name, source[name]);
  return out as T;
}

/** A class made of the fields above (tests/gates/request-dto.test.ts checks every handler). */
export function isRequestDto(type: unknown): boolean {
  return typeof type === 'function' && resolvedFields(type) !== undefined;
}

/** Global pipe: a `@Query()` or `@Body()` typed with a DTO class made of the fields above. */
@Injectable()
export class RequestDtoPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const { type, metatype, data } = metadata;
    if ((type !== 'query' && type !== 'body') || data !== undefined || !metatype) return value;
    if (!resolvedFields(metatype)) return value;
    return parseRequest(metatype as Type<unknown>, value, type);
  }
}
