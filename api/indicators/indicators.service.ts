/**
 * Indicator catalogue, values per child area and time series. Figures come from the warehouse as
 * they are; this service only picks rows, fills in areas without a row, and attaches targets.
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { TargetsRepository } from '../app-db/targets.repository.js';
import { badRequest, childLevel, type Level, levelRank } from '../common/params.js';
import { appliesTo, withhold } from '../common/small-count.js';
import { type Area } from '../warehouse/area.repository.js';
import { ContextService } from '../warehouse/context.service.js';
import { SmallCountService } from '../warehouse/small-count.service.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type { IndicatorDto, SeriesDto, ValueRowDto, ValuesDto } from './indicators.dto.js';
import {
  type AreaValueRow,
  type CatalogueRow,
  IndicatorsRepository,
} from './indicators.repository.js';

const AREA_CODE = /^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/;

export function toIndicatorDto(row: CatalogueRow, target: number | undefined): IndicatorDto {
  return {
    id: row.id,
    label: { id: row.label_id, en: row.label_en },
    unit: row.unit,
    direction: row.direction,
    default_target: row.default_target,
    target: target ?? row.default_target,
    category: row.category,
    description: { id: row.description_id, en: row.description_en },
    feeds: row.feeds,
    gap_column: row.gap_column,
    cakupan_map: row.cakupan_map,
    desa_trend: row.desa_trend,
    inclusion_column: row.inclusion_column,
    agenda_gap: row.agenda_gap,
    agency_field: row.agency_field,
    rujukan_trend: row.rujukan_trend,
    area_count: row.area_count,
    action_list: row.action_list,
  };
}

/** An area in the reference without a row: counts are 0, ratios and medians unknown. */
function filled(row: AreaValueRow, unit: string, periodHasData: boolean): ValueRowDto {
  const base = { code: row.code, name: row.name };
  if (row.has_row)
    return { ...base, numerator: row.numerator, denominator: row.denominator, value: row.value };
  if (!periodHasData) return { ...base, numerator: null, denominator: null, value: null };
  switch (unit) {
    case 'count':
    case 'rupiah':
      return { ...base, numerator: 0, denominator: null, value: 0 };
    case 'percent':
      return { ...base, numerator: 0, denominator: 0, value: null };
    default:
      return { ...base, numerator: null, denominator: null, value: null };
  }
}

export function checkAreaCode(name: string, raw: string | undefined): string | undefined {
  if (raw !== undefined && !AREA_CODE.test(raw)) {
    badRequest(
      `Parameter '${name}' harus kode wilayah Kemendagri bertitik (contoh 62.03 atau 62.03.01.1010)`,
      `parameter '${name}' must be a dotted Kemendagri area code (e.g. 62.03 or 62.03.01.1010)`,
    );
  }
  return raw;
}

@Injectable()
export class IndicatorsService {
  constructor(
    private readonly repo: IndicatorsRepository,
    private readonly targets: TargetsRepository,
    private readonly context: ContextService,
    private readonly warehouse: WarehouseService,
    private readonly smallCount: SmallCountService,
  ) {}

  async list(): Promise<{ indicators: IndicatorDto[] }> {
    const [rows, targets] = await Promise.all([
      this.repo.catalogue(),
      this.targets.forArea(this.context.regionCode),
    ]);
    return { indicators: rows.map((r) => toIndicatorDto(r, targets.get(r.id))) };
  }

  async indicator(id: string): Promise<IndicatorDto> {
    const found = (await this.list()).indicators.find((i) => i.id === id);
    if (!found) {
      throw new NotFoundException(
        `Indikator '${id}' tidak dikenal; daftar indikator ada di /api/indicators / unknown indicator '${id}'`,
      );
    }
    return found;
  }

  async values(
    id: string,
    q: { level?: Level; parent?: string; period?: string; publik?: boolean },
  ): Promise<ValuesDto> {
    const indicator = await this.indicator(id);
    const parent = await this.context.area(checkAreaCode('parent', q.parent));
    const level = this.childLevelOf(parent, q.level);
    const period = await this.context.period(q.period);
    const key = `values:${id}:${period}:${level}:${parent.code}`;
    const rows = await this.warehouse.cached(key, async () => {
      const [raw, hasData] = await Promise.all([
        this.repo.childValues(id, period, level, parent.code),
        this.repo.hasPeriod(id, period),
      ]);
      return raw.map((r) => filled(r, indicator.unit, hasData));
    });
    const threshold = this.context.smallCountThreshold;
    // The desa withheld are decided over whole kecamatan (SmallCountService), not this listing.
    const shown = appliesTo(level, q.publik ?? false, threshold)
      ? await this.warehouse.cached(`${key}:publik:${threshold}`, async () => {
          const withheld = await this.smallCount.withheld(indicator, period, parent.code);
          return rows.map((r) => withhold(r, withheld.has(r.code)));
        })
      : rows;
    return {
      indicator,
      period,
      level,
      parent: parent.code,
      rows: shown,
      ...(await this.context.stamp()),
    };
  }

  async series(
    id: string,
    q: { area?: string; from?: string; to?: string; publik?: boolean },
  ): Promise<SeriesDto> {
    const indicator = await this.indicator(id);
    const area = await this.context.area(checkAreaCode('area', q.area));
    const from = q.from ?? '0000-01';
    const to = q.to ?? '9999-12';
    if (from > to)
      badRequest(`'from' (${from}) harus sebelum 'to' (${to})`, `'from' must not be after 'to'`);
    const threshold = this.context.smallCountThreshold;
    const publik = appliesTo(area.level, q.publik ?? false, threshold);
    const key = `series:${id}:${area.code}:${from}:${to}${publik ? `:publik:${threshold}` : ''}`;
    const rows = await this.warehouse.cached(key, async () =>
      Promise.all(
        (await this.repo.series(id, area.code, area.level, from, to)).map(async (r) => {
          const row = {
            period: r.period,
            numerator: r.numerator,
            denominator: r.denominator,
            value: r.value,
          };
          // Each month as the values listing of its kecamatan withholds it.
          if (!publik) return row;
          return withhold(row, await this.smallCount.isWithheld(indicator, r.period, area.code));
        }),
      ),
    );
    const areaRef = { code: area.code, name: area.name, level: area.level };
    return { indicator, area: areaRef, rows, ...(await this.context.stamp()) };
  }

  private childLevelOf(parent: Area, requested: Level | undefined): Level {
    const level = requested ?? childLevel(parent.level);
    if (!level || levelRank(level) <= levelRank(parent.level)) {
      const below = childLevel(parent.level);
      badRequest(
        `Parameter 'level' harus di bawah level wilayah induk ${parent.code} (${parent.level})` +
          (below ? `, contoh level=${below}` : '; desa tidak punya wilayah di bawahnya'),
        `'level' must be below the parent's level (${parent.level})`,
      );
    }
    return level;
  }
}
