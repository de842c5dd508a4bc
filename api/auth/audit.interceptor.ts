/**
 * Writes the audit log for every successful change, in one place instead of in each service:
 * ETL triggers and changes to targets, meetings and actions (logins and accounts are logged by
 * AuthService). Only the route, its ids and the acting user are kept — never a request body,
 * which may hold free text.
 */
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AuthedRequest } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';

export const AUDITED: Record<string, string> = {
  'POST /api/etl/run': 'ETL_RUN',
  'POST /api/etl/runs/:id/accept': 'ETL_TERIMA',
  'POST /api/etl/runs/:id/reject': 'ETL_TOLAK',
  'PUT /api/targets/:indicator': 'TARGET_UBAH',
  'DELETE /api/targets/:indicator': 'TARGET_HAPUS',
  'POST /api/pokja/meetings': 'RAPAT_BUAT',
  'PATCH /api/pokja/meetings/:id': 'RAPAT_UBAH',
  'PUT /api/pokja/meetings/:id/agenda': 'RAPAT_AGENDA',
  'DELETE /api/pokja/meetings/:id': 'RAPAT_HAPUS',
  'POST /api/pokja/actions': 'TINDAK_LANJUT_BUAT',
  'PATCH /api/pokja/actions/:id': 'TINDAK_LANJUT_UBAH',
  'POST /api/pokja/actions/:id/comments': 'TINDAK_LANJUT_KOMENTAR',
};

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly repo: AuthRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const action = AUDITED[`${request.method} ${request.routeOptions.url ?? ''}`];
    if (!action) return next.handle();
    return next
      .handle()
      .pipe(mergeMap((result) => from(this.record(request, action, result).then(() => result))));
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
        detail: typeof query.area === 'string' ? { area: query.area } : null,
        ip: request.ip,
      });
    } catch (error) {
      // The change is done; a lost audit row is logged, not turned into a failed request.
      this.logger.error(`Audit ${action} tidak tercatat: ${String(error)}`);
    }
  }
}
