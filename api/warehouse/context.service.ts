/**
 * What almost every figure endpoint needs: the served region, resolving an area code or a period
 * parameter (with 404 / 400 messages a person can act on), and the data dates stamp.
 */
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { badRequest } from '../common/params.js';
import { type Area, AreaRepository } from './area.repository.js';
import { MetaRepository } from './meta.repository.js';

export interface Stamp {
  data_dates: Record<string, string | null>;
  as_of: string | null;
}

@Injectable()
export class ContextService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly areas: AreaRepository,
    private readonly metaRepo: MetaRepository,
  ) {}

  get regionCode(): string {
    return this.config.regionCode;
  }

  /** SMALL_COUNT_THRESHOLD (common/small-count.ts); 0 = off. */
  get smallCountThreshold(): number {
    return this.config.smallCountThreshold;
  }

  async area(code: string | undefined): Promise<Area> {
    const wanted = code ?? this.config.regionCode;
    const area = await this.areas.find(wanted);
    if (!area) {
      throw new NotFoundException(
        `Wilayah '${wanted}' tidak dikenal; pakai kode Kemendagri bertitik, contoh ${this.config.regionCode} ` +
          `(cari lewat /api/areas?q=nama) / unknown area '${wanted}'`,
      );
    }
    return area;
  }

  /** The requested period if the warehouse has it, else the latest one with data. */
  async period(requested: string | undefined): Promise<string> {
    const periods = await this.metaRepo.periods();
    if (requested === undefined) {
      const latest = (await this.metaRepo.meta()).latest_period;
      return (
        latest ??
        periods.at(-1) ??
        badRequest('Belum ada periode berisi data', 'no period has data yet')
      );
    }
    if (!periods.includes(requested)) {
      const range = periods.length ? `${periods[0]} s.d. ${periods.at(-1)}` : '(belum ada)';
      badRequest(
        `Periode ${requested} tidak tersedia; periode yang ada: ${range}`,
        `period ${requested} has no data; available: ${range.replace('s.d.', 'to')}`,
      );
    }
    return requested;
  }

  async stamp(): Promise<Stamp> {
    const [freshness, meta] = await Promise.all([this.metaRepo.freshness(), this.metaRepo.meta()]);
    const data_dates: Record<string, string | null> = {};
    for (const f of freshness) data_dates[f.feed] = f.newest_period;
    return { data_dates, as_of: meta.as_of ?? null };
  }
}
