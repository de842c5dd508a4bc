/** Reshapes the warehouse's referral breakdowns into the tables the Rujukan page shows. */
import { Injectable } from '@nestjs/common';
import {
  AGENCY_FIELDS,
  type AgencyField,
  agencyIndicator,
  rujukanIndicators,
} from '../../warehouse/catalogue.js';
import { AGING_BUCKET_IDS } from '../../warehouse/codes.js';
import { appliesTo } from '../common/small-count.js';
import { checkAreaCode } from '../indicators/indicators.service.js';
import { ContextService } from '../warehouse/context.service.js';
import { SmallCountService } from '../warehouse/small-count.service.js';
import type { AgencyDto, BreakdownRowDto, RujukanBreakdownDto } from './rujukan.dto.js';
import { type AgingRow, type BreakdownRow, RujukanRepository } from './rujukan.repository.js';

const BUCKETS = AGING_BUCKET_IDS;
/** The breakdown tables' columns: the catalogue's referral indicators. */
const INDICATORS = rujukanIndicators;
/** An agency row's count fields (0 when the warehouse has no row), the median apart. */
const FIELDS = Object.keys(AGENCY_FIELDS) as AgencyField[];

/** A breakdown cell after the small-count rule: withheld cells are null and marked. */
type Cell = BreakdownRow & { suppressed?: boolean };
type Bucket = Omit<AgingRow, 'jumlah'> & { jumlah: number | null };

function pivot(rows: Cell[], dimension: string, publik: boolean): BreakdownRowDto[] {
  const byCategory = new Map<string, BreakdownRowDto>();
  for (const r of rows.filter((x) => x.dimension === dimension)) {
    let row = byCategory.get(r.category);
    if (!row) {
      row = {
        category: r.category,
        ...Object.fromEntries(INDICATORS.map((id) => [id, null])),
        ...(publik ? { suppressed: [] } : {}),
      } as BreakdownRowDto;
      byCategory.set(r.category, row);
    }
    if (INDICATORS.includes(r.indicator_id)) {
      row[r.indicator_id] = r.value;
      if (r.suppressed) row.suppressed?.push(r.indicator_id);
    }
  }
  return [...byCategory.values()];
}

function agingOf(rows: Bucket[], lembaga: string): Record<string, number | null> {
  const out: Record<string, number | null> = Object.fromEntries(BUCKETS.map((b) => [b, 0]));
  for (const r of rows) if (r.lembaga_tujuan === lembaga) out[r.bucket] = r.jumlah;
  return out;
}

/**
 * A figure of an agency from its indicator's cell (`AGENCY_FIELDS`): a count is 0 when the
 * warehouse has no row, the median null; null when withheld.
 */
function figureOf(cell: Cell | undefined, field: AgencyField): number | null {
  if (field === 'median_days') return cell?.value ?? null;
  if (!cell) return 0;
  return cell.suppressed ? null : (cell[AGENCY_FIELDS[field]] ?? 0);
}

/** Fields of an agency row that are null because they were withheld (publik only). */
function withheld(a: AgencyDto, cells: (Cell | undefined)[]): string[] {
  const out: string[] = FIELDS.filter((f, i) => cells[i]?.suppressed === true);
  for (const [bucket, n] of Object.entries(a.aging)) if (n === null) out.push(`aging.${bucket}`);
  return out;
}

function agencies(rows: Cell[], aging: Bucket[], publik: boolean): AgencyDto[] {
  const names = new Set<string>();
  for (const r of rows) if (r.dimension === 'lembaga_tujuan') names.add(r.category);
  for (const a of aging) if (a.lembaga_tujuan !== '*') names.add(a.lembaga_tujuan);
  const find = (id: string, lembaga: string) =>
    rows.find(
      (r) => r.dimension === 'lembaga_tujuan' && r.indicator_id === id && r.category === lembaga,
    );
  return [...names].sort().map((lembaga) => {
    const cells = FIELDS.map((f) => find(agencyIndicator(f), lembaga));
    const row = {
      lembaga_tujuan: lembaga,
      ...Object.fromEntries(FIELDS.map((f, i) => [f, figureOf(cells[i], f)])),
      aging: agingOf(aging, lembaga),
    } as AgencyDto;
    return publik ? { ...row, suppressed: withheld(row, cells) } : row;
  });
}

@Injectable()
export class RujukanService {
  constructor(
    private readonly repo: RujukanRepository,
    private readonly context: ContextService,
    private readonly smallCount: SmallCountService,
  ) {}

  /**
   * Breakdown cells and aging buckets of a desa as published (publik): the ones SmallCountService
   * withholds — decided over every desa of the kecamatan — are null and marked. A cell withheld
   * where the desa has no row (every desa of a kecamatan withheld) is written as withheld too, so
   * that a missing row does not say "none".
   */
  private async withhold(rows: BreakdownRow[], aging: AgingRow[], period: string, desa: string) {
    const [cellKeys, bucketKeys] = await Promise.all([
      this.smallCount.breakdownWithheld(period, desa),
      this.smallCount.agingWithheld(period, desa),
    ]);
    const hidden = { numerator: null, denominator: null, value: null, suppressed: true };
    const present = new Set(rows.map((r) => `${r.indicator_id}|${r.dimension}|${r.category}`));
    const cells: Cell[] = rows.map((r) =>
      cellKeys.has(`${r.indicator_id}|${r.dimension}|${r.category}`)
        ? { ...r, ...hidden }
        : { ...r, suppressed: false },
    );
    for (const key of cellKeys) {
      if (present.has(key)) continue;
      const [indicator_id = '', dimension = '', ...name] = key.split('|');
      const category = name.join('|');
      cells.push({ indicator_id, dimension, category, ...hidden });
    }
    cells.sort(
      (a, b) =>
        a.dimension.localeCompare(b.dimension) ||
        a.category.localeCompare(b.category) ||
        a.indicator_id.localeCompare(b.indicator_id),
    );
    const buckets: Bucket[] = aging.map((a) =>
      bucketKeys.has(`${a.lembaga_tujuan}|${a.bucket}`) ? { ...a, jumlah: null } : a,
    );
    const inAging = new Set(aging.map((a) => `${a.lembaga_tujuan}|${a.bucket}`));
    for (const key of bucketKeys) {
      if (inAging.has(key)) continue;
      const lembaga_tujuan = key.slice(0, key.lastIndexOf('|'));
      const bucket = key.slice(key.lastIndexOf('|') + 1);
      buckets.push({ lembaga_tujuan, bucket, jumlah: null });
    }
    return { cells, buckets };
  }

  /** `opd`: limit the per-agency tables (by_lembaga_tujuan, agencies) to that agency. */
  async breakdown(q: {
    area?: string;
    period?: string;
    opd?: string;
    publik?: boolean;
  }): Promise<RujukanBreakdownDto> {
    const area = await this.context.area(checkAreaCode('area', q.area));
    const period = await this.context.period(q.period);
    const threshold = this.context.smallCountThreshold;
    const publik = appliesTo(area.level, q.publik ?? false, threshold);
    const [rawRows, rawAging] = await Promise.all([
      this.repo.breakdowns(area.code, area.level, period),
      this.repo.aging(area.code, area.level, period),
    ]);
    const { cells: rows, buckets: aging } = publik
      ? await this.withhold(rawRows, rawAging, period, area.code)
      : { cells: rawRows as Cell[], buckets: rawAging as Bucket[] };
    const all = agingOf(aging, '*');
    const mark = (on: boolean) => (publik ? { suppressed: on } : {});
    return {
      area: { code: area.code, name: area.name, level: area.level },
      period,
      by_status: rows
        .filter((r) => r.dimension === 'status' && r.indicator_id === agencyIndicator('received'))
        .map((r) => ({ category: r.category, value: r.value, ...mark(r.suppressed === true) })),
      by_kategori: pivot(rows, 'kategori', publik),
      by_kanal: pivot(rows, 'kanal', publik),
      by_lembaga_tujuan: pivot(rows, 'lembaga_tujuan', publik).filter(
        (r) => q.opd === undefined || r.category === q.opd,
      ),
      aging: BUCKETS.map((bucket) => {
        const jumlah = all[bucket] === undefined ? 0 : all[bucket];
        return { bucket, jumlah, ...mark(jumlah === null) };
      }),
      agencies: agencies(rows, aging, publik).filter(
        (a) => q.opd === undefined || a.lembaga_tujuan === q.opd,
      ),
      ...(await this.context.stamp()),
    };
  }
}
