/**
 * Which desa cells `publik=true` withholds (api/README.md, "Small counts"), decided from ALL the
 * desa of a kecamatan in the warehouse (`suppressionPattern`, common/small-count.ts) — also when
 * the request shows a single desa (its scorecard, its series, its referral breakdown), so that
 * every endpoint withholds the same cells and a kecamatan total minus its published desa never
 * gives a withheld one back. Patterns are computed per kabupaten and cached per published
 * warehouse file, like every other result.
 */
import { Injectable } from '@nestjs/common';
import {
  additiveFigures,
  type Cell,
  figurePattern,
  suppressionPattern,
} from '../common/small-count.js';
import { ContextService } from './context.service.js';
import { WarehouseService } from './warehouse.service.js';

export interface Indicator {
  id: string;
  unit: string;
}

/** `62.03.01.1006` → `62.03.01` (the kecamatan), `62.03` (the kabupaten). */
const kecamatanOf = (desa: string) => desa.split('.').slice(0, 3).join('.');
const kabupatenOf = (code: string) => code.split('.').slice(0, 2).join('.');

const FIGURES =
  'CAST(v.numerator AS DOUBLE) AS numerator, CAST(v.denominator AS DOUBLE) AS denominator, CAST(v.value AS DOUBLE) AS value';

/** A referral breakdown cell (indicator_breakdowns) or aging bucket (rujukan_aging) of a desa. */
interface PartRow extends Cell {
  indicator_id: string;
  /** `${dimension}|${category}` of a breakdown, `${lembaga_tujuan}|${bucket}` of aging. */
  part: string;
}

/** Groups `items` by `key`, keeping their order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

@Injectable()
export class SmallCountService {
  constructor(
    private readonly warehouse: WarehouseService,
    private readonly context: ContextService,
  ) {}

  private get threshold(): number {
    return this.context.smallCountThreshold;
  }

  /** Desa codes withheld for one indicator and period in the kabupaten of `area`. */
  withheld(indicator: Indicator, period: string, area: string): Promise<Set<string>> {
    const kabupaten = kabupatenOf(area);
    const t = this.threshold;
    const key = `withheld:${indicator.id}:${period}:${kabupaten}:${t}`;
    return this.warehouse.cached(key, async () => {
      // Every desa of the reference (no row = nothing counted), so the last resort can take all.
      const cells = (await this.warehouse.query(
        `SELECT w.code, ${FIGURES}
         FROM dim_wilayah w
         LEFT JOIN indicator_values v
           ON v.area_code = w.code AND v.level = 'desa' AND v.indicator_id = $id AND v.period = $period
         WHERE w.level = 'desa' AND starts_with(w.code, $prefix)
         ORDER BY w.code`,
        { id: indicator.id, period, prefix: `${kabupaten}.` },
      )) as unknown as Cell[];
      const out = new Set<string>();
      for (const kec of groupBy(cells, (c) => kecamatanOf(c.code)).values())
        for (const code of suppressionPattern(indicator, kec, t)) out.add(code);
      return out;
    });
  }

  /** Whether one desa's cell of (indicator, period) is withheld. */
  async isWithheld(indicator: Indicator, period: string, desa: string): Promise<boolean> {
    return (await this.withheld(indicator, period, desa)).has(desa);
  }

  /**
   * Referral breakdown cells of one desa that are withheld, as `${indicator}|${dimension}|${category}`.
   * Per kecamatan and cell (the kecamatan breakdown is published), by `suppressionPattern`; every
   * cell of a desa whose own total of that indicator is withheld goes too (the categories of one
   * dimension add up to it); then, within the desa and dimension whose total is published, the
   * categories are protected the same way; both until nothing changes.
   */
  async breakdownWithheld(period: string, desa: string): Promise<Set<string>> {
    const all = await this.warehouse.cached(
      `withheld-breakdown:${period}:${kabupatenOf(desa)}:${this.threshold}`,
      () => this.breakdownPattern(period, kabupatenOf(desa)),
    );
    return all.get(desa) ?? new Set();
  }

  /**
   * Aging buckets of one desa that are withheld, as `${lembaga_tujuan}|${bucket}` (`*` = all).
   * Per kecamatan and bucket, by `suppressionPattern` as a count; the per-agency buckets of a
   * desa whose all-agency bucket is withheld go too.
   */
  async agingWithheld(period: string, desa: string): Promise<Set<string>> {
    const all = await this.warehouse.cached(
      `withheld-aging:${period}:${kabupatenOf(desa)}:${this.threshold}`,
      () => this.agingPattern(period, kabupatenOf(desa)),
    );
    return new Set([...(all.get(desa) ?? [])].map((k) => k.replace(/^rujukan_aging\|/, '')));
  }

  private async units(): Promise<Map<string, string>> {
    const rows = await this.warehouse.cached('catalogue-units', () =>
      this.warehouse.query('SELECT id, unit FROM indicator_catalogue'),
    );
    return new Map(rows.map((r) => [String(r.id), String(r.unit)]));
  }

  private desaOf(kabupaten: string): Promise<string[]> {
    return this.warehouse.cached(`desa-codes:${kabupaten}`, async () =>
      (
        await this.warehouse.query(
          `SELECT code FROM dim_wilayah WHERE level = 'desa' AND starts_with(code, $prefix) ORDER BY code`,
          { prefix: `${kabupaten}.` },
        )
      ).map((r) => String(r.code)),
    );
  }

  /**
   * Column protection (each kecamatan × part, over all its desa, absent rows as zero: the
   * kecamatan's breakdown is published) and line protection (each desa × line, over its parts:
   * they add up to the desa's total), by `figurePattern` on each additive figure — one figure for
   * all the indicators that carry the same numbers there (as `suppressionPattern` does for
   * indicator_values), every cell already withheld in one of them forced — repeated until the
   * withheld set stops growing. `rowTotalWithheld` forces every part of a desa's line.
   */
  private async linked(
    rows: PartRow[],
    kabupaten: string,
    lineOf: (r: PartRow) => string,
    rowTotalWithheld: (indicatorId: string, desa: string, line: string) => boolean,
  ): Promise<Map<string, Set<string>>> {
    const t = this.threshold;
    const units = await this.units();
    const desa = groupBy(await this.desaOf(kabupaten), kecamatanOf);
    const keyOf = (code: string, indicatorId: string, part: string) =>
      `${code}|${indicatorId}|${part}`;
    const withheld = new Set<string>();
    for (const r of rows)
      if (rowTotalWithheld(r.indicator_id, r.code, lineOf(r)))
        withheld.add(keyOf(r.code, r.indicator_id, r.part));

    /** Figures of one group of cells (a column or a line), shared by identical numbers. */
    type Key = (indicatorId: string, code: string) => string;
    const groups: { members: string[]; cells: { code: string; n: number }[]; key: Key }[] = [];
    const addGroups = (
      byIndicator: Map<string, PartRow[]>,
      codes: string[],
      cellOf: (r: PartRow) => string,
      key: Key,
    ) => {
      const figures = new Map<string, { members: string[]; n: Map<string, number> }>();
      for (const [indicatorId, list] of byIndicator)
        for (const f of additiveFigures(units.get(indicatorId) ?? 'count')) {
          const n = new Map(list.map((r) => [cellOf(r), Math.max(0, r[f] ?? 0)]));
          const id = [...n]
            .filter(([, x]) => x > 0)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .join(';');
          if (id === '') continue;
          const figure = figures.get(id) ?? { members: [], n };
          figure.members.push(indicatorId);
          figures.set(id, figure);
        }
      for (const { members, n } of figures.values())
        groups.push({ members, cells: codes.map((code) => ({ code, n: n.get(code) ?? 0 })), key });
    };
    for (const [column, list] of groupBy(rows, (r) => `${kecamatanOf(r.code)}|${r.part}`)) {
      const kec = column.slice(0, column.indexOf('|'));
      const part = list[0]!.part;
      addGroups(
        groupBy(list, (r) => r.indicator_id),
        desa.get(kec) ?? [],
        (r) => r.code,
        (id, code) => keyOf(code, id, part),
      );
    }
    for (const list of groupBy(rows, (r) => `${r.code}|${lineOf(r)}`).values()) {
      const code = list[0]!.code;
      const parts = [...new Set(list.map((r) => r.part))].sort();
      addGroups(
        groupBy(list, (r) => r.indicator_id),
        parts,
        (r) => r.part,
        (id, part) => keyOf(code, id, part),
      );
    }

    for (let changed = true; changed;) {
      changed = false;
      for (const { members, cells, key } of groups) {
        const forced = new Set(
          cells.filter((c) => members.some((m) => withheld.has(key(m, c.code)))).map((c) => c.code),
        );
        for (const code of figurePattern(cells, t, forced))
          for (const m of members)
            if (!withheld.has(key(m, code))) {
              withheld.add(key(m, code));
              changed = true;
            }
      }
    }
    const out = new Map<string, Set<string>>();
    for (const k of withheld) {
      const [code = '', ...rest] = k.split('|');
      let set = out.get(code);
      if (!set) out.set(code, (set = new Set()));
      set.add(rest.join('|'));
    }
    return out;
  }

  private async breakdownPattern(
    period: string,
    kabupaten: string,
  ): Promise<Map<string, Set<string>>> {
    const rows = (await this.warehouse.query(
      `SELECT area_code AS code, indicator_id, dimension || '|' || category AS part,
              ${FIGURES.replaceAll('v.', '')}
       FROM indicator_breakdowns
       WHERE level = 'desa' AND period = $period AND starts_with(area_code, $prefix)
       ORDER BY area_code, indicator_id, dimension, category`,
      { period, prefix: `${kabupaten}.` },
    )) as unknown as PartRow[];
    const units = await this.units();
    const totals = new Map<string, Set<string>>();
    for (const id of new Set(rows.map((r) => r.indicator_id)))
      totals.set(
        id,
        await this.withheld({ id, unit: units.get(id) ?? 'count' }, period, kabupaten),
      );
    // A line is one dimension of one indicator in one desa: its categories add up to the desa's
    // total of the indicator (indicator_values), withheld or published.
    return this.linked(
      rows,
      kabupaten,
      (r) => r.part.split('|')[0]!,
      (id, code) => totals.get(id)?.has(code) ?? false,
    );
  }

  private async agingPattern(period: string, kabupaten: string): Promise<Map<string, Set<string>>> {
    const rows = (await this.warehouse.query(
      `SELECT area_code AS code, 'rujukan_aging' AS indicator_id, lembaga_tujuan || '|' || bucket AS part,
              CAST(jumlah AS DOUBLE) AS numerator, NULL::DOUBLE AS denominator,
              CAST(jumlah AS DOUBLE) AS value
       FROM rujukan_aging
       WHERE level = 'desa' AND period = $period AND starts_with(area_code, $prefix)
       ORDER BY area_code, lembaga_tujuan, bucket`,
      { period, prefix: `${kabupaten}.` },
    )) as unknown as PartRow[];
    // The all-agency buckets first, by kecamatan only (a desa's buckets add up to no published
    // figure); then the agencies', whose line (one bucket of one desa) adds up to its '*' bucket.
    const all = rows.filter((r) => r.part.startsWith('*|'));
    const agencies = rows.filter((r) => !r.part.startsWith('*|'));
    const star = await this.linked(
      all,
      kabupaten,
      (r) => r.part,
      () => false,
    );
    return this.merge(
      star,
      await this.linked(
        agencies,
        kabupaten,
        (r) => r.part.slice(r.part.lastIndexOf('|') + 1), // the bucket (a name may hold '|')
        (_id, code, bucket) => star.get(code)?.has(`rujukan_aging|*|${bucket}`) ?? false,
      ),
    );
  }

  private merge(
    a: Map<string, Set<string>>,
    b: Map<string, Set<string>>,
  ): Map<string, Set<string>> {
    const out = new Map(a);
    for (const [code, set] of b) out.set(code, new Set([...(out.get(code) ?? []), ...set]));
    return out;
  }
}
