// The logic of the Data page's uploads (components/upload/): what the browser refuses before
// sending, how sizes and slices read, which kecamatan a file's name means, and the run's stages.
import type { FeedName } from '../api/client.js';
import { normaliseAreaName } from '../../../warehouse/area-names.js';

/**
 * The feeds of the data contract, in the order a run reads them (etl/feeds.ts FEED_NAMES). The
 * type below fails to compile when the API's list (OpenAPI enum) has a feed this one lacks.
 */
export const FEEDS = [
  'penduduk',
  'dtks',
  'dtsen',
  'rujukan',
  'bpjs_kesehatan',
  'bpjs_ketenagakerjaan',
  'pkh',
  'puskesos',
] as const satisfies readonly FeedName[];
type Missing = Exclude<FeedName, (typeof FEEDS)[number]>;
const allFeeds: [Missing] extends [never] ? true : Missing = true;
void allFeeds;

/** The limits of GET /api/uploads. */
export interface UploadLimits {
  extensions: readonly string[];
  max_bytes: number;
}

/** The extension of a file name, lower case with its dot (`.csv`), or '' without one. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot).toLowerCase() : '';
}

/** Why the browser refuses a file before sending it (the API's own limits), or null. */
export type LocalProblem =
  { kind: 'type'; extension: string } | { kind: 'size'; max: number } | { kind: 'empty' };

export function localProblem(
  file: { name: string; size: number },
  limits: UploadLimits,
): LocalProblem | null {
  const extension = extensionOf(file.name);
  if (!limits.extensions.includes(extension)) return { kind: 'type', extension };
  if (file.size > limits.max_bytes) return { kind: 'size', max: limits.max_bytes };
  if (file.size === 0) return { kind: 'empty' };
  return null;
}

/** A size in bytes for people: `850 B`, `12,4 KB`, `3,1 MB`, `1,2 GB` (1024 steps). */
export function formatBytes(bytes: number, locale: 'id' | 'en' = 'id'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const text = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
    maximumFractionDigits: digits,
  }).format(value);
  return `${text} ${units[unit]}`;
}

/** A stored slice's name (`periode=2024-06/kab=62.03`, `tahun=2024/tahap=2/kab=62.03`) as parts. */
export function sliceParts(slice: string): { key: string; value: string }[] {
  return slice
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0
        ? { key: '', value: part }
        : { key: part.slice(0, at), value: part.slice(at + 1) };
    });
}

/**
 * The kecamatan of the served region a file's kecamatan name means: equal normal forms
 * (warehouse/area-names.ts, the rule the ETL matches names by), else the code when the file wrote
 * one; null when none or several match.
 */
export function kecamatanOf<A extends { code: string; name: string }>(
  written: string,
  kecamatan: readonly A[],
): A | null {
  const key = normaliseAreaName(written);
  const byCode = kecamatan.filter((k) => k.code === written.trim());
  if (byCode.length === 1) return byCode[0]!;
  const byName = kecamatan.filter((k) => normaliseAreaName(k.name) === key);
  return byName.length === 1 ? byName[0]! : null;
}

/** Whether a value shown in a preview was masked (warehouse/mask.ts): it cannot be mapped. */
export function isMasked(value: string): boolean {
  return /^\[.*\]$/.test(value) || value.includes('*');
}

/** The stages of a run as the ETL reports them (etl/run.ts ProgressEvent), in their order. */
export const RUN_STAGES = [
  'start',
  'inbox',
  'read',
  'validate',
  'lake',
  'warehouse',
  'publish',
  'done',
] as const;
export type RunStage = (typeof RUN_STAGES)[number];

/** Where a stage stands against the run's current one. A held run archives instead of publishing. */
export function stageState(
  stage: RunStage,
  current: string | null | undefined,
  finished: boolean,
): 'done' | 'current' | 'waiting' {
  if (finished) return 'done';
  const now = RUN_STAGES.indexOf((current === 'archive' ? 'publish' : current) as RunStage);
  const at = RUN_STAGES.indexOf(stage);
  if (now < 0) return 'waiting';
  return at < now ? 'done' : at === now ? 'current' : 'waiting';
}

/** Whether the run's progress names a file: `dtks/gabung/x.csv` and `x.csv` are the same file. */
export function sameFile(progressFile: string | null | undefined, inboxPath: string): boolean {
  if (!progressFile) return false;
  const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
  return progressFile === inboxPath || base(progressFile) === base(inboxPath);
}
