/**
 * Action lists: the pseudonymised people (or households) behind a desa's gap figure, for the
 * indicators whose catalogue entry names an `action_list`. Names and NIK only come back through
 * the key holder's command on the server (`npm run daftar-verval`, api/daftar/verval.ts).
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { badRequest } from '../common/params.js';
import { checkAreaCode, IndicatorsService } from '../indicators/indicators.service.js';
import { ContextService } from '../warehouse/context.service.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type { DaftarDto } from './daftar.dto.js';
import { DaftarRepository } from './daftar.repository.js';

@Injectable()
export class DaftarService {
  constructor(
    private readonly repo: DaftarRepository,
    private readonly indicators: IndicatorsService,
    private readonly context: ContextService,
    private readonly warehouse: WarehouseService,
  ) {}

  async list(id: string, q: { desa?: string; period?: string }): Promise<DaftarDto> {
    const indicator = await this.indicators.indicator(id);
    const list = indicator.action_list;
    if (!list) {
      throw new NotFoundException(
        `Indikator '${id}' tidak punya daftar tindak lanjut; lihat action_list di /api/indicators ` +
          `/ indicator '${id}' has no action list`,
      );
    }
    if (q.desa === undefined) {
      badRequest(
        `Parameter 'desa' wajib: kode desa bertitik (contoh 62.03.01.1010)`,
        `'desa' is required`,
      );
    }
    const area = await this.context.area(checkAreaCode('desa', q.desa));
    if (area.level !== 'desa') {
      badRequest(
        `Parameter 'desa' harus kode desa (contoh 62.03.01.1010), bukan ${area.level}`,
        `'desa' must be a desa code`,
      );
    }
    const period = await this.context.period(q.period);
    const periods = await this.repo.periods();
    if (!periods.includes(period)) {
      badRequest(
        `Daftar tindak lanjut hanya ada untuk periode ${periods.join(', ') || '(belum ada)'}; ` +
          `kirim period itu atau tanpa period`,
        `action lists exist for the latest period only`,
      );
    }
    const rows = await this.warehouse.cached(`daftar:${list}:${period}:${area.code}`, () =>
      this.repo.rows(list, period, area.code),
    );
    return {
      indicator: indicator.id,
      label: indicator.label,
      list,
      unit: rows[0]?.jenis ?? null,
      area: { code: area.code, name: area.name, level: area.level },
      period,
      total: rows.length,
      rows: rows.map(({ jenis: _jenis, ...row }) => row),
      ...(await this.context.stamp()),
    };
  }
}
