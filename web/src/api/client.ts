// The one place the web app talks to the indicator API (api/README.md). The types are generated
// from the API's OpenAPI document (`npm run openapi && npm run gen:api-types` → schema.d.ts);
// the aliases below only give them domain names.
import type { Topology } from 'topojson-specification';
import type { components } from './schema.js';
import { noteAnswer, noteNoNetwork } from '../offline/connection.js';

type S = components['schemas'];

export type Level = S['AreaRefDto']['level'];
export type Unit = S['IndicatorDto']['unit'];
export type Direction = S['IndicatorDto']['direction'];
export type Status = S['ScorecardRowDto']['status'];
export type DataDates = S['MetaDto']['data_dates'];
export type AreaRef = S['AreaRefDto'];
/** `tile_url` is an optional deployment setting (a tile server where internet exists). */
export type Meta = S['MetaDto'] & { tile_url?: string | null };
export type Indicator = S['IndicatorDto'];
export type ValueRow = S['ValueRowDto'];
export type ValuesResponse = S['ValuesDto'];
export type SeriesRow = S['SeriesRowDto'];
export type SeriesResponse = S['SeriesDto'];
export type AreaDetail = S['AreaDetailDto'];
export type ScorecardRow = S['ScorecardRowDto'];
export type ScorecardResponse = S['ScorecardDto'];
export type BreakdownRow = S['BreakdownRowDto'];
export type AgencyRow = S['AgencyDto'];
export type RujukanBreakdown = S['RujukanBreakdownDto'];
export type GapRow = S['GapRowDto'];
export type GapsResponse = S['GapsDto'];
export type ProgrammeRules = S['ProgrammeRulesDto'];
export type ProgrammeRulesChange = S['PutProgrammeRulesDto'];
export type BudgetParameters = S['SimulateBodyDto'];
export type BudgetRow = S['SimulationRowDto'];
export type BudgetResponse = S['SimulationDto'];
export type RunSummary = S['RunSummaryDto'];
export type EtlStatus = S['EtlStatusDto'];
export type FreshnessRow = S['FeedFreshnessDto'];
export type RejectsResponse = S['RejectsDto'];
export type HeldRun = S['HeldRunDto'];
export type GuardDifference = S['GuardDifferenceDto'];
export type BoundaryReport = S['BoundaryReportDto'];
export type PendingImport = S['PendingImportDto'];
export type BoundaryImports = S['BoundaryImportsDto'];
export type BoundaryRecord = S['BoundaryRecordDto'];
export type MatchOptions = S['MatchOptionsDto'];
export type StagedFile = S['StagedFileDto'];
export type StagedList = S['StagedListDto'];
export type UploadResult = S['UploadResultDto'];
export type StagedChange = S['UpdateStagedDto'];
export type FilePreview = S['FilePreviewDto'];
export type LoadResult = S['LoadResultDto'];
export type Mappings = S['MappingsDto'];
export type MappingsChange = S['PutMappingsDto'];
/** A feed of the data contract (etl/feeds.ts), as the API names it. */
export type FeedName = NonNullable<StagedFile['feed']>;

/** Where a layer's drawn polygons come from: foreign member `sources` of `/api/geo`. */
export interface GeoSource {
  layer: 'desa' | 'kecamatan';
  kind: 'shipped' | 'imported';
  file: string | null;
  imported_by: string | null;
  imported_at: string | null;
}
/** The boundaries of `/api/geo` (api/areas/geo.service.ts). */
export type GeoTopology = Topology & { sources?: GeoSource[] };

/** One feed's part of a run summary (etl/README.md); the OpenAPI document leaves it open. */
export interface FeedRunSummary {
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rejects: Record<string, number>;
}

/** An API error with the message the API wrote for people (api/README.md: "Errors"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * Called when the API answers 401 (no session, or it expired): the router sends the user to the
 * login page and back to where they were (router.ts). Not for the login call itself.
 */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** The service worker found the session ended (offline/connection.ts): as a 401 would. */
export function reportUnauthorized(): void {
  onUnauthorized?.();
}

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // `false` is the default of every flag: left out, so cache keys and URLs stay short.
    if (value !== undefined && value !== null && value !== '' && value !== false)
      params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `/api${path}?${qs}` : `/api${path}`;
}

async function request<T>(path: string, query?: Query, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url(path, query), {
      ...init,
      headers: { Accept: 'application/json', ...(init?.headers ?? {}) },
    });
  } catch {
    noteNoNetwork();
    throw new ApiError(0, 'network');
  }
  noteAnswer(response.headers);
  if (response.status === 401 && !path.startsWith('/auth/')) onUnauthorized?.();
  if (!response.ok) {
    let message = response.statusText;
    try {
      const body = (await response.json()) as { message?: string | string[] };
      if (body.message)
        message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, message);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Why an upload did not arrive: the API refused it (its message), or the connection broke. */
export class UploadError extends Error {
  constructor(
    /** HTTP status of the refusal; 0 when the upload was interrupted (network, abort). */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
  get interrupted(): boolean {
    return this.status === 0;
  }
}

/** The API's message of a refused request body (`{ message }`), else the status text. */
export function errorMessage(body: string, fallback: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string | string[] };
    if (parsed.message)
      return Array.isArray(parsed.message) ? parsed.message.join('; ') : parsed.message;
  } catch {
    // not JSON
  }
  return fallback;
}

/**
 * One file to the staging area (POST /api/uploads, multipart field `berkas`) through
 * XMLHttpRequest, which reports the bytes sent (fetch does not): `onProgress` gets 0–1.
 * `abort()` stops it; the promise then rejects as interrupted.
 */
export function uploadStaged(
  file: File,
  onProgress: (share: number) => void,
): { done: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve, reject) => {
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 401) onUnauthorized?.();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResult);
        } catch {
          reject(new UploadError(xhr.status, xhr.statusText || String(xhr.status)));
        }
      } else
        reject(
          new UploadError(
            xhr.status,
            errorMessage(xhr.responseText, xhr.statusText || String(xhr.status)),
          ),
        );
    };
    const interrupted = () => reject(new UploadError(0, 'interrupted'));
    xhr.onerror = interrupted;
    xhr.onabort = interrupted;
    xhr.ontimeout = interrupted;
    const form = new FormData();
    form.append('berkas', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** The logged-in account (GET /api/auth/me; api/auth/roles.ts). */
export type SessionUser = S['SessionUserDto'];
/** What the account may see: views, own area, agency (api/auth/views.ts, from the API's policy). */
export type Access = S['AccessDto'];

function post<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, undefined, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export const authApi = {
  me: () => request<S['MeDto']>('/auth/me'),
  login: (username: string, password: string) =>
    post<{ user: SessionUser }>('/auth/login', { username, password }),
  logout: () => post<void>('/auth/logout', {}),
  changePassword: (current_password: string, new_password: string) =>
    post<unknown>('/auth/password', { current_password, new_password }),
};

/** Table exports: 'publik' (desa counts of 1–4 withheld, written '< 5') or 'internal'. */
export type ExportMode = 'publik' | 'internal';
export type ExportFormat = 'csv' | 'xlsx';

/**
 * What a table export asks the API with: its rows are fetched for the export with `ekspor`, so
 * the API records the export where it serves the data (api/auth/audit.interceptor.ts).
 */
export interface ExportQuery {
  publik: boolean;
  ekspor: ExportFormat;
}

/**
 * Reports an export the API never served data for (a PNG of a chart or map, a table built from
 * figures already on screen) to the audit log; an export never fails because of it. Table
 * exports with an `exportRows` fetcher are recorded by the API itself instead.
 */
export function auditExport(view: string, format: 'csv' | 'xlsx' | 'png', mode?: ExportMode): void {
  try {
    const body = { view: view.slice(0, 200), format, ...(mode ? { mode } : {}) };
    void post<void>('/audit/export', body).catch(() => undefined);
  } catch {
    // no fetch (component tests): nothing to report to
  }
}

export const api = {
  meta: () => request<Meta>('/meta'),
  indicators: () => request<S['IndicatorListDto']>('/indicators'),
  // `publik: true`: desa counts of 1–4 come back withheld (api/README.md, "Small counts").
  values: (
    id: string,
    q: { level?: Level; parent?: string; period?: string; publik?: boolean; ekspor?: ExportFormat },
  ) => request<ValuesResponse>(`/indicators/${encodeURIComponent(id)}/values`, q),
  series: (id: string, q: { area?: string; from?: string; to?: string; publik?: boolean }) =>
    request<SeriesResponse>(`/indicators/${encodeURIComponent(id)}/series`, q),
  areas: (q: string) => request<S['AreaSearchDto']>('/areas', { q }),
  area: (code: string) => request<AreaDetail>(`/areas/${encodeURIComponent(code)}`),
  geo: () => request<GeoTopology>('/geo'),
  geoMissing: () => request<S['MissingGeoDto']>('/geo/missing'),
  // Boundary import (ADMIN; api/README.md, "Boundary import").
  geoImports: () => request<BoundaryImports>('/geo/imports'),
  uploadBoundaries: (file: File, options: MatchOptions) => {
    const form = new FormData();
    form.append('berkas', file, file.name);
    return request<PendingImport>('/geo/imports', { ...options }, { method: 'POST', body: form });
  },
  boundaryPreview: (id: string) =>
    request<Topology>(`/geo/imports/${encodeURIComponent(id)}/preview`),
  rematchBoundaries: (id: string, options: MatchOptions) =>
    post<PendingImport>(`/geo/imports/${encodeURIComponent(id)}/match`, options),
  acceptBoundaries: (id: string) =>
    request<BoundaryRecord>(`/geo/imports/${encodeURIComponent(id)}/accept`, undefined, {
      method: 'POST',
    }),
  discardBoundaries: (id: string) =>
    request<void>(`/geo/imports/${encodeURIComponent(id)}`, undefined, { method: 'DELETE' }),
  removeBoundaries: (level: 'desa' | 'kecamatan') =>
    request<void>(`/geo/boundaries/${level}`, undefined, { method: 'DELETE' }),
  scorecard: (q: { area?: string; period?: string; publik?: boolean; ekspor?: ExportFormat }) =>
    request<ScorecardResponse>('/scorecard', q),
  // An action list of one desa: pseudonym references only, every read audited (api/README.md).
  daftar: (indicator: string, q: { desa: string; period?: string; ekspor?: ExportFormat }) =>
    request<S['DaftarDto']>(`/daftar/${encodeURIComponent(indicator)}`, q),
  rujukan: (q: { area?: string; period?: string; publik?: boolean; ekspor?: ExportFormat }) =>
    request<RujukanBreakdown>('/rujukan/breakdown', q),
  gaps: (q: {
    area?: string;
    period?: string;
    sort?: string;
    publik?: boolean;
    ekspor?: ExportFormat;
  }) => request<GapsResponse>('/coverage/gaps', q),
  simulate: (body: BudgetParameters) =>
    request<BudgetResponse>('/budget/simulate', undefined, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    }),
  etlRuns: () => request<S['RunsDto']>('/etl/runs'),
  etlStatus: () => request<EtlStatus>('/etl/status'),
  etlFreshness: () => request<S['FreshnessDto']>('/etl/freshness'),
  /** Data quality per registry source and release (ADMIN, PIMPINAN). */
  etlQuality: () => request<S['QualityDto']>('/etl/quality'),
  /** Starts an ETL run: 'started' (202) or 'busy' (409, a run is under way). */
  runEtl: async (): Promise<'started' | 'busy'> => {
    try {
      await request<S['RunStartedDto']>('/etl/run', undefined, { method: 'POST' });
      return 'started';
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) return 'busy';
      throw e;
    }
  },
  etlRejects: (q: { feed?: string; run_id?: string }) =>
    request<RejectsResponse>('/etl/rejects', q),
  /** The run held by the publish guard (ADMIN), with the figures that would fall. */
  etlHeld: () => request<HeldRun>('/etl/held'),
  /** The programme rules in force, their defaults and history (ADMIN). */
  programmeRules: () => request<ProgrammeRules>('/programme-rules'),
  /** Changes the programme rules (ADMIN): the warehouse is rebuilt before this answers. */
  putProgrammeRules: (body: ProgrammeRulesChange) =>
    request<ProgrammeRules>('/programme-rules', undefined, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    }),
  // Uploads on the Data page (ADMIN; api/uploads/): staged, checked, fixed, then loaded.
  uploads: () => request<StagedList>('/uploads'),
  updateStaged: (id: string, change: StagedChange) =>
    write<StagedFile>('PATCH', `/uploads/${encodeURIComponent(id)}`, change),
  discardStaged: (id: string) => write<void>('DELETE', `/uploads/${encodeURIComponent(id)}`),
  /** The dry run ("Periksa"): nothing is loaded; a large file may take half a minute. */
  previewStaged: (id: string) => request<FilePreview>(`/uploads/${encodeURIComponent(id)}/preview`),
  loadStaged: (ids: string[], run: boolean) =>
    post<LoadResult>('/uploads/load', { ids, run } satisfies S['LoadStagedDto']),
  /** The admin's column map, value map and area aliases (etl/mappings.ts), with their history. */
  mappings: () => request<Mappings>('/mappings'),
  putMappings: (body: MappingsChange) => write<Mappings>('PUT', '/mappings', body),
  /** The BPS → Kemendagri crosswalk (CSV `kode_bps,kode_kemendagri`), checked then loaded. */
  loadCrosswalk: (file: File) => {
    const form = new FormData();
    form.append('berkas', file, file.name);
    return request<S['CrosswalkLoadedDto']>(
      '/mappings/crosswalk',
      {},
      { method: 'POST', body: form },
    );
  },
  /** An admin's decision on the held run: accept publishes it, reject discards it. */
  decideHeldRun: (runId: string, action: 'accept' | 'reject') =>
    request<RunSummary>(`/etl/runs/${encodeURIComponent(runId)}/${action}`, undefined, {
      method: 'POST',
    }),
};

// A province instance's imports (api/README.md, "POST /api/agregat/impor"; docs/exchange.md).
export type AgregatStatus = S['AgregatStatusDto'];
export type AgregatKabupaten = S['AgregatKabupatenDto'];
export type Kelengkapan = S['KelengkapanDto'];
export type AgregatToken = S['AgregatTokenDto'];
export type NewAgregatToken = S['NewAgregatTokenDto'];
export type ImportResult = S['ImportResultDto'];

export const agregatApi = {
  status: () => request<AgregatStatus>('/agregat/status'),
  kelengkapan: () => request<Kelengkapan>('/agregat/kelengkapan'),
  /** Upload of a kabupaten's package: imported and the province warehouse published. */
  impor: (file: File, kabupaten?: string) => {
    const form = new FormData();
    form.append('berkas', file, file.name);
    return request<ImportResult>('/agregat/impor', { kabupaten }, { method: 'POST', body: form });
  },
  registerKey: (kabupaten: string, publicKey: string) =>
    post<S['RegisteredKeyDto']>('/agregat/kunci', { kabupaten, public_key: publicKey }),
  tokens: () => request<S['AgregatTokensDto']>('/agregat/tokens'),
  createToken: (kabupaten: string) => post<NewAgregatToken>('/agregat/tokens', { kabupaten }),
  revokeToken: (id: string) =>
    request<AgregatToken>(`/agregat/tokens/${encodeURIComponent(id)}`, undefined, {
      method: 'DELETE',
    }),
};

/** The id of an indicator field that the API may send either as an id or as a catalogue entry. */
export function indicatorId(value: Indicator | string): string {
  return typeof value === 'string' ? value : value.id;
}

// Pokja coordination (issue 5): targets admin, meetings, agenda, actions, brief, rakor.
export type Meeting = S['MeetingDto'];
export type MeetingDetail = S['MeetingDetailDto'];
export type MeetingBrief = S['MeetingBriefDto'];
export type AgendaItem = S['AgendaItemDto'];
export type PokjaAction = S['ActionDto'];
export type ActionList = S['ActionListDto'];
export type Rakor = S['RakorDto'];
export type TargetRow = S['TargetDto'];
export type TargetAudit = S['TargetAuditDto'];

function write<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return request<T>(path, query, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export const pokjaApi = {
  meetings: (q: { kecamatan?: string } = {}) => request<S['MeetingListDto']>('/pokja/meetings', q),
  meeting: (id: number | string) => request<MeetingDetail>(`/pokja/meetings/${id}`),
  brief: (id: number | string) => request<MeetingBrief>(`/pokja/meetings/${id}/brief`),
  createMeeting: (body: S['MeetingBodyDto']) =>
    write<MeetingDetail>('POST', '/pokja/meetings', body),
  updateMeeting: (id: number, body: S['MeetingPatchDto']) =>
    write<MeetingDetail>('PATCH', `/pokja/meetings/${id}`, body),
  setAgenda: (id: number, items: AgendaItem[]) =>
    write<MeetingDetail>('PUT', `/pokja/meetings/${id}/agenda`, { items }),
  actions: (q: { kecamatan?: string; status?: string; tanggal?: string; overdue?: string }) =>
    request<ActionList>('/pokja/actions', q),
  createAction: (body: S['ActionBodyDto']) => write<PokjaAction>('POST', '/pokja/actions', body),
  updateAction: (id: number, body: S['ActionPatchDto']) =>
    write<PokjaAction>('PATCH', `/pokja/actions/${id}`, body),
  comment: (id: number, text: string) =>
    write<PokjaAction>('POST', `/pokja/actions/${id}/comments`, { body: text }),
  action: (id: number) => request<PokjaAction>(`/pokja/actions/${id}`),
  rakor: (tanggal?: string) => request<Rakor>('/pokja/rakor', { tanggal }),
  targets: () => request<S['TargetListDto']>('/targets'),
  targetAudit: () => request<S['TargetAuditListDto']>('/targets/audit'),
  setTarget: (indicator: string, target: number, area?: string) =>
    write<S['TargetChangeDto']>('PUT', `/targets/${encodeURIComponent(indicator)}`, {
      target,
      area,
    }),
  removeTarget: (indicator: string, area?: string) =>
    write<S['TargetChangeDto']>('DELETE', `/targets/${encodeURIComponent(indicator)}`, undefined, {
      area,
    }),
};
