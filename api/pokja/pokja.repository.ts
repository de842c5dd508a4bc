/** The Pokja tables of app.duckdb (migration 002): the only SQL of the pokja module. */
import { Injectable } from '@nestjs/common';
import { AppDbService } from '../app-db/app-db.service.js';
import type { ActionStatus } from './validate.js';

export interface TargetRow {
  indicator_id: string;
  area_code: string | null;
  target: number;
  updated_at: string;
  updated_by: string | null;
}

export interface AuditRow {
  id: number;
  indicator_id: string;
  area_code: string | null;
  old_target: number | null;
  new_target: number | null;
  changed_by: string;
  changed_at: string;
}

export interface MeetingRow {
  id: number;
  kecamatan_code: string;
  tanggal: string;
  tempat: string;
  opd_hadir: string[];
  catatan: string;
  period: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AgendaItem {
  kind: string;
  ref: string | null;
  title: string;
  detail: string;
}

export interface ActionRow {
  id: number;
  meeting_id: number | null;
  kecamatan_code: string;
  area_code: string;
  indicator_id: string;
  title: string;
  owner_opd: string;
  due_date: string;
  status: ActionStatus;
  baseline_period: string | null;
  baseline_value: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CommentRow {
  id: number;
  action_id: number;
  author: string;
  body: string;
  created_at: string;
}

export interface ActionCounts {
  key: string;
  selesai: number;
  terbuka: number;
  terlambat: number;
  batal: number;
}

type Row = Record<string, unknown>;

/** BIGINT → number, TIMESTAMPTZ → ISO text; DATE columns are cast to text in the SQL. */
function plain(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

const MEETING_COLUMNS = `id, kecamatan_code, CAST(tanggal AS VARCHAR) AS tanggal, tempat, opd_hadir,
  catatan, period, created_by, created_at, updated_at`;
const ACTION_COLUMNS = `id, meeting_id, kecamatan_code, area_code, indicator_id, title, owner_opd,
  CAST(due_date AS VARCHAR) AS due_date, status, baseline_period, baseline_value, created_by,
  created_at, updated_at`;

function toMeeting(row: Row): MeetingRow {
  const r = plain(row);
  return { ...r, opd_hadir: JSON.parse(String(r.opd_hadir)) as string[] } as MeetingRow;
}

@Injectable()
export class PokjaRepository {
  constructor(private readonly db: AppDbService) {}

  private async rows<T>(sql: string, params: Record<string, string | number | null> = {}) {
    return (await this.db.query(sql, params)).map(plain) as T[];
  }

  // Targets -------------------------------------------------------------------------------

  targets(): Promise<TargetRow[]> {
    return this.rows<TargetRow>(
      `SELECT indicator_id, area_code, target, updated_at, updated_by FROM targets
       ORDER BY indicator_id, area_code NULLS FIRST`,
    );
  }

  async target(indicatorId: string, areaCode: string | null): Promise<number | null> {
    const rows = await this.rows<{ target: number }>(
      `SELECT target FROM targets WHERE indicator_id = $id AND area_code IS NOT DISTINCT FROM $area`,
      { id: indicatorId, area: areaCode },
    );
    return rows[0]?.target ?? null;
  }

  async audit(entry: Omit<AuditRow, 'id' | 'changed_at'>): Promise<void> {
    await this.db.query(
      `INSERT INTO target_audit (indicator_id, area_code, old_target, new_target, changed_by)
       VALUES ($indicator_id, $area_code, $old_target, $new_target, $changed_by)`,
      { ...entry },
    );
  }

  auditLog(limit: number): Promise<AuditRow[]> {
    return this.rows<AuditRow>(
      `SELECT id, indicator_id, area_code, old_target, new_target, changed_by, changed_at
       FROM target_audit ORDER BY id DESC LIMIT ${Math.trunc(limit)}`,
    );
  }

  // Meetings ------------------------------------------------------------------------------

  async createMeeting(m: {
    kecamatan_code: string;
    tanggal: string;
    tempat: string;
    opd_hadir: string[];
    catatan: string;
    period: string;
    created_by: string;
  }): Promise<number> {
    const rows = await this.rows<{ id: number }>(
      `INSERT INTO pokja_meetings (kecamatan_code, tanggal, tempat, opd_hadir, catatan, period, created_by)
       VALUES ($kecamatan_code, CAST($tanggal AS DATE), $tempat, $opd_hadir, $catatan, $period, $created_by)
       RETURNING id`,
      { ...m, opd_hadir: JSON.stringify(m.opd_hadir) },
    );
    return rows[0]!.id;
  }

  async meeting(id: number): Promise<MeetingRow | null> {
    const rows = await this.db.query(
      `SELECT ${MEETING_COLUMNS} FROM pokja_meetings WHERE id = $id`,
      {
        id,
      },
    );
    return rows[0] ? toMeeting(rows[0]) : null;
  }

  async meetings(kecamatan: string | null): Promise<MeetingRow[]> {
    const rows = await this.db.query(
      `SELECT ${MEETING_COLUMNS} FROM pokja_meetings
       WHERE $kec IS NULL OR kecamatan_code = $kec ORDER BY tanggal DESC, id DESC`,
      { kec: kecamatan },
    );
    return rows.map(toMeeting);
  }

  async updateMeeting(
    id: number,
    m: { tanggal: string; tempat: string; opd_hadir: string[]; catatan: string },
  ): Promise<void> {
    await this.db.query(
      `UPDATE pokja_meetings SET tanggal = CAST($tanggal AS DATE), tempat = $tempat,
         opd_hadir = $opd_hadir, catatan = $catatan, updated_at = current_timestamp
       WHERE id = $id`,
      { id, ...m, opd_hadir: JSON.stringify(m.opd_hadir) },
    );
  }

  async deleteMeeting(id: number): Promise<void> {
    await this.db.query('DELETE FROM pokja_agenda_items WHERE meeting_id = $id', { id });
    await this.db.query('UPDATE pokja_actions SET meeting_id = NULL WHERE meeting_id = $id', {
      id,
    });
    await this.db.query('DELETE FROM pokja_meetings WHERE id = $id', { id });
  }

  agenda(meetingId: number): Promise<(AgendaItem & { position: number })[]> {
    return this.rows(
      `SELECT position, kind, ref, title, detail FROM pokja_agenda_items
       WHERE meeting_id = $id ORDER BY position`,
      { id: meetingId },
    );
  }

  /** Replaces the whole agenda (the secretary's edit is a new list). */
  async setAgenda(meetingId: number, items: AgendaItem[]): Promise<void> {
    await this.db.query('DELETE FROM pokja_agenda_items WHERE meeting_id = $id', { id: meetingId });
    for (const [i, item] of items.entries()) {
      await this.db.query(
        `INSERT INTO pokja_agenda_items (meeting_id, position, kind, ref, title, detail)
         VALUES ($id, $position, $kind, $ref, $title, $detail)`,
        { id: meetingId, position: i + 1, ...item },
      );
    }
  }

  // Actions -------------------------------------------------------------------------------

  async createAction(a: Omit<ActionRow, 'id' | 'created_at' | 'updated_at'>): Promise<number> {
    const rows = await this.rows<{ id: number }>(
      `INSERT INTO pokja_actions (meeting_id, kecamatan_code, area_code, indicator_id, title,
         owner_opd, due_date, status, baseline_period, baseline_value, created_by)
       VALUES ($meeting_id, $kecamatan_code, $area_code, $indicator_id, $title, $owner_opd,
         CAST($due_date AS DATE), $status, $baseline_period, $baseline_value, $created_by)
       RETURNING id`,
      { ...a },
    );
    return rows[0]!.id;
  }

  async action(id: number): Promise<ActionRow | null> {
    const rows = await this.rows<ActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM pokja_actions WHERE id = $id`,
      { id },
    );
    return rows[0] ?? null;
  }

  /** Filters are optional; `dueBy` keeps actions due on or before that date. */
  actions(f: {
    kecamatan?: string | null;
    statuses?: readonly string[];
    dueBy?: string | null;
  }): Promise<ActionRow[]> {
    const statuses = (f.statuses ?? []).map((s) => `'${s.replace(/[^A-Z]/g, '')}'`).join(', ');
    return this.rows<ActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM pokja_actions
       WHERE ($kec IS NULL OR kecamatan_code = $kec)
         AND ($due IS NULL OR due_date <= CAST($due AS DATE))
         ${statuses ? `AND status IN (${statuses})` : ''}
       ORDER BY due_date, id`,
      { kec: f.kecamatan ?? null, due: f.dueBy ?? null },
    );
  }

  async updateAction(
    id: number,
    a: Pick<ActionRow, 'title' | 'owner_opd' | 'due_date' | 'status'>,
  ): Promise<void> {
    await this.db.query(
      `UPDATE pokja_actions SET title = $title, owner_opd = $owner_opd,
         due_date = CAST($due_date AS DATE), status = $status, updated_at = current_timestamp
       WHERE id = $id`,
      { id, ...a },
    );
  }

  comments(actionId: number): Promise<CommentRow[]> {
    return this.rows<CommentRow>(
      `SELECT id, action_id, author, body, created_at FROM pokja_action_comments
       WHERE action_id = $id ORDER BY created_at, id`,
      { id: actionId },
    );
  }

  async addComment(actionId: number, author: string, body: string): Promise<void> {
    await this.db.query(
      'INSERT INTO pokja_action_comments (action_id, author, body) VALUES ($id, $author, $body)',
      { id: actionId, author, body },
    );
  }

  /** Done / open / overdue (open and due before `tanggal`) / cancelled, grouped by a column. */
  counts(by: 'owner_opd' | 'kecamatan_code', tanggal: string): Promise<ActionCounts[]> {
    return this.rows<ActionCounts>(
      `SELECT ${by} AS key,
         CAST(count(*) FILTER (WHERE status = 'SELESAI') AS INTEGER) AS selesai,
         CAST(count(*) FILTER (WHERE status IN ('BARU', 'PROSES')) AS INTEGER) AS terbuka,
         CAST(count(*) FILTER (WHERE status IN ('BARU', 'PROSES') AND due_date < CAST($t AS DATE)) AS INTEGER) AS terlambat,
         CAST(count(*) FILTER (WHERE status = 'BATAL') AS INTEGER) AS batal
       FROM pokja_actions GROUP BY ${by} ORDER BY ${by}`,
      { t: tanggal },
    );
  }
}
