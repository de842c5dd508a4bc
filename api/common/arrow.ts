/**
 * Tables (`rows`) are also served as an Arrow IPC stream when the client asks for
 * `application/vnd.apache.arrow.stream`. Columns get explicit types (Utf8 / Float64), taken from
 * the response's row DTO (arrowSchemaOf), since inferring would turn strings into dictionaries
 * and all-null columns into Null. Nested objects are
 * flattened (`kecamatan: {code, name}` → `kecamatan_code`, `kecamatan_name`). The data dates and
 * as-of date travel in the schema metadata and in the `X-Data-Dates` / `X-As-Of` headers.
 */
import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  Bool,
  Float64,
  Table,
  Utf8,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

export const ARROW_MIME = 'application/vnd.apache.arrow.stream';
/** `?` marks a column sent only when the rows carry it (`suppressed`, with `publik=true`). */
export type ArrowColumnType = 'utf8' | 'float64' | 'bool' | 'bool?' | 'utf8?';
export type ArrowSchema = Record<string, ArrowColumnType>;

const ARROW_SCHEMA = 'arrow-schema';

const ARROW_COLUMNS = 'arrow-columns';

/** The Arrow columns of a field of a row DTO, when not what arrowSchemaOf would give. */
export const ArrowColumns =
  (columns: ArrowSchema): PropertyDecorator =>
  (target, key) =>
    Reflect.defineMetadata(ARROW_COLUMNS, columns, target, key);

const SCALARS = new Map<unknown, 'utf8' | 'float64' | 'bool'>([
  [String, 'utf8'],
  [Number, 'float64'],
  [Boolean, 'bool'],
]);

interface PropertyMeta {
  type?: unknown;
  isArray?: boolean;
  required?: boolean;
}

/** The ApiProperty fields of a DTO class, in declaration order, with their type. */
function fieldsOf(type: Type): [string, PropertyMeta][] {
  const proto = type.prototype as object;
  const keys = (Reflect.getMetadata('swagger/apiModelPropertiesArray', proto) ?? []) as string[];
  return keys.map((k) => {
    const key = k.replace(/^:/, '');
    const meta = (Reflect.getMetadata('swagger/apiModelProperties', proto, key) ??
      {}) as PropertyMeta;
    const declared = meta.type ?? Reflect.getMetadata('design:type', proto, key);
    return [key, { ...meta, type: declared }];
  });
}

/**
 * The Arrow columns of the flat rows (flattenRow) of a row DTO, from its ApiProperty fields:
 * string → utf8, number → float64, boolean → bool, a list → comma-separated utf8; a nested DTO
 * gives `<field>_<its field>`; an optional field (`required: false`, sent with `publik=true`)
 * is marked `?` and comes last; `@ArrowColumns` on a field says its columns instead.
 */
export function arrowSchemaOf(row: Type): ArrowSchema {
  const always: ArrowSchema = {};
  const optional: ArrowSchema = {};
  for (const [key, meta] of fieldsOf(row)) {
    const own = Reflect.getMetadata(ARROW_COLUMNS, row.prototype as object, key) as
      ArrowSchema | undefined;
    const out = meta.required === false ? optional : always;
    const scalar = SCALARS.get(meta.type);
    if (own) Object.assign(out, own);
    else if (meta.isArray) out[key] = 'utf8';
    else if (scalar) out[key] = scalar;
    else if (typeof meta.type === 'function')
      for (const [inner, innerMeta] of fieldsOf(meta.type as Type))
        out[`${key}_${inner}`] = SCALARS.get(innerMeta.type) ?? 'utf8';
    else out[key] = 'utf8';
  }
  for (const [key, type] of Object.entries(optional))
    optional[key] = type === 'bool' ? 'bool?' : type === 'utf8' ? 'utf8?' : type;
  return { ...always, ...optional };
}

/**
 * Marks a handler whose `rows` may be served as Arrow, with the row DTO of its response: the
 * columns follow from its fields (arrowSchemaOf), one description for JSON, Arrow and OpenAPI.
 */
export const ArrowRows = (row: Type) => SetMetadata(ARROW_SCHEMA, arrowSchemaOf(row));

/** Flattens one level of nested objects: {a: {b: 1}} → {a_b: 1}. */
export function flattenRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) out[`${key}_${inner}`] = v;
    } else out[key] = value;
  }
  return out;
}

function column(type: ArrowColumnType, values: unknown[]): Vector {
  if (type === 'bool' || type === 'bool?') {
    return vectorFromArray(
      values.map((v) => (v === null || v === undefined ? null : Boolean(v))),
      new Bool(),
    );
  }
  if (type === 'utf8' || type === 'utf8?') {
    // A list (the withheld columns of a row) becomes comma-separated text.
    return vectorFromArray(
      values.map((v) => (v === null || v === undefined ? null : String(v))),
      new Utf8(),
    );
  }
  const data = values.map((v) => (v === null || v === undefined ? null : Number(v)));
  return data.length === 0
    ? makeVector({ type: new Float64(), data: new Float64Array(0) })
    : vectorFromArray(data, new Float64());
}

export function rowsToArrow(
  rows: Record<string, unknown>[],
  schema: ArrowSchema,
  metadata: Record<string, string>,
): Uint8Array {
  const flat = rows.map(flattenRow);
  const vectors: Record<string, Vector> = {};
  for (const [name, type] of Object.entries(schema)) {
    if (type.endsWith('?') && !flat.some((r) => name in r)) continue;
    vectors[name] = column(
      type,
      flat.map((r) => r[name]),
    );
  }
  const table = new Table(vectors);
  for (const [key, value] of Object.entries(metadata)) table.schema.metadata.set(key, value);
  return tableToIPC(table, 'stream');
}

type TableBody = { rows: Record<string, unknown>[]; data_dates?: unknown; as_of?: unknown };

/**
 * Serves the tables of handlers marked with @ArrowRows: as Arrow when asked for, else as JSON
 * whose `rows` part is serialised once. Both encodings are kept in WeakMaps keyed by the rows
 * array: services return the same memoised array for the lifetime of a published file, so each
 * table is encoded once per file and dropped with it. The rest of the body (targets, data dates)
 * is small and serialised per request, so it is never stale.
 */
@Injectable()
export class TableInterceptor implements NestInterceptor {
  private readonly arrow = new WeakMap<object, Buffer>();
  private readonly json = new WeakMap<object, string>();

  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const schema = this.reflector.get<ArrowSchema | undefined>(ARROW_SCHEMA, context.getHandler());
    if (!schema) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const wantsArrow = String(request.headers.accept ?? '').includes(ARROW_MIME);
    return next
      .handle()
      .pipe(
        map((body: TableBody) =>
          wantsArrow ? this.toArrow(body, schema, reply) : this.toJson(body, reply),
        ),
      );
  }

  private toJson(body: TableBody, reply: FastifyReply): string {
    const { rows, ...rest } = body;
    let rowsJson = this.json.get(rows);
    if (rowsJson === undefined) {
      rowsJson = JSON.stringify(rows);
      this.json.set(rows, rowsJson);
    }
    const head = JSON.stringify(rest);
    void reply.header('content-type', 'application/json; charset=utf-8');
    return head === '{}' ? `{"rows":${rowsJson}}` : `${head.slice(0, -1)},"rows":${rowsJson}}`;
  }

  private toArrow(body: TableBody, schema: ArrowSchema, reply: FastifyReply): Buffer {
    const metadata: Record<string, string> = {};
    if (body.data_dates !== undefined) metadata.data_dates = JSON.stringify(body.data_dates);
    if (body.as_of !== undefined) metadata.as_of = String(body.as_of);
    void reply.header('content-type', ARROW_MIME);
    if (metadata.data_dates) void reply.header('x-data-dates', metadata.data_dates);
    if (metadata.as_of) void reply.header('x-as-of', metadata.as_of);
    let buffer = this.arrow.get(body.rows);
    if (!buffer) {
      buffer = Buffer.from(rowsToArrow(body.rows, schema, metadata));
      this.arrow.set(body.rows, buffer);
    }
    return buffer;
  }
}
