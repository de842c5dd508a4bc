/** indicator_catalogue and indicator_values: the only SQL of the indicators module. */
import { Injectable } from '@nestjs/common';
import { WarehouseService } from '../warehouse/warehouse.service.js';

export interface CatalogueRow {
  id: string;
  label_id: string;
  label_en: string;
  unit: string;
  direction: string;
  default_target: number | null;
  feeds: string[];
  category: string;
  description_id: string;
  description_en: string;
  gap_column: number | null;
  cakupan_map: boolean;
  desa_trend: number | null;
  inclusion_column: number | null;
  agenda_gap: boolean;
  agency_field: string | null;
  rujukan_trend: boolean;
  area_count: boolean;
  action_list: string | null;
}

export interface AreaValueRow {
  code: string;
  name: string;
  has_row: boolean;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface PeriodValueRow {
  indicator_id: string;
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

const FIGURES =
  'CAST(v.numerator AS DOUBLE) AS numerator, CAST(v.denominator AS DOUBLE) AS denominator, CAST(v.value AS DOUBLE) AS value';

@Injectable()
export class IndicatorsRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  catalogue(): Promise<CatalogueRow[]> {
    return this.warehouse.cached('catalogue', async () => {
      const rows = await this.warehouse.query(
        `SELECT id, label_id, label_en, unit, direction, CAST(default_target AS DOUBLE) AS default_target,
                category, description_id, description_en, feeds, gap_column, cakupan_map,
                desa_trend, inclusion_column, agenda_gap, agency_field, rujukan_trend, area_count,
                action_list
         FROM indicator_catalogue ORDER BY sort_order, id`,
      );
      return rows as unknown as CatalogueRow[];
    });
  }

  /** Every area of `level` inside `parent`, with its row for (indicator, period) if any. */
  childValues(id: string, period: string, level: string, parent: string): Promise<AreaValueRow[]> {
    return this.warehouse
      .query(
        `SELECT w.code, w.name, v.area_code IS NOT NULL AS has_row, ${FIGURES}
         FROM dim_wilayah w
         LEFT JOIN indicator_values v
           ON v.area_code = w.code AND v.level = w.level AND v.indicator_id = $id AND v.period = $period
         WHERE w.level = $level AND starts_with(w.code, $prefix)
         ORDER BY w.code`,
        { id, period, level, prefix: `${parent}.` },
      )
      .then((rows) => rows as unknown as AreaValueRow[]);
  }

  async hasPeriod(id: string, period: string): Promise<boolean> {
    const rows = await this.warehouse.query(
      'SELECT 1 AS x FROM indicator_values WHERE indicator_id = $id AND period = $period LIMIT 1',
      { id, period },
    );
    return rows.length > 0;
  }

  /** The area's values for every period the indicator has, within [from, to]. */
  series(
    id: string,
    area: string,
    level: string,
    from: string,
    to: string,
  ): Promise<PeriodValueRow[]> {
    return this.warehouse
      .query(
        `WITH periods AS (
           SELECT DISTINCT period FROM indicator_values
           WHERE indicator_id = $id AND period BETWEEN $from AND $to
         )
         SELECT $id AS indicator_id, p.period, ${FIGURES}
         FROM periods p
         LEFT JOIN indicator_values v
           ON v.indicator_id = $id AND v.period = p.period AND v.area_code = $area AND v.level = $level
         ORDER BY p.period`,
        { id, area, level, from, to },
      )
      .then((rows) => rows as unknown as PeriodValueRow[]);
  }

  /** All indicators of one area for the given periods. */
  areaValues(area: string, level: string, periods: string[]): Promise<PeriodValueRow[]> {
    const [p1 = '', p2 = ''] = periods;
    return this.warehouse
      .query(
        `SELECT v.indicator_id, v.period, ${FIGURES}
         FROM indicator_values v
         WHERE v.area_code = $area AND v.level = $level AND v.period IN ($p1, $p2)`,
        { area, level, p1, p2 },
      )
      .then((rows) => rows as unknown as PeriodValueRow[]);
  }
}
