/** Targets and budget parameters kept in app.duckdb. */
import { Injectable } from '@nestjs/common';
import { AppDbService } from './app-db.service.js';

export interface BudgetParams {
  premi_pbi: number;
  premi_bpu: number;
}

@Injectable()
export class TargetsRepository {
  /** Read on every figure request, written rarely (by this process only): cache, drop on write. */
  private readonly cache = new Map<string, Promise<Map<string, number>>>();

  /** Bumped on every write, so that results built from targets can be memoised by version. */
  version = 0;

  constructor(private readonly db: AppDbService) {}

  /**
   * Targets for an area: the most specific row among the area's own, its ancestors' (a kecamatan
   * override also holds for its desa) and the kabupaten-wide one (area_code null).
   */
  forArea(areaCode: string): Promise<Map<string, number>> {
    let hit = this.cache.get(areaCode);
    if (!hit) {
      if (this.cache.size > 5000) this.cache.clear();
      hit = this.load(areaCode);
      this.cache.set(areaCode, hit);
      hit.catch(() => this.cache.delete(areaCode));
    }
    return hit;
  }

  private async load(areaCode: string): Promise<Map<string, number>> {
    const rows = await this.db.query(
      `SELECT indicator_id, target FROM targets
       WHERE area_code IS NULL OR area_code = $area OR starts_with($area, area_code || '.')
       ORDER BY indicator_id, length(area_code) NULLS FIRST`,
      { area: areaCode },
    );
    const targets = new Map<string, number>();
    for (const r of rows) targets.set(String(r.indicator_id), Number(r.target)); // most specific wins (last)
    return targets;
  }

  async set(
    indicatorId: string,
    areaCode: string | null,
    target: number,
    by: string | null,
  ): Promise<void> {
    // Delete + insert: a unique index treats NULL area codes as distinct, so no upsert on it.
    await this.db.query(
      'DELETE FROM targets WHERE indicator_id = $id AND area_code IS NOT DISTINCT FROM $area',
      {
        id: indicatorId,
        area: areaCode,
      },
    );
    await this.db.query(
      `INSERT INTO targets (indicator_id, area_code, target, updated_at, updated_by)
       VALUES ($id, $area, $target, current_timestamp, $by)`,
      { id: indicatorId, area: areaCode, target, by },
    );
    this.cache.clear();
    this.version += 1;
  }

  /** Drops a target row (the area falls back to the kabupaten one, the kabupaten to the catalogue). */
  async remove(indicatorId: string, areaCode: string | null): Promise<void> {
    await this.db.query(
      'DELETE FROM targets WHERE indicator_id = $id AND area_code IS NOT DISTINCT FROM $area',
      { id: indicatorId, area: areaCode },
    );
    this.cache.clear();
    this.version += 1;
  }

  async budgetParams(): Promise<BudgetParams | null> {
    const rows = await this.db.query('SELECT premi_pbi, premi_bpu FROM budget_params LIMIT 1');
    const r = rows[0];
    return r ? { premi_pbi: Number(r.premi_pbi), premi_bpu: Number(r.premi_bpu) } : null;
  }
}
