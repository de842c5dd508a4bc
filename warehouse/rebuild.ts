/**
 * An admin's change of the programme rules (programme-rules.ts): under the ETL lock, the warehouse
 * is rebuilt from the lake with the new rules into a scratch folder; only when that build (models
 * and checks) succeeds is the change recorded (who, when, why) and the new warehouse renamed over
 * the published one. A failed build leaves the rules and the published warehouse as they were.
 */
import { rename, rm } from 'node:fs/promises';
import { acquireLock } from './lock.js';
import { heldRun } from './publish.js';
import { buildWarehouse } from './build.js';
import { dataFolder } from './data-folder.js';
import {
  saveRulesOverride,
  type ProgrammeRules,
  type RulesChange,
  type RulesOverride,
} from './programme-rules.js';

export class RulesConflictError extends Error {}

export interface RulesRebuildOptions {
  dataDir: string;
  regionCode: string;
  /** The as-of date of the published warehouse (the rebuild changes the rules, not the data). */
  asOf: string;
  /** The run that built the published warehouse (its rejects stay the warehouse's own). */
  runId: string;
  rules: ProgrammeRules;
  changedBy: string;
  reason: string;
  memoryLimit?: string;
}

export async function changeProgrammeRules(opts: RulesRebuildOptions): Promise<RulesOverride> {
  const folder = dataFolder(opts.dataDir);
  const changedAt = new Date().toISOString();
  const lock = await acquireLock(opts.dataDir, `aturan-${changedAt.replace(/[-:.]/g, '')}`);
  const workDir = folder.workOf(`aturan-${process.pid}-${Date.now()}`);
  try {
    const held = await heldRun(opts.dataDir);
    if (held)
      throw new RulesConflictError(
        `Run ${held.run_id} menunggu persetujuan admin (halaman Data): terima atau tolak dulu, ` +
          'lalu ubah aturan program / a held run awaits a decision first',
      );
    const change: RulesChange = {
      rules: opts.rules,
      changed_by: opts.changedBy,
      changed_at: changedAt,
      reason: opts.reason,
    };
    const outFile = dataFolder(workDir).warehouse;
    await buildWarehouse({
      lakeDir: folder.lake,
      outFile,
      asOf: opts.asOf,
      regionCode: opts.regionCode,
      runId: opts.runId,
      memoryLimit: opts.memoryLimit,
      programmeRules: { rules: opts.rules, change },
    });
    const saved = await saveRulesOverride(folder.lake, change);
    await rename(outFile, folder.warehouse);
    return saved;
  } finally {
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    await lock.release();
  }
}
