/**
 * The programme rules (docs/registry.md, "Programme rules, as data"): read from the data folder,
 * changed by an admin with a reason; a change rebuilds the warehouse from the lake under the ETL
 * lock (warehouse/rebuild.ts) and the API switches to it at once.
 */
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { EtlBusyError } from '../../warehouse/lock.js';
import { todayWib } from '../../warehouse/calendar.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { defaultProgrammeRules, readRulesOverride } from '../../warehouse/programme-rules.js';
import { changeProgrammeRules, RulesConflictError } from '../../warehouse/rebuild.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EtlRunnerService } from '../etl/etl-runner.service.js';
import { MetaRepository } from '../warehouse/meta.repository.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type { ProgrammeRulesDto, PutProgrammeRulesDto } from './rules.dto.js';

@Injectable()
export class RulesService {
  private changing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: EtlRunnerService,
    private readonly warehouse: WarehouseService,
    private readonly metaRepo: MetaRepository,
  ) {}

  get(): ProgrammeRulesDto {
    const defaults = defaultProgrammeRules();
    const override = readRulesOverride(dataFolder(this.config.dataDir).lake);
    return {
      rules: override?.current.rules ?? defaults,
      defaults,
      current_change: override?.current ?? null,
      history: [...(override?.history ?? [])].reverse(),
    };
  }

  async put(body: PutProgrammeRulesDto, actor: string): Promise<ProgrammeRulesDto> {
    const { rules, alasan: reason } = body;
    if (this.runner.running || this.changing)
      throw new ConflictException(
        'ETL atau perubahan aturan sedang berjalan; coba lagi setelah selesai / a run is under way',
      );
    this.changing = true;
    try {
      const meta = this.warehouse.available ? await this.metaRepo.meta() : {};
      await changeProgrammeRules({
        dataDir: this.config.dataDir,
        regionCode: this.config.regionCode,
        asOf: meta.as_of ?? this.config.asOf ?? todayWib(),
        runId: meta.run_id ?? `aturan-${Date.now()}`,
        rules,
        changedBy: actor,
        reason,
      });
    } catch (error) {
      if (error instanceof EtlBusyError || error instanceof RulesConflictError)
        throw new ConflictException(error.message);
      throw error;
    } finally {
      this.changing = false;
    }
    await this.warehouse.refresh();
    return this.get();
  }
}
