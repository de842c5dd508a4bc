/** Warehouse bookkeeping tables: warehouse_meta, feed_freshness, the periods with data. */
import { Injectable } from '@nestjs/common';
import { WarehouseService } from './warehouse.service.js';

export interface FeedFreshness {
  feed: string;
  newest_period: string | null;
  rows: number;
}

@Injectable()
export class MetaRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  meta(): Promise<Record<string, string>> {
    return this.warehouse.cached('meta', async () => {
      const rows = await this.warehouse.query(
        'SELECT key, CAST(value AS VARCHAR) AS value FROM warehouse_meta',
      );
      return Object.fromEntries(rows.map((r) => [String(r.key), String(r.value)]));
    });
  }

  freshness(): Promise<FeedFreshness[]> {
    return this.warehouse.cached('freshness', async () => {
      const rows = await this.warehouse.query(
        `SELECT feed, CAST(newest_period AS DATE) AS newest_period, CAST(rows AS DOUBLE) AS rows
         FROM feed_freshness ORDER BY feed`,
      );
      return rows as unknown as FeedFreshness[];
    });
  }

  periods(): Promise<string[]> {
    return this.warehouse.cached('periods', async () => {
      const rows = await this.warehouse.query(
        'SELECT DISTINCT period FROM indicator_values ORDER BY period',
      );
      return rows.map((r) => String(r.period));
    });
  }
}
