/** The action lists of warehouse mart daftar_aksi (warehouse/models/marts/daftar_aksi.sql). */
import { Injectable } from '@nestjs/common';
import { WarehouseService } from '../warehouse/warehouse.service.js';

/** Characters of the pseudonym shown as a row's reference. */
export const REF_LENGTH = 10;

export interface DaftarRow {
  ref: string;
  jenis: string;
  kelompok_umur: string | null;
  desil: number | null;
  program: string;
  sejak: string;
}

@Injectable()
export class DaftarRepository {
  constructor(private readonly warehouse: WarehouseService) {}

  /** The periods the lists are built for (the warehouse's latest period). */
  async periods(): Promise<string[]> {
    const rows = await this.warehouse.query(
      `SELECT value AS period FROM warehouse_meta WHERE key = 'latest_period'`,
    );
    return rows.map((r) => String(r.period));
  }

  /** Only the short reference leaves the warehouse, never the whole pseudonym. */
  rows(list: string, period: string, desa: string): Promise<DaftarRow[]> {
    return this.warehouse
      .query(
        `SELECT left(pseudonym, ${REF_LENGTH}) AS ref, jenis, kelompok_umur,
                CAST(desil AS INTEGER) AS desil, program, sejak
         FROM daftar_aksi
         WHERE list_id = $list AND period = $period AND kode_desa = $desa
         ORDER BY kelompok_umur NULLS LAST, desil NULLS LAST, ref`,
        { list, period, desa },
      )
      .then((rows) => rows as unknown as DaftarRow[]);
  }
}
