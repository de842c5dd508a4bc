/**
 * A data folder as an older version left it: rejects stored as typed (a NIK in kode_desa, a name
 * in tanggal_lahir, a complaint text in kategori) and no record of the masking rule.
 */
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MASK_MARKER } from '../../warehouse/data-folder.js';

export const OLD_RUN = '20240601T000000000Z';
/** The raw values written by `writeOldRejects`, none of which may be stored or served. */
export const OLD_SECRETS = ['6203011203850011', 'MARTINA BINTI ALI', 'Kartu KIS tidak aktif'];

/**
 * The old run's rejects file and summary in the lake; its rows also in the published warehouse,
 * as a warehouse built by that version holds them.
 */
export async function writeOldRejects(dataDir: string): Promise<void> {
  const rejectsDir = path.join(dataDir, 'lake', '_runs', 'rejects');
  await writeFile(
    path.join(dataDir, 'lake', '_runs', `${OLD_RUN}.json`),
    JSON.stringify({
      run_id: OLD_RUN,
      status: 'FAILED',
      as_of: '2024-06-01',
      region_code: '62.03',
      started_at: '2024-06-01T00:00:00.000Z',
      finished_at: '2024-06-01T00:01:00.000Z',
      error: 'Berkas tidak dapat dibaca: baris 6203011203850017 rusak',
      feeds: {},
      stage_seconds: {},
    }),
  );
  await unlink(path.join(rejectsDir, MASK_MARKER)).catch(() => undefined);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`COPY (SELECT * FROM (VALUES
      ('${OLD_RUN}', 'dtks', 'lama.csv', 2, 'kode_desa', 'KODE_WILAYAH_TIDAK_DIKENAL', '6203011203850011'),
      ('${OLD_RUN}', 'dtks', 'lama.csv', 3, 'tanggal_lahir', 'TANGGAL_TIDAK_VALID', 'MARTINA BINTI ALI'),
      ('${OLD_RUN}', 'rujukan', 'lama.csv', 4, 'kategori', 'NILAI_TIDAK_DIKENAL', 'Kartu KIS tidak aktif'),
      ('${OLD_RUN}', 'dtks', 'lama.csv', 5, 'nik', 'NIK_TIDAK_VALID', '6203011203850013')
    ) AS t(run_id, feed, file, line, column_name, reason, value))
      TO '${path.join(rejectsDir, `${OLD_RUN}.parquet`)}' (FORMAT parquet)`);
    await conn.run(`ATTACH '${path.join(dataDir, 'warehouse.duckdb')}' AS wh`);
    await conn.run(`INSERT INTO wh.etl_rejects
      SELECT * FROM read_parquet('${path.join(rejectsDir, `${OLD_RUN}.parquet`)}')`);
    await conn.run(`DETACH wh`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
