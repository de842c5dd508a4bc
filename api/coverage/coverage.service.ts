/**
 * Coverage gaps per desa (for Sekda and Bappeda). Sorted worst first by the chosen indicator:
 * descending for lower-is-better ones (the biggest gap first), ascending for percentages where
 * higher is better; unknown values last.
 */
import { Injectable } from '@nestjs/common';
import { badRequest } from '../common/params.js';
import { appliesTo } from '../common/small-count.js';
import { checkAreaCode, IndicatorsService } from '../indicators/indicators.service.js';
import { ContextService } from '../warehouse/context.service.js';
import { SmallCountService } from '../warehouse/small-count.service.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type { GapRowDto, GapsDto } from './coverage.dto.js';
import { CoverageRepository, GAP_COLUMNS } from './coverage.repository.js';

type GapColumn = (typeof GAP_COLUMNS)[number];

const num = (v: unknown) => (v as number | null | undefined) ?? null;

/** `withheld` (publik only): per column, the desa withheld (SmallCountService). */
function toRow(r: Record<string, unknown>, withheld: Map<string, Set<string>> | null): GapRowDto {
  const row = {
    code: String(r.code),
    name: String(r.name),
    kecamatan: { code: String(r.kecamatan_code), name: String(r.kecamatan_name) },
  } as GapRowDto;
  const suppressed: string[] = [];
  for (const c of GAP_COLUMNS) {
    const hide = withheld?.get(c)?.has(row.code) === true;
    row[c] = hide ? null : num(r[c]);
    if (hide) suppressed.push(c);
  }
  return withheld ? { ...row, suppressed } : row;
}

function sortRows(rows: GapRowDto[], column: GapColumn, descending: boolean): GapRowDto[] {
  return [...rows].sort((a, b) => {
    const x = a[column] as number | null;
    const y = b[column] as number | null;
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
    private readonly smallCount: SmallCountService,
  ) {}

  async gaps(q: {
    area?: string;
    period?: string;
    sort?: string;
    publik?: boolean;
  }): Promise<GapsDto> {
    // Default: the first gap column of the catalogue.
    const sort = (q.sort ?? GAP_COLUMNS[0]) as GapColumn;
    if (!GAP_COLUMNS.includes(sort)) {
      badRequest(
        `Parameter 'sort' harus salah satu dari ${GAP_COLUMNS.join(', ')}`,
        `'sort' must be one of those ids`,
      );
    }
    const area = await this.context.area(checkAreaCode('area', q.area));
    if (area.level === 'desa') {
      badRequest(
        `Parameter 'area' harus provinsi, kabupaten atau kecamatan (contoh ${this.context.regionCode}), bukan desa`,
        `'area' must be a province, kabupaten or kecamatan`,
      );
    }
    const period = await this.context.period(q.period);
    const indicator = await this.indicators.indicator(sort);
    const descending = indicator.direction === 'lower_better';
    // Every row is a desa: publik applies to the whole table.
    const threshold = this.context.smallCountThreshold;
    const limit = appliesTo('desa', q.publik ?? false, threshold) ? threshold : 0;
    const key = `gaps:${area.code}:${period}:${sort}:${limit}`;
    const rows = await this.warehouse.cached(key, async () => {
      const units = new Map((await this.indicators.list()).indicators.map((i) => [i.id, i.unit]));
      const withheld =
        limit > 0
          ? new Map(
              await Promise.all(
                GAP_COLUMNS.map(
                  async (id) =>
                    [
                      id,
                      await this.smallCount.withheld(
                        { id, unit: units.get(id) ?? 'count' },
                        period,
                        area.code,
                      ),
                    ] as const,
                ),
              ),
            )
          : null;
      const raw = await this.repo.desaGaps(area.code, period);
      return sortRows(
        raw.map((r) => toRow(r, withheld)),
        sort,
        descending,
      );
    });
    return {
      area: { code: area.code, name: area.name, level: area.level },
      period,
      sort,
      rows,
      ...(await this.context.stamp()),
    };
  }
}
