/**
 * Dirt like real exports: a small share of rows is damaged in one of the ways the data contract
 * rejects (empty required value, broken NIK, unknown desa, impossible date, unknown enum, duplicate).
 */
import type { Rng } from './random.js';
import type { RowSink } from './sinks.js';

export type Damage = (row: string[], rng: Rng) => void;

export const damage = {
  empty:
    (col: number): Damage =>
    (row) => {
      row[col] = '';
    },
  /** What Excel shows after a NIK column was opened as a number: `6,20306E+15`. */
  nikScientific:
    (col: number): Damage =>
    (row) => {
      const nik = row[col] ?? '';
      row[col] = `${nik.slice(0, 1)},${nik.slice(1, 6).replace(/0+$/, '')}E+15`;
    },
  nikShort:
    (col: number): Damage =>
    (row) => {
      row[col] = (row[col] ?? '').slice(0, 15);
    },
  unknownDesa:
    (col: number): Damage =>
    (row) => {
      const code = row[col] ?? '';
      row[col] = code.includes('.')
        ? `${code.slice(0, 6)}99${code.slice(8)}`
        : `${code.slice(0, 4)}99${code.slice(6)}`;
    },
  /** 31 February or 30 February, in the file's own date style. */
  impossibleDate:
    (col: number): Damage =>
    (row, rng) => {
      const v = row[col] ?? '';
      const year = /\d{4}/.exec(v)?.[0] ?? '2020';
      const day = rng.chance(0.5) ? '31' : '30';
      row[col] = v.includes('/') || v === '' ? `${day}/02/${year}` : `${year}-02-${day}`;
    },
  value:
    (col: number, ...values: string[]): Damage =>
    (row, rng) => {
      row[col] = rng.pick(values);
    },
};

export interface DirtPlan {
  rng: Rng;
  /** Probability that a row is damaged or duplicated. */
  rate: number;
  damages: Damage[];
  /** Share of dirty rows that are exact duplicates instead of damaged. */
  duplicateShare: number;
}

/** Writes a row, maybe damaged, maybe twice (the duplicate is the DUPLIKAT reject). */
export function pushWithDirt(sink: RowSink, row: string[], plan: DirtPlan | null): void {
  if (!plan || !plan.rng.chance(plan.rate)) {
    sink.push(row);
    return;
  }
  if (plan.rng.chance(plan.duplicateShare)) {
    sink.push(row);
    sink.push(row);
    return;
  }
  const copy = [...row];
  plan.rng.pick(plan.damages)(copy, plan.rng);
  sink.push(copy);
}
