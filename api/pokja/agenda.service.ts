/**
 * The agenda a new meeting starts from (rules in api/README.md, "Pokja"): indicators off target
 * for the kecamatan (the scorecard's own status), the 3 receiving agencies with the most open
 * complaints older than 30 days, the 5 desa with the largest coverage gaps, and the open actions
 * due on or before the meeting date. Every figure is read from the warehouse as it is.
 */
import { Injectable } from '@nestjs/common';
import { OLDEST_AGING_BUCKET } from '../../warehouse/codes.js';
import { CoverageRepository } from '../coverage/coverage.repository.js';
import { IndicatorsRepository, type CatalogueRow } from '../indicators/indicators.repository.js';
import { ScorecardService } from '../indicators/scorecard.service.js';
import { RujukanRepository } from '../rujukan/rujukan.repository.js';
import type { ActionDto } from './pokja.dto.js';
import type { AgendaItem } from './pokja.repository.js';

export const TOP_LEMBAGA = 3;
export const TOP_DESA = 5;
/**
 * The gaps desa are ranked by (catalogue `agenda_gap`, in gap-table order), with the label the
 * warehouse serves (its band named by the programme rules in force) and unit.
 */
function agendaGaps(rows: CatalogueRow[]) {
  return rows
    .filter((e) => e.agenda_gap)
    .sort(
      (a, b) =>
        (a.gap_column ?? Number.MAX_SAFE_INTEGER) - (b.gap_column ?? Number.MAX_SAFE_INTEGER),
    )
    .map((e) => ({
      id: e.id,
      label: e.label_id.charAt(0).toLowerCase() + e.label_id.slice(1),
      unit: e.unit,
    }));
}

const number = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '–';
  if (unit === 'percent') return `${number.format(value)}%`;
  if (unit === 'days') return `${number.format(value)} hari`;
  if (unit === 'rupiah') return `Rp ${number.format(value)}`;
  return number.format(value);
}

@Injectable()
export class AgendaService {
  constructor(
    private readonly scorecards: ScorecardService,
    private readonly rujukan: RujukanRepository,
    private readonly coverage: CoverageRepository,
    private readonly indicators: IndicatorsRepository,
  ) {}

  async propose(kecamatan: string, period: string, dueActions: ActionDto[]): Promise<AgendaItem[]> {
    const [indikator, lembaga, desa] = await Promise.all([
      this.offTarget(kecamatan, period),
      this.lembagaBacklog(kecamatan, period),
      this.desaGaps(kecamatan, period),
    ]);
    return [...indikator, ...lembaga, ...desa, ...dueActions.map(actionItem)];
  }

  private async offTarget(kecamatan: string, period: string): Promise<AgendaItem[]> {
    const { rows } = await this.scorecards.scorecard({ area: kecamatan, period });
    return rows
      .filter((r) => r.status === 'off')
      .map((r) => ({
        kind: 'indikator',
        ref: r.indicator.id,
        title: `${r.indicator.label.id} belum mencapai target`,
        detail: `Nilai ${formatValue(r.value, r.indicator.unit)}, target ${formatValue(r.target, r.indicator.unit)} (${period})`,
      }));
  }

  private async lembagaBacklog(kecamatan: string, period: string): Promise<AgendaItem[]> {
    const aging = await this.rujukan.aging(kecamatan, 'kecamatan', period);
    return aging
      .filter((a) => a.bucket === OLDEST_AGING_BUCKET && a.lembaga_tujuan !== '*' && a.jumlah > 0)
      .sort((a, b) => b.jumlah - a.jumlah || a.lembaga_tujuan.localeCompare(b.lembaga_tujuan))
      .slice(0, TOP_LEMBAGA)
      .map((a) => ({
        kind: 'lembaga',
        ref: a.lembaga_tujuan,
        title: `Tunggakan rujukan ${a.lembaga_tujuan}`,
        detail: `${number.format(a.jumlah)} keluhan terbuka lebih dari 30 hari (akhir ${period})`,
      }));
  }

  /** Ranked by the sum of the gaps (people and households alike), ties by desa code. */
  private async desaGaps(kecamatan: string, period: string): Promise<AgendaItem[]> {
    const [rows, catalogue] = await Promise.all([
      this.coverage.desaGaps(kecamatan, period),
      this.indicators.catalogue(),
    ]);
    const GAPS = agendaGaps(catalogue);
    const total = (r: Record<string, unknown>) =>
      GAPS.reduce((sum, g) => sum + (Number(r[g.id] ?? 0) || 0), 0);
    return rows
      .filter((r) => total(r) > 0)
      .sort((a, b) => total(b) - total(a) || String(a.code).localeCompare(String(b.code)))
      .slice(0, TOP_DESA)
      .map((r) => ({
        kind: 'desa',
        ref: String(r.code),
        title: `Celah cakupan Desa ${String(r.name)}`,
        detail: GAPS.map(
          (g) => `${g.label}: ${formatValue((r[g.id] as number) ?? null, g.unit)}`,
        ).join('; '),
      }));
  }
}

function actionItem(a: ActionDto): AgendaItem {
  return {
    kind: 'tindak_lanjut',
    ref: String(a.id),
    title: a.title,
    detail: `${a.owner_opd}, jatuh tempo ${a.due_date}, status ${a.status}`,
  };
}
