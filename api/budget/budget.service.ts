import { Injectable } from '@nestjs/common';
import { TargetsRepository } from '../app-db/targets.repository.js';
import { badRequest } from '../common/params.js';
import { AreaRepository } from '../warehouse/area.repository.js';
import { ContextService } from '../warehouse/context.service.js';
import type {
  SimulateBodyDto,
  SimulationDto,
  SimulationRowDto,
  SimulationTotalDto,
} from './budget.dto.js';
import { BudgetRepository } from './budget.repository.js';

@Injectable()
export class BudgetService {
  constructor(
    private readonly repo: BudgetRepository,
    private readonly params: TargetsRepository,
    private readonly areas: AreaRepository,
    private readonly context: ContextService,
  ) {}

  async simulate(body: SimulateBodyDto): Promise<SimulationDto> {
    const kecamatan = await this.kecamatanOf(body.kecamatan);
    const period = await this.context.period(body.period);
    const defaults = await this.repo.defaults();
    const saved = (await this.params.budgetParams()) ?? defaults;
    const parameters = {
      period,
      premi_pbi: body.premi_pbi ?? saved.premi_pbi,
      premi_bpu: body.premi_bpu ?? saved.premi_bpu,
      max_desil: body.max_desil ?? defaults.max_desil,
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

  /** The codes of the body that are kecamatan of the served region, or a 400 naming the others. */
  private async kecamatanOf(codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const known = new Set(
      (await this.areas.within(this.context.regionCode, 'kecamatan')).map((a) => a.code),
    );
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) {
      badRequest(
        `Kode kecamatan tidak dikenal di wilayah ${this.context.regionCode}: ${unknown.join(', ')}`,
        `unknown kecamatan codes in the served region: ${unknown.join(', ')}`,
      );
    }
    return codes;
  }
}
