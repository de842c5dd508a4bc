/** Rejects, freshness and data quality as carried by the published warehouse. */
import { Injectable } from '@nestjs/common';
import { maskStoredValueSql } from '../../warehouse/mask.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';

@Injectable()
export class EtlRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  rejectCounts(runId: string, feed: string | null): Promise<Record<string, unknown>[]> {
    return this.warehouse.query(
      `SELECT feed, reason, CAST(count(*) AS DOUBLE) AS n FROM etl_rejects
       WHERE run_id = $run AND ($feed IS NULL OR feed = $feed)
       GROUP BY feed, reason ORDER BY feed, n DESC, reason`,
      { run: runId, feed },
    );
  }

  /**
   * The ETL's masking rule once more on the way out (warehouse/mask.ts): a warehouse built before an
   * upgrade may hold values an older rule let through, until the start-up run rebuilds it.
   */
  rejectRows(
    runId: string,
    feed: string | null,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    return this.warehouse.query(
      `SELECT feed, file, CAST(line AS DOUBLE) AS line, column_name, reason,
         ${maskStoredValueSql('value', 'feed', 'column_name')} AS value
       FROM etl_rejects
       WHERE run_id = $run AND ($feed IS NULL OR feed = $feed)
       ORDER BY feed, file, line LIMIT ${Math.trunc(limit)}`,
      { run: runId, feed },
    );
  }

  quality(): Promise<Record<string, unknown>[]> {
    return this.warehouse.query(
      `SELECT sumber, periode, metric, numerator, denominator, value FROM data_quality
       ORDER BY periode DESC, sumber, metric`,
    );
  }

  async knownRun(runId: string): Promise<boolean> {
    const rows = await this.warehouse.query(
      `SELECT 1 AS x FROM etl_runs WHERE run_id = $run
       UNION ALL SELECT 1 FROM etl_rejects WHERE run_id = $run
       UNION ALL SELECT 1 FROM warehouse_meta WHERE key = 'run_id' AND value = $run LIMIT 1`,
      { run: runId },
    );
    return rows.length > 0;
  }
}
