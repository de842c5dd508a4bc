import { Inject, Injectable } from '@nestjs/common';
import { rujukanCodes } from '../../warehouse/codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ContextService } from '../warehouse/context.service.js';
import { MetaRepository } from '../warehouse/meta.repository.js';
import type { MetaDto } from './indicators.dto.js';

@Injectable()
export class MetaService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly context: ContextService,
    private readonly metaRepo: MetaRepository,
  ) {}

  async meta(): Promise<MetaDto> {
    const [region, meta, periods, stamp] = await Promise.all([
      this.context.area(undefined),
      this.metaRepo.meta(),
      this.metaRepo.periods(),
      this.context.stamp(),
    ]);
    return {
      region: { code: region.code, name: region.name, level: region.level },
      as_of: stamp.as_of,
      latest_period: meta.latest_period ?? periods.at(-1) ?? null,
      in_progress_period: meta.in_progress_period ?? null,
      periods,
      data_dates: stamp.data_dates,
      tile_url: this.config.tileUrl,
      small_count_threshold: this.config.smallCountThreshold,
      codes: {
        lembaga_tujuan: [...rujukanCodes.lembaga_tujuan],
        status: [...rujukanCodes.status],
        kategori: [...rujukanCodes.kategori],
        kanal: [...rujukanCodes.kanal],
      },
    };
  }
}
