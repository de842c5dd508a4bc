/** Reshapes the warehouse's referral breakdowns into the tables the Rujukan page shows. */
import { Injectable } from '@nestjs/common';
import { checkAreaCode } from '../indicators/indicators.service.js';
import { ContextService } from '../warehouse/context.service.js';
import type { AgencyDto, BreakdownRowDto, RujukanBreakdownDto } from './rujukan.dto.js';
import { type AgingRow, type BreakdownRow, RujukanRepository } from './rujukan.repository.js';

const BUCKETS = ['0-7', '8-14', '15-30', '>30'];
const INDICATORS = [
  'rujukan_masuk',
  'rujukan_selesai_pct',
  'rujukan_median_hari',
  'rujukan_tunggakan',
  'rujukan_sla_pct',
] as const;

function pivot(rows: BreakdownRow[], dimension: string): BreakdownRowDto[] {
  const byCategory = new Map<string, BreakdownRowDto>();
  for (const r of rows.filter((x) => x.dimension === dimension)) {
    let row = byCategory.get(r.category);
    if (!row) {
      row = {
        category: r.category,
        ...Object.fromEntries(INDICATORS.map((id) => [id, null])),
      } as BreakdownRowDto;
      byCategory.set(r.category, row);
    }
    if ((INDICATORS as readonly string[]).includes(r.indicator_id)) {
      row[r.indicator_id as (typeof INDICATORS)[number]] = r.value;
    }
  }
  return [...byCategory.values()];
}

function agingOf(rows: AgingRow[], lembaga: string): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(BUCKETS.map((b) => [b, 0]));
  for (const r of rows) if (r.lembaga_tujuan === lembaga) out[r.bucket] = r.jumlah;
  return out;
}

function agencies(rows: BreakdownRow[], aging: AgingRow[]): AgencyDto[] {
  const names = new Set<string>();
  for (const r of rows) if (r.dimension === 'lembaga_tujuan') names.add(r.category);
  for (const a of aging) if (a.lembaga_tujuan !== '*') names.add(a.lembaga_tujuan);
  const find = (id: string, lembaga: string) =>
    rows.find(
      (r) => r.dimension === 'lembaga_tujuan' && r.indicator_id === id && r.category === lembaga,
    );
  return [...names].sort().map((lembaga) => ({
    lembaga_tujuan: lembaga,
    received: find('rujukan_masuk', lembaga)?.value ?? 0,
    closed: find('rujukan_selesai_pct', lembaga)?.numerator ?? 0,
    median_days: find('rujukan_median_hari', lembaga)?.value ?? null,
    backlog: find('rujukan_tunggakan', lembaga)?.value ?? 0,
    aging: agingOf(aging, lembaga),
  }));
}

@Injectable()
export class RujukanService {
  constructor(
    private readonly repo: RujukanRepository,
    private readonly context: ContextService,
  ) {}

  /** `opd`: limit the per-agency tables (by_lembaga_tujuan, agencies) to that agency. */
  async breakdown(q: {
    area?: string;
    period?: string;
    opd?: string;
  }): Promise<RujukanBreakdownDto> {
    const area = await this.context.area(checkAreaCode('area', q.area));
    const period = await this.context.period(q.period);
    const [rows, aging] = await Promise.all([
      this.repo.breakdowns(area.code, area.level, period),
      this.repo.aging(area.code, area.level, period),
    ]);
    const all = agingOf(aging, '*');
    return {
      area: { code: area.code, name: area.name, level: area.level },
      period,
      by_status: rows
        .filter((r) => r.dimension === 'status' && r.indicator_id === 'rujukan_masuk')
        .map((r) => ({ category: r.category, value: r.value })),
      by_kategori: pivot(rows, 'kategori'),
      by_kanal: pivot(rows, 'kanal'),
      by_lembaga_tujuan: pivot(rows, 'lembaga_tujuan').filter(
        (r) => q.opd === undefined || r.category === q.opd,
      ),
      aging: BUCKETS.map((bucket) => ({ bucket, jumlah: all[bucket] ?? 0 })),
      agencies: agencies(rows, aging).filter(
        (a) => q.opd === undefined || a.lembaga_tujuan === q.opd,
      ),
      ...(await this.context.stamp()),
    };
  }
}
