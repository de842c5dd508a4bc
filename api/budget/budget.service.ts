import { Injectable } from '@nestjs/common';
import { TargetsRepository } from '../app-db/targets.repository.js';
import { badRequest, parseNumber, parsePeriod, requireBody } from '../common/params.js';
import { AreaRepository } from '../warehouse/area.repository.js';
import { ContextService } from '../warehouse/context.service.js';
import type { SimulationDto, SimulationRowDto, SimulationTotalDto } from './budget.dto.js';
import { BudgetRepository } from './budget.repository.js';

const MAX_PREMIUM = 10_000_000;

@Injectable()
export class BudgetService {
  constructor(
    private readonly repo: BudgetRepository,
    private readonly params: TargetsRepository,
    private readonly areas: AreaRepository,
    private readonly context: ContextService,
  ) {}

  async simulate(rawBody: unknown): Promise<SimulationDto> {
    const body = requireBody(rawBody);
    const kecamatan = await this.kecamatanOf(body.kecamatan);
    const period = await this.context.period(parsePeriod('period', body.period));
    const defaults = await this.repo.defaults();
    const saved = (await this.params.budgetParams()) ?? defaults;
    const parameters = {
      period,
      premi_pbi:
        parseNumber('premi_pbi', body.premi_pbi, { min: 0, max: MAX_PREMIUM }) ?? saved.premi_pbi,
      premi_bpu:
        parseNumber('premi_bpu', body.premi_bpu, { min: 0, max: MAX_PREMIUM }) ?? saved.premi_bpu,
      max_desil:
        parseNumber('max_desil', body.max_desil, { min: 1, max: 10, integer: true }) ??
        defaults.max_desil,
      kecamatan,
    };
    const result = await this.repo.simulate(this.context.regionCode, parameters);
    const rows = result.filter((r) => r.code !== null) as unknown as SimulationRowDto[];
    const { code: _c, name: _n, ...total } = result.find((r) => r.code === null) ?? {};
    return {
      parameters,
      rows,
      total: total as unknown as SimulationTotalDto,
      ...(await this.context.stamp()),
    };
  }

  private async kecamatanOf(raw: unknown): Promise<string[]> {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw) || raw.some((c) => typeof c !== 'string')) {
      badRequest(
        '\'kecamatan\' harus daftar kode kecamatan (contoh ["62.03.01"])',
        "'kecamatan' must be a list of codes",
      );
    }
    const known = new Set(
      (await this.areas.within(this.context.regionCode, 'kecamatan')).map((a) => a.code),
    );
    const unknown = (raw as string[]).filter((c) => !known.has(c));
    if (unknown.length) {
      badRequest(
        `Kode kecamatan tidak dikenal di wilayah ${this.context.regionCode}: ${unknown.join(', ')}`,
        `unknown kecamatan codes in the served region: ${unknown.join(', ')}`,
      );
    }
    return [...new Set(raw as string[])];
  }
}
