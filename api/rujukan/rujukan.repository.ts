/** indicator_breakdowns and rujukan_aging for one area and period. */
import { Injectable } from '@nestjs/common';
import { AGING_BUCKET_IDS } from '../../warehouse/codes.js';
import { sqlString } from '../../warehouse/wilayah.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';

export interface BreakdownRow {
  indicator_id: string;
  dimension: string;
  category: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface AgingRow {
  lembaga_tujuan: string;
  bucket: string;
  jumlah: number;
}

@Injectable()
export class RujukanRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  breakdowns(area: string, level: string, period: string): Promise<BreakdownRow[]> {
    return this.warehouse
      .query(
        `SELECT indicator_id, dimension, category, CAST(numerator AS DOUBLE) AS numerator,
                CAST(denominator AS DOUBLE) AS denominator, CAST(value AS DOUBLE) AS value
         FROM indicator_breakdowns
         WHERE area_code = $area AND level = $level AND period = $period
         ORDER BY dimension, category`,
        { area, level, period },
      )
      .then((rows) => rows as unknown as BreakdownRow[]);
  }

  aging(area: string, level: string, period: string): Promise<AgingRow[]> {
    return this.warehouse
      .query(
        `SELECT lembaga_tujuan, bucket, CAST(jumlah AS DOUBLE) AS jumlah
         FROM rujukan_aging
         WHERE area_code = $area AND level = $level AND period = $period
         ORDER BY lembaga_tujuan, list_position([${AGING_BUCKET_IDS.map(sqlString).join(', ')}], bucket)`,
        { area, level, period },
      )
      .then((rows) => rows as unknown as AgingRow[]);
  }
}
