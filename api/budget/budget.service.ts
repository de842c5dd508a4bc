import { Injectable } from '@nestjs/common';
import { levelOfCode } from '../../warehouse/area-names.js';
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
    const [kecamatan, included] = await this.kecamatanOf(body.kecamatan);
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
  private async kecamatanOf(raw: unknown): Promise<[string[], string[]]> {
    if (raw === undefined || raw === null) return [[], []];
    if (!Array.isArray(raw) || raw.some((c) => typeof c !== 'string')) {
      badRequest(
        '\'kecamatan\' harus daftar kode kecamatan (contoh ["62.03.01"])',
        "'kecamatan' must be a list of codes",
      );
    }
    const region = this.context.regionCode;
    const kecamatan = await this.areas.within(region, 'kecamatan');
    const known = new Set(kecamatan.map((a) => a.code));
    // On a province instance the picker lists kabupaten/kota: each stands for its kecamatan.
    const kabupaten =
      levelOfCode(region) === 'provinsi' ? await this.areas.within(region, 'kabupaten') : [];
    const isKabupaten = new Set(kabupaten.map((a) => a.code));
    const unknown = (raw as string[]).filter((c) => !known.has(c) && !isKabupaten.has(c));
    if (unknown.length) {
      badRequest(
        `Kode kecamatan tidak dikenal di wilayah ${region}: ${unknown.join(', ')}`,
        `unknown kecamatan codes in the served region: ${unknown.join(', ')}`,
      );
    }
    const codes = (raw as string[]).flatMap((c) =>
      isKabupaten.has(c)
        ? kecamatan.filter((k) => k.code.startsWith(`${c}.`)).map((k) => k.code)
        : [c],
    );
    return [[...new Set(raw as string[])], [...new Set(codes)]];
  }
}
