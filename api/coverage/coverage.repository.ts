/** One row per desa of an area with the coverage-gap indicators side by side. */
import { Injectable } from '@nestjs/common';
import { gapColumns } from '../../warehouse/catalogue.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';

/** The gap table's indicators: `gap_column` of warehouse/catalogue.json. */
export const GAP_COLUMNS = gapColumns;

@Injectable()
export class CoverageRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  /** Columns come from the catalogue (ids are [a-z0-9_]), never from the request. */
  desaGaps(area: string, period: string): Promise<Record<string, unknown>[]> {
    const pivot = GAP_COLUMNS.map(
      (id) => `max(CAST(v.value AS DOUBLE)) FILTER (WHERE v.indicator_id = '${id}') AS ${id}`,
    ).join(',\n ');
    return this.warehouse.query(
      `SELECT w.code, w.name, k.code AS kecamatan_code, k.name AS kecamatan_name, ${pivot}
       FROM dim_wilayah w
       JOIN dim_wilayah k ON k.code = w.parent_code
       LEFT JOIN indicator_values v
         ON v.area_code = w.code AND v.level = 'desa' AND v.period = $period
        AND v.indicator_id IN (${GAP_COLUMNS.map((c) => `'${c}'`).join(', ')})
       WHERE w.level = 'desa' AND starts_with(w.code, $prefix)
       GROUP BY w.code, w.name, k.code, k.name
       ORDER BY w.code`,
      { period, prefix: `${area}.` },
    );
  }
}
