// The one place the web app talks to the indicator API (api/README.md). Types below mirror the
// API's responses; they are to be replaced by the ones generated from the API's OpenAPI document
// (`npm run gen:api-types` → schema.d.ts) once that document is published.

import type { Topology } from 'topojson-specification';

export type Level = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa';
export type Unit = 'count' | 'percent' | 'days' | 'rupiah';
export type Direction = 'higher_better' | 'lower_better';
export type Status = 'on_target' | 'near' | 'off' | null;
export type DataDates = Record<string, string | null>;

export interface AreaRef {
  code: string;
  name: string;
  level: Level;
}

export interface Meta {
  region: AreaRef;
  as_of: string;
  latest_period: string;
  periods: string[];
  data_dates: DataDates;
  tile_url?: string | null;
}

export interface Indicator {
  id: string;
  label: { id: string; en: string };
  unit: Unit;
  direction: Direction;
  default_target: number | null;
  target: number | null;
  category: string;
  description: { id: string; en: string };
}

export interface ValueRow {
  code: string;
  name: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface ValuesResponse {
  indicator: Indicator | string;
  period: string;
  level: Level;
  parent: string;
  rows: ValueRow[];
  data_dates: DataDates;
  as_of: string;
}

export interface SeriesRow {
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface SeriesResponse {
  indicator: Indicator | string;
  area: AreaRef;
  rows: SeriesRow[];
  data_dates: DataDates;
  as_of: string;
}

export interface AreaDetail extends AreaRef {
  parent_code: string | null;
  ancestors: AreaRef[];
  children: AreaRef[];
}

export interface ScorecardRow {
  indicator: Indicator | string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  status: Status;
  previous_value: number | null;
  change: number | null;
}

export interface ScorecardResponse {
  area: AreaRef | string;
  period: string;
  previous_period: string | null;
  rows: ScorecardRow[];
  data_dates: DataDates;
  as_of: string;
}

export interface BreakdownRow {
  category: string;
  rujukan_masuk: number | null;
  rujukan_selesai_pct: number | null;
  rujukan_median_hari: number | null;
  rujukan_tunggakan: number | null;
  rujukan_sla_pct: number | null;
}

export interface AgencyRow {
  lembaga_tujuan: string;
  received: number;
  closed: number;
  median_days: number | null;
  backlog: number;
  aging: Record<string, number>;
}

export interface RujukanBreakdown {
  area: AreaRef | string;
  period: string;
  by_status: { category: string; value: number }[];
  by_kategori: BreakdownRow[];
  by_kanal: BreakdownRow[];
  by_lembaga_tujuan: BreakdownRow[];
  aging: { bucket: string; jumlah: number }[];
  agencies: AgencyRow[];
  data_dates: DataDates;
  as_of: string;
}

export interface GapRow {
  code: string;
  name: string;
  kecamatan: { code: string; name: string };
  gap_jkn_desil14: number | null;
  gap_bpu: number | null;
  gap_pkh: number | null;
  pbi_luar_dtks: number | null;
  anggaran_pbi_apbd: number | null;
  anggaran_bpu: number | null;
  pbi_dtks_pct: number | null;
  bpu_rentan_pct: number | null;
  pkh_pct: number | null;
}

export interface GapsResponse {
  area: AreaRef | string;
  period: string;
  rows: GapRow[];
  data_dates: DataDates;
  as_of: string;
}

export interface BudgetParameters {
  period?: string;
  premi_pbi: number;
  premi_bpu: number;
  max_desil: number;
  kecamatan: string[];
}

export interface BudgetRow {
  code: string;
  name: string;
  people_jkn: number;
  people_bpu: number;
  cost_pbi: number;
  cost_bpu: number;
  cost_total: number;
}

export interface BudgetResponse {
  parameters: Required<BudgetParameters>;
  rows: BudgetRow[];
  total: Omit<BudgetRow, 'code' | 'name'> & Partial<Pick<BudgetRow, 'code' | 'name'>>;
  data_dates: DataDates;
  as_of: string;
}

export interface FeedRunSummary {
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rejects: Record<string, number>;
}

export interface RunSummary {
  run_id: string;
  status: 'SUCCESS' | 'FAILED' | string;
  as_of: string;
  started_at?: string;
  finished_at?: string;
  feeds?: Record<string, FeedRunSummary>;
  error?: string;
}

export interface EtlStatus {
  running: boolean;
  progress: { feed: string; file: string; stage: string; rows: number } | null;
  last_run: RunSummary | null;
}

export interface FreshnessRow {
  feed: string;
  newest_period: string | null;
  days_since: number | null;
  stale: boolean;
}

export interface RejectsResponse {
  run_id: string | null;
  counts: { feed: string; reason: string; n: number }[];
  rows: {
    feed: string;
    file: string;
    line: number;
    column_name: string | null;
    reason: string;
    value: string | null;
  }[];
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

type Query = Record<string, string | number | undefined | null>;

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
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
    throw new ApiError(0, 'network');
  }
  if (!response.ok) {
    let message = response.statusText;
    try {
      const body = (await response.json()) as { message?: string | string[] };
      if (body.message) message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, message);
  }
  return (await response.json()) as T;
}

export const api = {
  meta: () => request<Meta>('/meta'),
  indicators: () => request<{ indicators: Indicator[] }>('/indicators'),
  values: (id: string, q: { level?: Level; parent?: string; period?: string }) =>
    request<ValuesResponse>(`/indicators/${encodeURIComponent(id)}/values`, q),
  series: (id: string, q: { area?: string; from?: string; to?: string }) =>
    request<SeriesResponse>(`/indicators/${encodeURIComponent(id)}/series`, q),
  areas: (q: string) => request<{ rows: (AreaRef & { parent_code: string | null })[] }>('/areas', { q }),
  area: (code: string) => request<AreaDetail>(`/areas/${encodeURIComponent(code)}`),
  geo: () => request<Topology>('/geo'),
  geoMissing: () => request<{ rows: AreaRef[] }>('/geo/missing'),
  scorecard: (q: { area?: string; period?: string }) => request<ScorecardResponse>('/scorecard', q),
  rujukan: (q: { area?: string; period?: string }) =>
    request<RujukanBreakdown>('/rujukan/breakdown', q),
  gaps: (q: { area?: string; period?: string; sort?: string }) =>
    request<GapsResponse>('/coverage/gaps', q),
  simulate: (body: BudgetParameters) =>
    request<BudgetResponse>('/budget/simulate', undefined, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    }),
  etlRuns: () => request<{ runs: RunSummary[] }>('/etl/runs'),
  etlStatus: () => request<EtlStatus>('/etl/status'),
  etlFreshness: () => request<{ feeds: FreshnessRow[] }>('/etl/freshness'),
  etlRejects: (q: { feed?: string; run_id?: string }) => request<RejectsResponse>('/etl/rejects', q),
};

/** The id of an indicator field that the API may send either as an id or as a catalogue entry. */
export function indicatorId(value: Indicator | string): string {
  return typeof value === 'string' ? value : value.id;
}
