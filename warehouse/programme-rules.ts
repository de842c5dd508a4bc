/**
 * The programme rules (docs/registry.md, "Programme rules, as data"): which desil ranking the
 * programmes use and the highest desil of each programme's band. The defaults ship beside the
 * catalogue (`programme-rules.json`); an admin's override lives in the lake folder
 * (`lake/_aturan/aturan-program.json`, data-folder.ts), with the history of every change (who,
 * when, why). It sits in the lake so that every warehouse build, also one from a run's candidate
 * lake (hard links of the lake's files), reads the rules in force, and a backup keeps them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lakeRulesFile } from './data-folder.js';

export const DESIL_VARIANTS = ['nasional', 'provinsi', 'kabupaten_kota'] as const;
export type DesilVariant = (typeof DESIL_VARIANTS)[number];
export const BAND_PROGRAMMES = ['pbi_jk', 'pkh', 'bpu'] as const;
export type BandProgramme = (typeof BAND_PROGRAMMES)[number];

export interface ProgrammeRules {
  desil_varian: DesilVariant;
  pbi_jk: { desil_maks: number };
  pkh: { desil_maks: number };
  bpu: { desil_maks: number };
}

/** One change of the rules, as kept in the override file. */
export interface RulesChange {
  rules: ProgrammeRules;
  changed_by: string;
  changed_at: string;
  reason: string;
}

export interface RulesOverride {
  /** The rules in force: the last change. */
  current: RulesChange;
  /** Every change, oldest first (the current one last). */
  history: RulesChange[];
}

function defaultsPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '..', '..', 'warehouse')].map((dir) =>
    path.join(dir, 'programme-rules.json'),
  );
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`warehouse/programme-rules.json not found beside ${here}`);
  return found;
}

export class RulesError extends Error {}

/**
 * Checks rules given as JSON (the defaults file, the override, a request body) and returns them
 * normalised; throws RulesError naming what to fix (Bahasa Indonesia / English).
 */
export function parseProgrammeRules(input: unknown): ProgrammeRules {
  const problems: string[] = [];
  const obj = (input ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new RulesError(
      'Aturan program harus objek JSON {desil_varian, pbi_jk, pkh, bpu} / rules must be an object',
    );
  const varian = obj.desil_varian;
  if (typeof varian !== 'string' || !(DESIL_VARIANTS as readonly string[]).includes(varian))
    problems.push(
      `desil_varian harus salah satu dari ${DESIL_VARIANTS.join(', ')} (diterima: ${JSON.stringify(varian ?? null)})`,
    );
  const bands = {} as Record<BandProgramme, { desil_maks: number }>;
  for (const programme of BAND_PROGRAMMES) {
    const band = obj[programme] as Record<string, unknown> | undefined;
    const maks = band && typeof band === 'object' ? band.desil_maks : undefined;
    if (typeof maks !== 'number' || !Number.isInteger(maks) || maks < 1 || maks > 10)
      problems.push(
        `${programme}.desil_maks harus bilangan bulat 1–10 (diterima: ${JSON.stringify(maks ?? null)})`,
      );
    else bands[programme] = { desil_maks: maks };
  }
  if (problems.length > 0)
    throw new RulesError(`Aturan program tidak valid: ${problems.join('; ')} / invalid rules`);
  return { desil_varian: varian as DesilVariant, ...bands };
}

/** The defaults of `programme-rules.json`. */
export function defaultProgrammeRules(): ProgrammeRules {
  return parseProgrammeRules(JSON.parse(readFileSync(defaultsPath(), 'utf8')));
}

/** The admin's override of a lake, or null when there is none. */
export function readRulesOverride(lakeDir: string): RulesOverride | null {
  const file = lakeRulesFile(lakeDir);
  if (!existsSync(file)) return null;
  let parsed: RulesOverride;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as RulesOverride;
  } catch (error) {
    throw new RulesError(
      `${file} tidak dapat dibaca sebagai JSON (${(error as Error).message}); simpan ulang aturan program dari halaman Data`,
    );
  }
  return {
    current: { ...parsed.current, rules: parseProgrammeRules(parsed.current?.rules) },
    history: Array.isArray(parsed.history) ? parsed.history : [],
  };
}

/** The rules in force for a lake: the override's current rules, else the defaults. */
export function rulesInForce(lakeDir: string): {
  rules: ProgrammeRules;
  change: RulesChange | null;
} {
  const override = readRulesOverride(lakeDir);
  return override
    ? { rules: override.current.rules, change: override.current }
    : { rules: defaultProgrammeRules(), change: null };
}

/** Records a change (appended to the history) by writing the file whole and renaming it. */
export async function saveRulesOverride(
  lakeDir: string,
  change: RulesChange,
): Promise<RulesOverride> {
  const file = lakeRulesFile(lakeDir);
  const previous = readRulesOverride(lakeDir);
  const next: RulesOverride = { current: change, history: [...(previous?.history ?? []), change] };
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(next, null, 2) + '\n', { mode: 0o640 });
  // A new file (rename): a candidate lake holding a hard link to the old one keeps the old rules.
  await rename(temp, file);
  return next;
}

/** "desil 1–5" (id) / "deciles 1–5" (en): how a label names a band. */
export function bandText(maks: number, lang: 'id' | 'en'): string {
  const range = maks === 1 ? '1' : `1–${maks}`;
  return lang === 'id' ? `desil ${range}` : `decile${maks === 1 ? '' : 's'} ${range}`;
}
