/**
 * Tindak lanjut: follow-up actions decided by the Pokja. Each remembers the warehouse value of its
 * linked indicator when it was opened, so a later meeting sees whether what it decided worked
 * (value then and now). Values are read, never computed, here.
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { badRequest } from '../common/params.js';
import type { IndicatorDto } from '../indicators/indicators.dto.js';
import { IndicatorsRepository } from '../indicators/indicators.repository.js';
import { checkAreaCode, IndicatorsService } from '../indicators/indicators.service.js';
import type { Area } from '../warehouse/area.repository.js';
import { ContextService } from '../warehouse/context.service.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import { type Actor, assertMay, sameOpd } from './access.js';
import type {
  ActionBodyDto,
  ActionDto,
  ActionListDto,
  ActionPatchDto,
  CommentBodyDto,
} from './pokja.dto.js';
import { type ActionRow, PokjaRepository } from './pokja.repository.js';
import { OPEN_STATUSES, parseDate, parseId, parseStatus, requiredText } from './validate.js';
import { todayWib } from '../../warehouse/calendar.js';

@Injectable()
export class ActionsService {
  constructor(
    private readonly repo: PokjaRepository,
    private readonly indicators: IndicatorsService,
    private readonly values: IndicatorsRepository,
    private readonly context: ContextService,
    private readonly warehouse: WarehouseService,
  ) {}

  async create(body: ActionBodyDto, actor: Actor): Promise<ActionDto> {
    assertMay(actor, 'action:write');
    const { title, owner_opd, due_date } = body;
    const status = body.status ?? 'BARU';
    const indicator = await this.indicatorOf(body.indicator_id);
    const area = await this.areaOf(body.area);
    const kecamatan_code = area.level === 'kecamatan' ? area.code : area.parent_code!;
    assertMay(actor, 'action:write', { kecamatan_code, owner_opd });
    const meeting_id = await this.meetingOf(body.meeting_id, kecamatan_code);
    const then = await this.valueNow(indicator.id, area);
    const id = await this.repo.createAction({
      meeting_id,
      kecamatan_code,
      area_code: area.code,
      indicator_id: indicator.id,
      title,
      owner_opd,
      due_date,
      status,
      baseline_period: then.period,
      baseline_value: then.value,
      created_by: actor.name,
    });
    return this.get(id);
  }

  /** One action for the acting user (per-record check: its kecamatan, its owner agency). */
  async read(id: number, actor: Actor): Promise<ActionDto> {
    assertMay(actor, 'action:read', await this.found(id));
    return this.get(id);
  }

  async get(id: number, tanggal = todayWib()): Promise<ActionDto> {
    const row = await this.found(id);
    return this.toDto(row, tanggal);
  }

  async update(id: number, body: ActionPatchDto, actor: Actor): Promise<ActionDto> {
    const row = await this.found(id);
    // Only the status: what an OPD may change on its own actions.
    const statusOnly = Object.entries(body).every(
      ([key, v]) => key === 'status' || v === undefined,
    );
    assertMay(actor, statusOnly ? 'action:status' : 'action:write', row);
    await this.repo.updateAction(id, {
      title: body.title ?? row.title,
      owner_opd: body.owner_opd ?? row.owner_opd,
      due_date: body.due_date ?? row.due_date,
      status: body.status ?? row.status,
    });
    return this.get(id);
  }

  async comment(id: number, body: CommentBodyDto, actor: Actor): Promise<ActionDto> {
    const text = body.body;
    assertMay(actor, 'action:comment', await this.found(id));
    await this.repo.addComment(id, actor.name, text);
    return this.get(id);
  }

  async list(q: {
    /** An OPD account's agency: only the actions it owns. */
    opd?: string;
    kecamatan?: string;
    status?: string;
    tanggal?: string;
    overdue?: string;
  }): Promise<ActionListDto> {
    const tanggal = parseDate('tanggal', q.tanggal) ?? todayWib();
    const kecamatan = q.kecamatan ? (await this.kecamatanOf(q.kecamatan)).code : null;
    const status = parseStatus('status', q.status);
    if (q.overdue !== undefined && q.overdue !== '1' && q.overdue !== '0') {
      badRequest("'overdue' harus 1 atau 0", "'overdue' must be 1 or 0");
    }
    const rows = await this.repo.actions({ kecamatan, statuses: status ? [status] : [] });
    const own = q.opd === undefined ? rows : rows.filter((r) => sameOpd(r.owner_opd, q.opd));
    let dtos = await this.toDtos(own, tanggal);
    if (q.overdue === '1') dtos = dtos.filter((a) => a.overdue);
    return { tanggal, rows: dtos, ...(await this.context.stamp()) };
  }

  /** Open actions of a kecamatan; `dueBy` keeps those due on or before that date. */
  async open(
    kecamatan: string,
    tanggal: string,
    dueBy: string | null = null,
  ): Promise<ActionDto[]> {
    const rows = await this.repo.actions({ kecamatan, statuses: OPEN_STATUSES, dueBy });
    return this.toDtos(rows, tanggal);
  }

  async toDtos(rows: ActionRow[], tanggal: string): Promise<ActionDto[]> {
    const out: ActionDto[] = [];
    for (const r of rows) out.push(await this.toDto(r, tanggal));
    return out;
  }

  private async toDto(row: ActionRow, tanggal: string): Promise<ActionDto> {
    const [catalogue, area, kecamatan] = await Promise.all([
      this.catalogue(),
      this.context.area(row.area_code),
      this.context.area(row.kecamatan_code),
    ]);
    const indicator = catalogue.get(row.indicator_id);
    const now = await this.valueNow(row.indicator_id, area);
    const then = { period: row.baseline_period, value: row.baseline_value };
    const change = now.value !== null && then.value !== null ? now.value - then.value : null;
    const better = indicator?.direction === 'lower_better' ? -1 : 1;
    const { meeting_id, title, owner_opd, due_date, status, created_by, created_at, updated_at } =
      row;
    return {
      id: row.id,
      meeting_id,
      kecamatan: { code: kecamatan.code, name: kecamatan.name, level: kecamatan.level },
      area: { code: area.code, name: area.name, level: area.level },
      indicator: {
        id: row.indicator_id,
        label: indicator?.label.id ?? row.indicator_id,
        unit: indicator?.unit ?? 'count',
        direction: indicator?.direction ?? 'higher_better',
      },
      title,
      owner_opd,
      due_date,
      status,
      overdue: OPEN_STATUSES.includes(status) && due_date < tanggal,
      then,
      now,
      change,
      improved: change === null || change === 0 ? null : change * better > 0,
      created_by,
      created_at,
      updated_at,
      comments: await this.repo.comments(row.id),
    };
  }

  /** The indicator's value for the area in the latest warehouse period (null: no row). */
  async valueNow(
    indicatorId: string,
    area: Area,
  ): Promise<{ period: string | null; value: number | null }> {
    const period = await this.context.period(undefined);
    const rows = await this.warehouse.cached(`pokja:values:${area.code}:${period}`, () =>
      this.values.areaValues(area.code, area.level, [period, period]),
    );
    const row = rows.find((r) => r.indicator_id === indicatorId);
    return { period, value: row?.value ?? null };
  }

  private async catalogue(): Promise<Map<string, IndicatorDto>> {
    const list = await this.indicators.list();
    return new Map(list.indicators.map((i) => [i.id, i]));
  }

  private async found(id: number): Promise<ActionRow> {
    const row = await this.repo.action(parseId('id', id));
    if (!row) {
      throw new NotFoundException(
        `Tindak lanjut ${id} tidak ada; daftar di /api/pokja/actions / unknown action ${id}`,
      );
    }
    return row;
  }

  private async indicatorOf(raw: unknown): Promise<IndicatorDto> {
    const id = requiredText('indicator_id', raw, 100);
    return this.indicators.indicator(id);
  }

  /** A kecamatan or desa of the served region. */
  private async areaOf(raw: unknown): Promise<Area> {
    const code = requiredText('area', raw, 20);
    const area = await this.context.area(checkAreaCode('area', code));
    const region = this.context.regionCode;
    if (!['kecamatan', 'desa'].includes(area.level) || !area.code.startsWith(`${region}.`)) {
      badRequest(
        `'area' harus kecamatan atau desa di wilayah ${region}, bukan ${area.level} ${area.code}`,
        `'area' must be a kecamatan or desa of the served region`,
      );
    }
    return area;
  }

  async kecamatanOf(raw: unknown): Promise<Area> {
    const region = this.context.regionCode;
    const code = requiredText('kecamatan', raw, 20);
    const area = await this.context.area(checkAreaCode('kecamatan', code));
    if (area.level !== 'kecamatan' || !area.code.startsWith(`${region}.`)) {
      badRequest(
        `'kecamatan' harus kode kecamatan di wilayah ${region} (contoh ${region}.01), bukan ${area.level} ${area.code}`,
        `'kecamatan' must be a kecamatan code of the served region`,
      );
    }
    return area;
  }

  private async meetingOf(raw: unknown, kecamatan: string): Promise<number | null> {
    if (raw === undefined || raw === null) return null;
    const id = parseId('meeting_id', raw);
    const meeting = await this.repo.meeting(id);
    if (!meeting) {
      throw new NotFoundException(`Rapat ${id} tidak ada / unknown meeting ${id}`);
    }
    if (meeting.kecamatan_code !== kecamatan) {
      badRequest(
        `Wilayah tindak lanjut harus di kecamatan rapat ${meeting.kecamatan_code}`,
        `the action's area must lie in the meeting's kecamatan`,
      );
    }
    return id;
  }
}
