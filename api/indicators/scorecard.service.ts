/**
 * Scorecard: every indicator of one area in one period, with its target and the month before.
 * Status rule (api/README.md): on_target when the value meets the target in the indicator's
 * direction; near when it misses by at most 10% of the target; off otherwise; null when the value
 * or the target is unknown.
 */
import { Injectable } from '@nestjs/common';
import { TargetsRepository } from '../app-db/targets.repository.js';
import { previousPeriod } from '../common/params.js';
import { appliesTo, withhold } from '../common/small-count.js';
import { ContextService } from '../warehouse/context.service.js';
import { SmallCountService } from '../warehouse/small-count.service.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type { ScorecardDto, ScorecardRowDto } from './indicators.dto.js';
import {
  type CatalogueRow,
  IndicatorsRepository,
  type PeriodValueRow,
} from './indicators.repository.js';
import { checkAreaCode, toIndicatorDto } from './indicators.service.js';

export type Status = 'on_target' | 'near' | 'off';

export function targetStatus(
  value: number | null,
  target: number | null,
  direction: string,
): Status | null {
  if (value === null || target === null) return null;
  const shortfall = direction === 'lower_better' ? value - target : target - value;
  if (shortfall <= 0) return 'on_target';
  // Tolerance for binary fractions: 15.4 − 14 is 1.4000000000000004, still "within 10%".
  const margin = 0.1 * Math.abs(target) + 1e-9 * Math.max(1, Math.abs(target));
  return shortfall <= margin ? 'near' : 'off';
}

function figures(row: PeriodValueRow | undefined) {
  return {
    numerator: row?.numerator ?? null,
    denominator: row?.denominator ?? null,
    value: row?.value ?? null,
  };
}

@Injectable()
export class ScorecardService {
  constructor(
    private readonly repo: IndicatorsRepository,
    private readonly targets: TargetsRepository,
    private readonly context: ContextService,
    private readonly warehouse: WarehouseService,
    private readonly smallCount: SmallCountService,
  ) {}

  async scorecard(q: { area?: string; period?: string; publik?: boolean }): Promise<ScorecardDto> {
    const area = await this.context.area(checkAreaCode('area', q.area));
    const period = await this.context.period(q.period);
    const previous = previousPeriod(period);
    const threshold = this.context.smallCountThreshold;
    const limit = appliesTo(area.level, q.publik ?? false, threshold) ? threshold : 0;
    const key = `scorecard:${area.code}:${period}:${this.targets.version}:${limit}`;
    const rows = await this.warehouse.cached(key, () =>
      this.rows(area.code, area.level, period, previous, limit),
    );
    const areaRef = { code: area.code, name: area.name, level: area.level };
    return {
      area: areaRef,
      period,
      previous_period: previous,
      rows,
      ...(await this.context.stamp()),
    };
  }

  private async rows(
    code: string,
    level: string,
    period: string,
    previous: string,
    /** Small-count threshold for publik desa rows; 0 = figures as they are. */
    limit: number,
  ): Promise<ScorecardRowDto[]> {
    const [catalogue, targets, values] = await Promise.all([
      this.repo.catalogue(),
      this.targets.forArea(code),
      this.repo.areaValues(code, level, [period, previous]),
    ]);
    const byKey = new Map<string, PeriodValueRow>(
      values.map((v) => [`${v.indicator_id}|${v.period}`, v]),
    );
    // A desa's cells are withheld as in the values listing of its kecamatan (SmallCountService).
    const withheld = (c: CatalogueRow, p: string) =>
      limit > 0 ? this.smallCount.isWithheld(c, p, code) : Promise.resolve(false);
    return Promise.all(
      catalogue.map(async (c) => {
        const indicator = toIndicatorDto(c, targets.get(c.id));
        const now = figures(byKey.get(`${c.id}|${period}`));
        const before = figures(byKey.get(`${c.id}|${previous}`));
        const shownNow = limit > 0 ? withhold(now, await withheld(c, period)) : now;
        const shownBefore = limit > 0 ? withhold(before, await withheld(c, previous)) : before;
        const value = shownNow.value;
        const previous_value = shownBefore.value;
        // A withheld value has no status either: "near a target of 3" would narrow it down.
        return {
          indicator,
          value,
          numerator: shownNow.numerator,
          denominator: shownNow.denominator,
          target: indicator.target,
          status: targetStatus(value, indicator.target, c.direction),
          previous_value,
          change: value !== null && previous_value !== null ? value - previous_value : null,
          ...(limit > 0
            ? {
                suppressed: 'suppressed' in shownNow && shownNow.suppressed === true,
                previous_suppressed: 'suppressed' in shownBefore && shownBefore.suppressed === true,
              }
            : {}),
        };
      }),
    );
  }
}
