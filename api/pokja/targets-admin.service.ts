/**
 * Admin edits of targets: a kabupaten default (area_code null) or a per-kecamatan override, each
 * change written to target_audit (who, when, old, new). The scorecard and every status colour read
 * the same `targets` table through TargetsRepository, whose cache the writes go through.
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { TargetsRepository } from '../app-db/targets.repository.js';
import { badRequest } from '../common/params.js';
import { checkAreaCode, IndicatorsService } from '../indicators/indicators.service.js';
import { ContextService } from '../warehouse/context.service.js';
import { type Actor, assertMay } from './access.js';
import type {
  TargetAuditListDto,
  TargetBodyDto,
  TargetChangeDto,
  TargetListDto,
} from './pokja.dto.js';
import { PokjaRepository } from './pokja.repository.js';

@Injectable()
export class TargetsAdminService {
  constructor(
    private readonly repo: PokjaRepository,
    private readonly targets: TargetsRepository,
    private readonly indicators: IndicatorsService,
    private readonly context: ContextService,
  ) {}

  async list(): Promise<TargetListDto> {
    return { targets: await this.repo.targets() };
  }

  async audit(): Promise<TargetAuditListDto> {
    return { rows: await this.repo.auditLog(500) };
  }

  async set(indicatorId: string, body: TargetBodyDto, actor: Actor): Promise<TargetChangeDto> {
    assertMay(actor, 'target:write');
    await this.indicators.indicator(indicatorId);
    const { target } = body;
    const area = await this.targetArea(body.area);
    const old = await this.repo.target(indicatorId, area);
    await this.targets.set(indicatorId, area, target, actor.name);
    await this.repo.audit({
      indicator_id: indicatorId,
      area_code: area,
      old_target: old,
      new_target: target,
      changed_by: actor.name,
    });
    return this.change(indicatorId, area, old, target);
  }

  async remove(indicatorId: string, rawArea: unknown, actor: Actor): Promise<TargetChangeDto> {
    assertMay(actor, 'target:write');
    await this.indicators.indicator(indicatorId);
    const area = await this.targetArea(rawArea);
    const old = await this.repo.target(indicatorId, area);
    if (old === null) {
      throw new NotFoundException(
        `Tidak ada target tersimpan untuk '${indicatorId}' di ${area ?? 'tingkat kabupaten'}; ` +
          `tidak ada yang dihapus / no saved target for that indicator and area`,
      );
    }
    await this.targets.remove(indicatorId, area);
    await this.repo.audit({
      indicator_id: indicatorId,
      area_code: area,
      old_target: old,
      new_target: null,
      changed_by: actor.name,
    });
    return this.change(indicatorId, area, old, null);
  }

  private async change(
    indicatorId: string,
    area: string | null,
    old: number | null,
    next: number | null,
  ): Promise<TargetChangeDto> {
    const inForce = await this.targets.forArea(area ?? this.context.regionCode);
    const catalogue = await this.indicators.indicator(indicatorId);
    return {
      indicator_id: indicatorId,
      area_code: area,
      old_target: old,
      new_target: next,
      effective_target: inForce.get(indicatorId) ?? catalogue.default_target,
    };
  }

  /** null = the kabupaten default; otherwise a kecamatan of the served region. */
  private async targetArea(raw: unknown): Promise<string | null> {
    const region = this.context.regionCode;
    if (raw === undefined || raw === null || raw === '' || raw === region) return null;
    if (typeof raw !== 'string') {
      badRequest(
        `'area' harus kode kecamatan (contoh ${region}.01) atau dikosongkan untuk target kabupaten`,
        `'area' must be a kecamatan code, or empty for the kabupaten default`,
      );
    }
    const area = await this.context.area(checkAreaCode('area', raw));
    if (area.level !== 'kecamatan' || !area.code.startsWith(`${region}.`)) {
      badRequest(
        `Target hanya untuk kabupaten ${region} atau kecamatan di dalamnya, bukan ${area.level} ${area.code}`,
        `targets are set for the kabupaten or one of its kecamatan only`,
      );
    }
    return area.code;
  }
}
