import { Injectable } from '@nestjs/common';
import { levelOfCode } from '../../warehouse/area-names.js';
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
    const [kecamatan, included] = await this.kecamatanOf(body.kecamatan);
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
    const result = await this.repo.simulate(this.context.regionCode, {
      ...parameters,
      kecamatan: included,
    });
    const rows = result.filter((r) => r.code !== null) as unknown as SimulationRowDto[];
    const { code: _c, name: _n, ...total } = result.find((r) => r.code === null) ?? {};
    return {
      parameters,
      rows,
      total: total as unknown as SimulationTotalDto,
      ...(await this.context.stamp()),
    };
  }

  /** The codes as sent (deduplicated), and the kecamatan they stand for. */
  private async kecamatanOf(raw: string[]): Promise<[string[], string[]]> {
    if (raw.length === 0) return [[], []];
    const region = this.context.regionCode;
    const kecamatan = await this.areas.within(region, 'kecamatan');
    const known = new Set(kecamatan.map((a) => a.code));
    // On a province instance the picker lists kabupaten/kota: each stands for its kecamatan.
    const kabupaten =
      levelOfCode(region) === 'provinsi' ? await this.areas.within(region, 'kabupaten') : [];
    const isKabupaten = new Set(kabupaten.map((a) => a.code));
    const unknown = raw.filter((c) => !known.has(c) && !isKabupaten.has(c));
    if (unknown.length) {
      badRequest(
        `Kode kecamatan tidak dikenal di wilayah ${region}: ${unknown.join(', ')}`,
        `unknown kecamatan codes in the served region: ${unknown.join(', ')}`,
      );
    }
    const codes = raw.flatMap((c) =>
      isKabupaten.has(c)
        ? kecamatan.filter((k) => k.code.startsWith(`${c}.`)).map((k) => k.code)
        : [c],
    );
    return [[...new Set(raw)], [...new Set(codes)]];
  }
}
