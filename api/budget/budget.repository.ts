/** The warehouse's budget_simulation macro (the one place cost = people × premium × 12 lives). */
import { Injectable } from '@nestjs/common';
import { WarehouseService } from '../warehouse/warehouse.service.js';

export interface SimulationInput {
  period: string;
  premi_pbi: number;
  premi_bpu: number;
  max_desil: number;
  kecamatan: string[];
}

@Injectable()
export class BudgetRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  /** The warehouse's defaults (budget_defaults): premiums and the highest desil counted. */
  async defaults(): Promise<{ premi_pbi: number; premi_bpu: number; max_desil: number }> {
    const rows = await this.warehouse.query(
      `SELECT CAST(premi_pbi AS DOUBLE) AS premi_pbi, CAST(premi_bpu AS DOUBLE) AS premi_bpu,
              CAST(max_desil AS INTEGER) AS max_desil
       FROM budget_defaults LIMIT 1`,
    );
    return rows[0] as { premi_pbi: number; premi_bpu: number; max_desil: number };
  }

  /** One row per kecamatan of the region (selected ones, or all), plus the total (code null). */
  simulate(region: string, input: SimulationInput): Promise<Record<string, unknown>[]> {
    const selected = input.kecamatan.length
      ? `AND code IN (${input.kecamatan.map((c) => `'${c.replace(/[^0-9.]/g, '')}'`).join(', ')})`
      : '';
    return this.warehouse.query(
      `WITH sim AS (
         SELECT * FROM budget_simulation($period, $premi_pbi, $premi_bpu, CAST($max_desil AS INTEGER))
         WHERE level = 'kecamatan'
       ),
       kec AS (
         SELECT code, name FROM dim_wilayah
         WHERE level = 'kecamatan' AND starts_with(code, $prefix) ${selected}
       )
       SELECT kec.code, kec.name,
              CAST(coalesce(sum(sim.people_jkn), 0) AS DOUBLE) AS people_jkn,
              CAST(coalesce(sum(sim.people_bpu), 0) AS DOUBLE) AS people_bpu,
              CAST(coalesce(sum(sim.cost_pbi), 0) AS DOUBLE) AS cost_pbi,
              CAST(coalesce(sum(sim.cost_bpu), 0) AS DOUBLE) AS cost_bpu,
              CAST(coalesce(sum(sim.cost_total), 0) AS DOUBLE) AS cost_total
       FROM kec LEFT JOIN sim ON sim.area_code = kec.code
       GROUP BY GROUPING SETS ((kec.code, kec.name), ())
       ORDER BY kec.code NULLS LAST`,
      {
        period: input.period,
        premi_pbi: input.premi_pbi,
        premi_bpu: input.premi_bpu,
        max_desil: input.max_desil,
        prefix: `${region}.`,
      },
    );
  }
}
