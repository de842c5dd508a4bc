/** Pokja meetings of a kecamatan: created with a proposed agenda, edited by the secretary. */
import { Injectable, NotFoundException } from '@nestjs/common';
import { ScorecardService } from '../indicators/scorecard.service.js';
import { AreaRepository } from '../warehouse/area.repository.js';
import { ContextService } from '../warehouse/context.service.js';
import { type Actor, assertMay } from './access.js';
import { ActionsService } from './actions.service.js';
import { AgendaService } from './agenda.service.js';
import type {
  AgendaBodyDto,
  MeetingBodyDto,
  MeetingBriefDto,
  MeetingDetailDto,
  MeetingDto,
  MeetingListDto,
  MeetingPatchDto,
  RakorDto,
} from './pokja.dto.js';
import { type MeetingRow, PokjaRepository } from './pokja.repository.js';
import { parseDate, parseId } from './validate.js';
import { todayWib } from '../../warehouse/calendar.js';

@Injectable()
export class MeetingsService {
  constructor(
    private readonly repo: PokjaRepository,
    private readonly actions: ActionsService,
    private readonly agenda: AgendaService,
    private readonly scorecards: ScorecardService,
    private readonly context: ContextService,
    private readonly areas: AreaRepository,
  ) {}

  async create(body: MeetingBodyDto, actor: Actor): Promise<MeetingDetailDto> {
    assertMay(actor, 'meeting:write');
    const kecamatan = await this.actions.kecamatanOf(body.kecamatan);
    assertMay(actor, 'meeting:write', { kecamatan_code: kecamatan.code });
    const { tanggal, tempat, opd_hadir } = body;
    const catatan = body.catatan ?? '';
    const period = await this.context.period(undefined);
    const due = await this.actions.open(kecamatan.code, tanggal, tanggal);
    const items = await this.agenda.propose(kecamatan.code, period, due);
    const id = await this.repo.createMeeting({
      kecamatan_code: kecamatan.code,
      tanggal,
      tempat,
      opd_hadir,
      catatan,
      period,
      created_by: actor.name,
    });
    await this.repo.setAgenda(id, items);
    return this.detail(id);
  }

  async list(rawKecamatan: string | undefined): Promise<MeetingListDto> {
    const kec = rawKecamatan ? (await this.actions.kecamatanOf(rawKecamatan)).code : null;
    const rows = await this.repo.meetings(kec);
    const out: MeetingDto[] = [];
    for (const r of rows) out.push(await this.toDto(r));
    return { rows: out };
  }

  async detail(rawId: unknown, actor?: Actor): Promise<MeetingDetailDto> {
    const meeting = await this.found(rawId);
    if (actor) assertMay(actor, 'meeting:read', meeting);
    const [agenda, actions] = await Promise.all([
      this.repo.agenda(meeting.id),
      this.actions.open(meeting.kecamatan_code, meeting.tanggal),
    ]);
    return {
      meeting: await this.toDto(meeting),
      agenda: agenda.map(({ kind, ref, title, detail }) => ({ kind, ref, title, detail })),
      actions,
      ...(await this.context.stamp()),
    };
  }

  async update(rawId: unknown, body: MeetingPatchDto, actor: Actor): Promise<MeetingDetailDto> {
    assertMay(actor, 'meeting:write');
    const meeting = await this.found(rawId);
    assertMay(actor, 'meeting:write', meeting);
    await this.repo.updateMeeting(meeting.id, {
      tanggal: body.tanggal ?? meeting.tanggal,
      tempat: body.tempat ?? meeting.tempat,
      opd_hadir: body.opd_hadir ?? meeting.opd_hadir,
      catatan: body.catatan ?? meeting.catatan,
    });
    return this.detail(meeting.id);
  }

  async setAgenda(rawId: unknown, body: AgendaBodyDto, actor: Actor): Promise<MeetingDetailDto> {
    assertMay(actor, 'meeting:write');
    const meeting = await this.found(rawId);
    assertMay(actor, 'meeting:write', meeting);
    await this.repo.setAgenda(meeting.id, body.items);
    return this.detail(meeting.id);
  }

  async remove(rawId: unknown, actor: Actor): Promise<void> {
    assertMay(actor, 'meeting:write');
    const meeting = await this.found(rawId);
    assertMay(actor, 'meeting:write', meeting);
    await this.repo.deleteMeeting(meeting.id);
  }

  /** Everything the printed A4 brief shows, for the month the agenda was proposed from. */
  async brief(rawId: unknown, actor?: Actor): Promise<MeetingBriefDto> {
    const detail = await this.detail(rawId, actor);
    const period = await this.context
      .period(detail.meeting.period)
      .catch(() => this.context.period(undefined));
    const scorecard = await this.scorecards.scorecard({
      area: detail.meeting.kecamatan.code,
      period,
    });
    return {
      ...detail,
      filters: { area: scorecard.area, period },
      scorecard: scorecard.rows,
      actions_overdue: detail.actions.filter((a) => a.overdue),
    };
  }

  /** Kabupaten rakor: actions done, open and overdue per OPD and per kecamatan. */
  async rakor(rawTanggal: unknown): Promise<RakorDto> {
    const tanggal = parseDate('tanggal', rawTanggal) ?? todayWib();
    const [byOpd, byKec, kecamatan] = await Promise.all([
      this.repo.counts('owner_opd', tanggal),
      this.repo.counts('kecamatan_code', tanggal),
      this.areas.within(this.context.regionCode, 'kecamatan'),
    ]);
    const zero = { selesai: 0, terbuka: 0, terlambat: 0, batal: 0 };
    const counts = new Map(byKec.map(({ key, ...c }) => [key, c]));
    const total = { ...zero };
    for (const c of byOpd) {
      for (const k of Object.keys(zero) as (keyof typeof zero)[]) total[k] += c[k];
    }
    return {
      tanggal,
      by_opd: byOpd.map(({ key, ...c }) => ({ opd: key, ...c })),
      by_kecamatan: kecamatan.map((k) => ({
        code: k.code,
        name: k.name,
        ...(counts.get(k.code) ?? zero),
      })),
      total,
    };
  }

  private async found(rawId: unknown): Promise<MeetingRow> {
    const id = parseId('id', rawId);
    const meeting = await this.repo.meeting(id);
    if (!meeting) {
      throw new NotFoundException(
        `Rapat ${id} tidak ada; daftar rapat di /api/pokja/meetings / unknown meeting ${id}`,
      );
    }
    return meeting;
  }

  private async toDto(row: MeetingRow): Promise<MeetingDto> {
    const kec = await this.context.area(row.kecamatan_code);
    const { kecamatan_code: _k, ...rest } = row;
    return { ...rest, kecamatan: { code: kec.code, name: kec.name, level: kec.level } };
  }
}
