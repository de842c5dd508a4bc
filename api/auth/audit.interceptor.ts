/**
 * Writes the audit log for every successful change, in one place instead of in each service:
 * ETL triggers and changes to targets, meetings and actions (logins and accounts are logged by
 * AuthService), and every read of a list of (pseudonymised) people, `READS_AUDITED`. Only the route, its ids and the acting user are kept — never a request body,
 * which may hold free text.
 */
import {
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AuthedRequest } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';

export const AUDITED: Record<string, string> = {
  'POST /api/etl/run': 'ETL_RUN',
  'POST /api/etl/runs/:id/accept': 'ETL_TERIMA',
  'POST /api/etl/runs/:id/reject': 'ETL_TOLAK',
  'PUT /api/programme-rules': 'ATURAN_UBAH',
  'POST /api/uploads': 'UNGGAH',
  'DELETE /api/uploads/:id': 'UNGGAH_BUANG',
  'POST /api/uploads/load': 'UNGGAH_MUAT',
  'PUT /api/mappings': 'PETA_UBAH',
  'POST /api/mappings/crosswalk': 'CROSSWALK_MUAT',
  'POST /api/geo/imports/:id/accept': 'BATAS_TERIMA',
  'DELETE /api/geo/boundaries/:level': 'BATAS_HAPUS',
  'PUT /api/targets/:indicator': 'TARGET_UBAH',
  'DELETE /api/targets/:indicator': 'TARGET_HAPUS',
  'POST /api/pokja/meetings': 'RAPAT_BUAT',
  'PATCH /api/pokja/meetings/:id': 'RAPAT_UBAH',
  'PUT /api/pokja/meetings/:id/agenda': 'RAPAT_AGENDA',
  'DELETE /api/pokja/meetings/:id': 'RAPAT_HAPUS',
  'POST /api/pokja/actions': 'TINDAK_LANJUT_BUAT',
  'PATCH /api/pokja/actions/:id': 'TINDAK_LANJUT_UBAH',
  'POST /api/pokja/actions/:id/comments': 'TINDAK_LANJUT_KOMENTAR',
  'GET /api/agregat': 'AGREGAT_EKSPOR',
};

/**
 * Reads recorded like a change: a list of people (pseudonymised) is personal data, so who read
 * which desa's list, of which period and how many rows, is kept.
 */
export const READS_AUDITED: Record<string, string> = {
  'GET /api/daftar/:indicator': 'DAFTAR_LIHAT',
};

/** `ekspor=` on a figures request: the data of a table export, served (and recorded) here. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

function exportOf(request: AuthedRequest): { format: string; mode: string } | null {
  if (request.method !== 'GET') return null;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const format = query.ekspor;
  if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format))
    return null;
  const publik = query.publik === 'true' || query.publik === '1';
  return { format, mode: publik ? 'publik' : 'internal' };
}

/** What an audit row keeps of a request's query: the area, and an aggregate export's choices. */
const DETAIL_KEYS = ['area', 'format', 'from', 'to', 'kecil'] as const;

function detailOf(query: Record<string, unknown>): Record<string, string> | null {
  const detail = Object.fromEntries(
    DETAIL_KEYS.flatMap((k) => (typeof query[k] === 'string' ? [[k, query[k]]] : [])),
  );
  return Object.keys(detail).length > 0 ? detail : null;
}

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly repo: AuthRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const exported = exportOf(request);
    if (exported)
      return next
        .handle()
        .pipe(mergeMap((result) => from(this.recordExport(request, exported).then(() => result))));
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const read = READS_AUDITED[route];
    if (read)
      return next
        .handle()
        .pipe(
          mergeMap((result) => from(this.recordRead(request, read, result).then(() => result))),
        );
    const action = AUDITED[route];
    if (!action) return next.handle();
    return next
      .handle()
      .pipe(mergeMap((result) => from(this.record(request, action, result).then(() => result))));
  }

  /**
   * An export recorded where the server serves its data (not on the browser's word): who, which
   * route and area, the format, publik or internal.
   */
  private async recordExport(
    request: AuthedRequest,
    exported: { format: string; mode: string },
  ): Promise<void> {
    const query = request.query as Record<string, unknown>;
    const params = request.params as Record<string, string>;
    const area = [query.area, query.parent, query.kecamatan, query.desa].find(
      (v) => typeof v === 'string',
    );
    try {
      await this.repo.audit({
        actor: request.user?.username ?? null,
        action: 'EKSPOR',
        target: request.routeOptions.url ?? null,
        detail: {
          ...exported,
          source: 'server',
          ...(params.id ? { id: params.id } : {}),
          ...(area ? { area } : {}),
          ...(typeof query.period === 'string' ? { period: query.period } : {}),
        },
        ip: request.ip,
      });
    } catch (error) {
      this.logger.error(`Audit EKSPOR tidak tercatat: ${String(error)}`);
    }
  }

  /** A list read: the route's id, the desa, the period served and the number of rows. */
  private async recordRead(request: AuthedRequest, action: string, result: unknown): Promise<void> {
    const params = request.params as Record<string, string>;
    const served = (result ?? {}) as { area?: { code?: string }; period?: string; total?: number };
    try {
      await this.repo.audit({
        actor: request.user?.username ?? null,
        action,
        target: params.indicator ?? params.id ?? null,
        detail: {
          ...(served.area?.code ? { area: served.area.code } : {}),
          ...(served.period ? { period: served.period } : {}),
          ...(typeof served.total === 'number' ? { rows: served.total } : {}),
        },
        ip: request.ip,
      });
    } catch (error) {
      // personal data is not served unrecorded: the read fails with the audit row
      this.logger.error(`Audit ${action} tidak tercatat: ${String(error)}`);
      throw new ServiceUnavailableException(
        'Pembacaan daftar tidak dapat dicatat di log audit; coba lagi / the read could not be audited',
      );
    }
  }

  private async record(request: AuthedRequest, action: string, result: unknown): Promise<void> {
    const params = request.params as Record<string, string>;
    const query = request.query as Record<string, unknown>;
    const createdId = (result as { id?: unknown; meeting?: { id?: unknown } } | null) ?? null;
    const target =
      params.id ??
      params.indicator ??
      String(createdId?.id ?? createdId?.meeting?.id ?? '') ??
      null;
    try {
      await this.repo.audit({
        actor: request.user?.username ?? null,
        action,
        target: target || null,
        detail: detailOf(query),
        ip: request.ip,
      });
    } catch (error) {
      // The change is done; a lost audit row is logged, not turned into a failed request.
      this.logger.error(`Audit ${action} tidak tercatat: ${String(error)}`);
    }
  }
}
