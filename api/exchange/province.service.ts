/**
 * A province instance's side of the aggregate exchange (docs/exchange.md, "Import"): packages
 * uploaded by an ADMIN or pushed by a kabupaten instance with its token, imported and published
 * by warehouse/agregat.ts (the province build included); the import status and completeness
 * marts; the kabupaten keys and push tokens. Every import, accepted or refused, is audited here
 * (AGREGAT_IMPOR / AGREGAT_TOLAK) with the kabupaten, months and source — never figures.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  checkKabupaten,
  importPackage,
  kabupatenOf,
  registeredKeys,
  registerKey,
  type ImportSource,
} from '../../warehouse/agregat.js';
import { isProvinceCode, KELENGKAPAN_DUE_DAY } from '../../warehouse/agregat-marts.js';
import { ExchangeError } from '../../warehouse/exchange.js';
import { EtlBusyError } from '../../warehouse/lock.js';
import { AppDbService } from '../app-db/app-db.service.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { cleanFileName, finishReading, uploadedFile } from '../common/upload.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type {
  AgregatKabupatenDto,
  AgregatStatusDto,
  AgregatTokenDto,
  ImportResultDto,
  KelengkapanDto,
  NewAgregatTokenDto,
  NewTokenBodyDto,
  RegisterKeyBodyDto,
} from './exchange.dto.js';

/** A package is figures only; even a large kabupaten's full history is a few MB. */
export const MAX_PACKAGE_BYTES = 50 * 1024 * 1024;
const TOKEN_PREFIX = 'agr_';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);

@Injectable()
export class ProvinceExchangeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly warehouse: WarehouseService,
    private readonly db: AppDbService,
    private readonly audit: AuthRepository,
  ) {}

  /** Refuses the province routes on a kabupaten instance. */
  private province(): string {
    const code = this.config.regionCode;
    if (!isProvinceCode(code))
      throw new ConflictException(
        `Instans ini melayani ${code}, bukan provinsi: impor agregat hanya di instans provinsi ` +
          '(REGION_CODE dua angka, mis. 62) / imports need a province instance',
      );
    return code;
  }

  /** Reads the multipart file `berkas` (at most MAX_PACKAGE_BYTES). */
  private async readUpload(request: FastifyRequest): Promise<{ body: Buffer; fileName: string }> {
    const part = await uploadedFile(request, MAX_PACKAGE_BYTES, { id: 'paket', en: 'package' });
    let body: Buffer;
    try {
      body = await part.toBuffer();
    } catch {
      await finishReading(request);
      throw new PayloadTooLargeException(
        `Paket lebih dari ${MAX_PACKAGE_BYTES / 1024 / 1024} MB: ekspor dengan --from/--to ` +
          '/ package too large, export fewer months',
      );
    }
    return { body, fileName: cleanFileName(part.filename) };
  }

  private async run(
    body: Buffer,
    fileName: string,
    source: ImportSource,
    actor: string,
    ip: string,
    kabupaten?: string,
  ): Promise<ImportResultDto> {
    const provinceCode = this.province();
    try {
      const { entry } = await importPackage({
        dataDir: this.config.dataDir,
        provinceCode,
        body,
        fileName,
        kabupaten,
        source,
        actor,
        asOf: this.config.asOf ?? undefined,
      });
      await this.warehouse.refresh();
      const flagged = await this.warehouse
        .query(`SELECT rules_differ FROM agregat_status WHERE kabupaten_code = $k`, {
          k: entry.kabupaten_code,
        })
        .catch(() => []);
      await this.audit.audit({
        actor,
        action: 'AGREGAT_IMPOR',
        target: entry.kabupaten_code,
        detail: {
          source,
          import_id: entry.import_id,
          months: entry.months.length ? `${entry.months[0]}..${entry.months.at(-1)}` : '',
          removed: entry.removed_months.join(','),
          file: fileName,
        },
        ip,
      });
      return {
        import_id: entry.import_id,
        kabupaten_code: entry.kabupaten_code,
        source: entry.source,
        months: entry.months,
        range: entry.range,
        removed_months: entry.removed_months,
        row_count: entry.row_count,
        catalogue_version: entry.catalogue_version,
        rules_differ: flagged[0]?.rules_differ === true,
      };
    } catch (error) {
      const refused = error instanceof ExchangeError || error instanceof EtlBusyError;
      if (refused)
        await this.audit
          .audit({
            actor,
            action: 'AGREGAT_TOLAK',
            target: kabupaten ?? null,
            detail: { source, file: fileName, reason: error.message.slice(0, 300) },
            ip,
          })
          .catch(() => undefined);
      if (error instanceof ExchangeError) throw new BadRequestException(error.message);
      if (error instanceof EtlBusyError)
        throw new ConflictException(`${error.message} Lalu kirim paket lagi.`);
      throw error;
    }
  }

  /** POST /api/agregat/impor: an ADMIN's upload. */
  async upload(
    request: FastifyRequest,
    actor: string,
    kabupaten: string | undefined,
  ): Promise<ImportResultDto> {
    this.province();
    const { body, fileName } = await this.readUpload(request);
    return this.run(body, fileName, 'unggah', actor, request.ip, kabupaten);
  }

  /** POST /api/agregat/kirim: a kabupaten instance's push, `Authorization: Bearer <token>`. */
  async push(request: FastifyRequest): Promise<ImportResultDto> {
    this.province();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1] ?? '';
    const rows = token.startsWith(TOKEN_PREFIX)
      ? await this.db.query(
          `SELECT id, kabupaten_code, token_hash FROM agregat_tokens
           WHERE token_hash = $h AND revoked_at IS NULL`,
          { h: sha256(token) },
        )
      : [];
    const row = rows[0];
    if (!row || !timingSafeEqual(Buffer.from(String(row.token_hash)), Buffer.from(sha256(token)))) {
      await finishReading(request);
      await this.audit
        .audit({
          actor: null,
          action: 'AGREGAT_TOLAK',
          target: null,
          detail: { source: 'kirim', reason: 'token tidak sah' },
          ip: request.ip,
        })
        .catch(() => undefined);
      throw new UnauthorizedException(
        'Token kiriman tidak sah atau sudah dicabut: minta token baru ke admin provinsi ' +
          '/ invalid or revoked push token',
      );
    }
    const id = String(row.id);
    await this.db.query(`UPDATE agregat_tokens SET last_used_at = now() WHERE id = $id`, { id });
    const { body, fileName } = await this.readUpload(request);
    return this.run(body, fileName, 'kirim', `token:${id}`, request.ip, String(row.kabupaten_code));
  }

  private async hasMart(name: string): Promise<boolean> {
    const rows = await this.warehouse
      .query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $t`, { t: name })
      .catch(() => []);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** On a kabupaten instance: `provinsi` null and no rows (the Data page then shows no panel). */
  async status(): Promise<AgregatStatusDto> {
    if (!isProvinceCode(this.config.regionCode))
      return { provinsi: null, due_day: KELENGKAPAN_DUE_DAY, kabupaten: [] };
    const province = this.province();
    const names = kabupatenOf(province);
    const keys = await registeredKeys(this.config.dataDir);
    const tokens = new Map(
      (
        await this.db.query(
          `SELECT kabupaten_code, count(*) AS n FROM agregat_tokens
           WHERE revoked_at IS NULL GROUP BY 1`,
        )
      ).map((r) => [String(r.kabupaten_code), Number(r.n)]),
    );
    const status = (await this.hasMart('agregat_status'))
      ? await this.warehouse.query(
          `SELECT kabupaten_code,
             strftime(last_import_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS last_import_at,
             source, actor, first_month, last_month, month_count, catalogue_version,
             programme_rules, rules_differ, run_id, CAST(as_of AS VARCHAR) AS as_of
           FROM agregat_status ORDER BY kabupaten_code`,
        )
      : [];
    const byCode = new Map(status.map((r) => [String(r.kabupaten_code), r]));
    const codes = [...new Set([...names.keys(), ...byCode.keys()])].sort();
    const kabupaten: AgregatKabupatenDto[] = codes.map((code) => {
      const r = byCode.get(code);
      return {
        kabupaten_code: code,
        name: names.get(code) ?? code,
        key_fingerprint: keys.get(code) ?? null,
        active_tokens: tokens.get(code) ?? 0,
        last_import_at: text(r?.last_import_at),
        source: text(r?.source),
        actor: text(r?.actor),
        first_month: text(r?.first_month),
        last_month: text(r?.last_month),
        month_count: Number(r?.month_count ?? 0),
        catalogue_version: text(r?.catalogue_version),
        programme_rules: r?.programme_rules
          ? (JSON.parse(String(r.programme_rules)) as Record<string, string | null>)
          : null,
        rules_differ:
          r?.rules_differ === null || r?.rules_differ === undefined
            ? null
            : r.rules_differ === true,
        run_id: text(r?.run_id),
        as_of: text(r?.as_of),
      };
    });
    return { provinsi: province, due_day: KELENGKAPAN_DUE_DAY, kabupaten };
  }

  async kelengkapan(): Promise<KelengkapanDto> {
    this.province();
    const rows = (await this.hasMart('agregat_kelengkapan'))
      ? await this.warehouse.query(
          `SELECT kabupaten_code, period, reported,
             strftime(received_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS received_at,
             CAST(due_date AS VARCHAR) AS due_date, on_time
           FROM agregat_kelengkapan ORDER BY kabupaten_code, period`,
        )
      : [];
    return {
      due_day: KELENGKAPAN_DUE_DAY,
      months: [...new Set(rows.map((r) => String(r.period)))].sort(),
      rows: rows.map((r) => ({
        kabupaten_code: String(r.kabupaten_code),
        period: String(r.period),
        reported: r.reported === true,
        received_at: text(r.received_at),
        due_date: String(r.due_date),
        on_time: r.on_time === null || r.on_time === undefined ? null : r.on_time === true,
      })),
    };
  }

  // ------------------------------------------------------------------ keys and tokens

  async registerKey(
    body: RegisterKeyBodyDto,
    actor: string,
    ip: string,
  ): Promise<{ kabupaten_code: string; key_fingerprint: string }> {
    const province = this.province();
    const kabupaten = body.kabupaten ?? '';
    const pem = body.public_key ?? '';
    if (!kabupaten || !pem)
      throw new BadRequestException(
        'Isi kabupaten (NN.NN) dan public_key (isi agregat-ed25519.pub) / kabupaten and public_key are required',
      );
    try {
      const fingerprint = await registerKey(this.config.dataDir, province, kabupaten, pem);
      await this.audit.audit({
        actor,
        action: 'AGREGAT_KUNCI',
        target: kabupaten,
        detail: { key_fingerprint: fingerprint },
        ip,
      });
      return { kabupaten_code: kabupaten, key_fingerprint: fingerprint };
    } catch (error) {
      if (error instanceof ExchangeError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private tokenOf(r: Record<string, unknown>): AgregatTokenDto {
    return {
      id: String(r.id),
      kabupaten_code: String(r.kabupaten_code),
      created_by: String(r.created_by),
      created_at: iso(r.created_at) ?? '',
      last_used_at: iso(r.last_used_at),
      revoked_by: text(r.revoked_by),
      revoked_at: iso(r.revoked_at),
    };
  }

  async tokens(): Promise<{ tokens: AgregatTokenDto[] }> {
    this.province();
    const rows = await this.db.query(
      `SELECT id, kabupaten_code, created_by, created_at, last_used_at, revoked_by, revoked_at
       FROM agregat_tokens ORDER BY created_at DESC`,
    );
    return { tokens: rows.map((r) => this.tokenOf(r)) };
  }

  async createToken(body: NewTokenBodyDto, actor: string, ip: string): Promise<NewAgregatTokenDto> {
    const province = this.province();
    const kabupaten = body.kabupaten ?? '';
    try {
      checkKabupaten(province, kabupaten);
    } catch (error) {
      if (error instanceof ExchangeError) throw new BadRequestException(error.message);
      throw error;
    }
    const id = randomBytes(6).toString('hex');
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.db.query(
      `INSERT INTO agregat_tokens (id, kabupaten_code, token_hash, created_by)
       VALUES ($id, $k, $h, $by)`,
      { id, k: kabupaten, h: sha256(token), by: actor },
    );
    await this.audit.audit({
      actor,
      action: 'AGREGAT_TOKEN_BUAT',
      target: id,
      detail: { kabupaten },
      ip,
    });
    const row = (await this.db.query(`SELECT * FROM agregat_tokens WHERE id = $id`, { id }))[0]!;
    return { ...this.tokenOf(row), token };
  }

  async revokeToken(id: string, actor: string, ip: string): Promise<AgregatTokenDto> {
    this.province();
    const rows = await this.db.query(`SELECT * FROM agregat_tokens WHERE id = $id`, { id });
    if (!rows[0]) throw new NotFoundException(`Token '${id}' tidak ada / no such token`);
    if (!rows[0].revoked_at) {
      await this.db.query(
        `UPDATE agregat_tokens SET revoked_at = now(), revoked_by = $by WHERE id = $id`,
        { id, by: actor },
      );
      await this.audit.audit({
        actor,
        action: 'AGREGAT_TOKEN_CABUT',
        target: id,
        detail: { kabupaten: String(rows[0].kabupaten_code) },
        ip,
      });
    }
    const row = (await this.db.query(`SELECT * FROM agregat_tokens WHERE id = $id`, { id }))[0]!;
    return this.tokenOf(row);
  }
}
