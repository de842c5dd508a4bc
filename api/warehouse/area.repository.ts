/** The wilayah reference as the warehouse carries it (dim_wilayah). */
import { Injectable } from '@nestjs/common';
import { WarehouseService } from './warehouse.service.js';

export interface Area {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

const AREA_COLUMNS = 'code, name, level, parent_code';
const LEVEL_ORDER = `CASE level WHEN 'provinsi' THEN 1 WHEN 'kabupaten' THEN 2 WHEN 'kecamatan' THEN 3 ELSE 4 END`;

@Injectable()
export class AreaRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  find(code: string): Promise<Area | null> {
    return this.warehouse.cached(`area:${code}`, async () => {
      const rows = await this.warehouse.query(
        `SELECT ${AREA_COLUMNS} FROM dim_wilayah WHERE code = $code`,
        { code },
      );
      return (rows[0] as unknown as Area | undefined) ?? null;
    });
  }

  /** Ancestors from provinsi down, following the dotted code prefixes. */
  async ancestors(code: string): Promise<Area[]> {
    const parts = code.split('.');
    const prefixes = parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
    if (prefixes.length === 0) return [];
    const list = prefixes.map((p) => `'${p.replace(/[^0-9.]/g, '')}'`).join(', ');
    const rows = await this.warehouse.query(
      `SELECT ${AREA_COLUMNS} FROM dim_wilayah WHERE code IN (${list}) ORDER BY ${LEVEL_ORDER}`,
    );
    return rows as unknown as Area[];
  }

  /** All areas of `level` inside `parent` (any depth below it). */
  within(parent: string, level: string): Promise<Area[]> {
    return this.warehouse.cached(`within:${parent}:${level}`, async () => {
      const rows = await this.warehouse.query(
        `SELECT ${AREA_COLUMNS} FROM dim_wilayah
         WHERE level = $level AND starts_with(code, $prefix) ORDER BY code`,
        { level, prefix: `${parent}.` },
      );
      return rows as unknown as Area[];
    });
  }

  search(region: string, q: string, limit: number): Promise<Area[]> {
    return this.warehouse
      .query(
        `SELECT ${AREA_COLUMNS} FROM dim_wilayah
         WHERE (code = $region OR starts_with(code, $prefix)) AND contains(lower(name), lower($q))
         ORDER BY ${LEVEL_ORDER}, name, code LIMIT ${Math.trunc(limit)}`,
        { region, prefix: `${region}.`, q },
      )
      .then((rows) => rows as unknown as Area[]);
  }
}
