/**
 * Coverage gaps per desa (for Sekda and Bappeda). Sorted worst first by the chosen indicator:
 * descending for lower-is-better ones (the biggest gap first), ascending for percentages where
 * higher is better; unknown values last.
 */
import { Injectable } from '@nestjs/common';
import { badRequest } from '../common/params.js';
import { checkAreaCode, IndicatorsService } from '../indicators/indicators.service.js';
import { ContextService } from '../warehouse/context.service.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type { GapRowDto, GapsDto } from './coverage.dto.js';
import { CoverageRepository, GAP_COLUMNS } from './coverage.repository.js';

type GapColumn = (typeof GAP_COLUMNS)[number];

function toRow(r: Record<string, unknown>): GapRowDto {
  const row = {
    code: String(r.code),
    name: String(r.name),
    kecamatan: { code: String(r.kecamatan_code), name: String(r.kecamatan_name) },
  } as GapRowDto;
  for (const c of GAP_COLUMNS) row[c] = (r[c] as number | null) ?? null;
  return row;
}

function sortRows(rows: GapRowDto[], column: GapColumn, descending: boolean): GapRowDto[] {
  return [...rows].sort((a, b) => {
    const x = a[column];
    const y = b[column];
    if (x === null || y === null)
      return x === y ? a.code.localeCompare(b.code) : x === null ? 1 : -1;
    return (descending ? y - x : x - y) || a.code.localeCompare(b.code);
  });
}

@Injectable()
export class CoverageService {
  constructor(
    private readonly repo: CoverageRepository,
    private readonly indicators: IndicatorsService,
    private readonly context: ContextService,
    private readonly warehouse: WarehouseService,
  ) {}

  async gaps(q: { area?: string; period?: string; sort?: string }): Promise<GapsDto> {
    const sort = (q.sort ?? 'gap_jkn_desil14') as GapColumn;
    if (!GAP_COLUMNS.includes(sort)) {
      badRequest(
        `Parameter 'sort' harus salah satu dari ${GAP_COLUMNS.join(', ')}`,
        `'sort' must be one of those ids`,
      );
    }
    const area = await this.context.area(checkAreaCode('area', q.area));
    if (area.level !== 'kabupaten' && area.level !== 'kecamatan') {
      badRequest(
        `Parameter 'area' harus kabupaten atau kecamatan (contoh ${this.context.regionCode}), bukan ${area.level}`,
        `'area' must be a kabupaten or kecamatan`,
      );
    }
    const period = await this.context.period(q.period);
    const indicator = await this.indicators.indicator(sort);
    const descending = indicator.direction === 'lower_better';
    const rows = await this.warehouse.cached(`gaps:${area.code}:${period}:${sort}`, async () =>
      sortRows((await this.repo.desaGaps(area.code, period)).map(toRow), sort, descending),
    );
    return {
      area: { code: area.code, name: area.name, level: area.level },
      period,
      sort,
      rows,
      ...(await this.context.stamp()),
    };
  }
}
