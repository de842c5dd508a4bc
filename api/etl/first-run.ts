/**
 * What the first start on a data folder without a warehouse does:
 *
 * - a lake or inbox files to load: the ETL runs at once (also after an upgrade, when the
 *   published warehouse is of another model version: rebuilt from the lake);
 * - nothing at all to load and demo mode asked for (`npm run demo`, `DEMO=1`, `--demo`): the
 *   Kapuas demo inbox is written, the demo accounts are created (`onDemo`), then the ETL runs;
 *   A province (`REGION_CODE` `NN`) gets the province demo instead (etl/demo/province.ts): two
 *   kabupaten made, exported and imported;
 * - nothing to load and no demo mode: nothing runs. The API waits for the offices' exports (the
 *   nightly run or POST /api/etl/run loads them); no demo data, no demo account.
 */
import { Logger } from '@nestjs/common';
import { isProvinceCode } from '../../warehouse/agregat-marts.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import type { AppConfig } from '../config/config.js';
import { type EtlRunnerService, hasFiles } from './etl-runner.service.js';

export type FirstRunOutcome = 'served' | 'demo' | 'etl' | 'empty';

/** `onDemo` runs when the demo inbox is written (main.ts: the demo accounts, one per role). */
export async function firstRun(
  config: AppConfig,
  runner: EtlRunnerService,
  hasWarehouse: boolean,
  onDemo?: () => Promise<void>,
  /**
   * The published warehouse is of another model version (an upgrade), or the lake holds rejects
   * masked by an older rule (`'rejects'`, warehouse/mask.ts): rebuild it from the lake (the run cleans
   * the rejects first).
   */
  outdated: boolean | 'rejects' = false,
): Promise<FirstRunOutcome> {
  if (hasWarehouse) return 'served';
  const logger = new Logger('Startup');
  const { lake } = dataFolder(config.dataDir);
  const nothingToLoad = !hasFiles(lake) && !hasFiles(config.inboxDir);
  if (nothingToLoad && !config.demo) {
    logger.log(
      `Folder data kosong: belum ada data untuk dimuat. Letakkan ekspor dinas di ${config.inboxDir} ` +
        '(satu folder per feed, lihat README), lalu jalankan ETL dari halaman Data atau tunggu ' +
        'jadwal malam. Untuk mencoba dengan data demo Kapuas: npm run demo (folder data kosong).',
    );
    return 'empty';
  }
  const demoFirst = nothingToLoad && config.demo;
  if (demoFirst) {
    logger.log(
      isProvinceCode(config.regionCode)
        ? `Mode demo provinsi ${config.regionCode}: dua kabupaten dibuat, diekspor dan diimpor …`
        : `Mode demo: membuat data demo Kabupaten Kapuas di ${config.inboxDir} …`,
    );
    await onDemo?.();
  }
  const provinceDemo = demoFirst && isProvinceCode(config.regionCode);
  if (!provinceDemo)
    logger.log(
      outdated === 'rejects'
        ? 'Data penolakan disimpan versi lama: disamarkan ulang, warehouse dibangun ulang dari lake …'
        : outdated
          ? 'Warehouse dibangun versi lain: dibangun ulang dari lake (lihat /api/etl/status) …'
          : 'Belum ada warehouse: ETL pertama berjalan (lihat /api/etl/status) …',
    );
  const outcome = await runner.start('startup', { demoFirst });
  if (outcome.ok && provinceDemo) logger.log('Demo provinsi selesai; dasbor berisi data.');
  else if (outcome.ok) logger.log('ETL pertama selesai; dasbor berisi data.');
  else
    logger.error(
      `ETL pertama gagal: ${outcome.error}. Perbaiki berkas inbox lalu POST /api/etl/run.`,
    );
  return demoFirst ? 'demo' : 'etl';
}
