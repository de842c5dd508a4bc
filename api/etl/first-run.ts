/**
 * `npm start` on a fresh clone must show a working dashboard: when the data folder has no
 * warehouse (or one built by another version of the models), the ETL runs at once — after writing the Kapuas demo inbox if there is nothing at
 * all to load (no lake, empty inbox).
 */
import { Logger } from '@nestjs/common';
import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { type EtlRunnerService, hasFiles } from './etl-runner.service.js';

/** `onDemo` runs when the demo inbox is written (main.ts: the demo accounts, one per role). */
export async function firstRun(
  config: AppConfig,
  runner: EtlRunnerService,
  hasWarehouse: boolean,
  onDemo?: () => Promise<void>,
  /**
   * The published warehouse is of another model version (an upgrade), or the lake holds rejects
   * masked by an older rule (`'rejects'`, etl/mask.ts): rebuild it from the lake (the run cleans
   * the rejects first).
   */
  outdated: boolean | 'rejects' = false,
): Promise<void> {
  if (hasWarehouse) return;
  const logger = new Logger('Startup');
  const lake = path.join(config.dataDir, 'lake');
  const demoFirst = !hasFiles(lake) && !hasFiles(config.inboxDir);
  if (demoFirst) {
    logger.log(`Folder data kosong: membuat data demo Kabupaten Kapuas di ${config.inboxDir} …`);
    await onDemo?.();
  }
  logger.log(
    outdated === 'rejects'
      ? 'Data penolakan disimpan versi lama: disamarkan ulang, warehouse dibangun ulang dari lake …'
      : outdated
        ? 'Warehouse dibangun versi lain: dibangun ulang dari lake (lihat /api/etl/status) …'
        : 'Belum ada warehouse: ETL pertama berjalan (lihat /api/etl/status) …',
  );
  const outcome = await runner.start('startup', { demoFirst });
  if (outcome.ok) logger.log('ETL pertama selesai; dasbor berisi data.');
  else
    logger.error(
      `ETL pertama gagal: ${outcome.error}. Perbaiki berkas inbox lalu POST /api/etl/run.`,
    );
}
