/** Fake person names, so that the `nama` column looks real; the ETL must drop it. */
import type { Rng } from './random.js';

const MALE = [
  'AHMAD', 'BUDI', 'YANTO', 'RAHMAT', 'SUPRIADI', 'DARMAWAN', 'ANDI', 'HERMAN', 'JUNAIDI', 'SYAHRIL',
  'ELIAS', 'YOHANES', 'DEDI', 'RUSLAN', 'MUHAMMAD', 'ARDIANSYAH', 'TUMBANG', 'LUKAS', 'SAMUEL',
  'HARIYADI', 'FAJAR', 'RIZKY', 'IRWAN', 'AGUS', 'SUKARDI',
];
const FEMALE = [
  'SITI', 'RINA', 'MARTINA', 'NURHAYATI', 'SRI', 'DEWI', 'MARIA', 'YULIANA', 'RAHMAWATI', 'FITRI',
  'ERNAWATI', 'KRISTINA', 'LESTARI', 'NORJANAH', 'HALIMAH', 'SUSI', 'AMINAH', 'RATNA', 'INTAN',
  'PUTRI', 'WULAN', 'ELISABET', 'NOVITA', 'SALMAH', 'ANISA',
];
const FAMILY = [
  'S', 'A', 'SAPUTRA', 'HIDAYAT', 'NGABE', 'DJAHAN', 'BAHEN', 'ILUN', 'NOOR', 'RAHMAN', 'SANTOSO',
  'LAMBUNG', 'UNTUNG', 'NYAHU', 'ANTANG', 'BINTI ALI', 'GANDRUNG',
];

export function fakeName(rng: Rng, sex: 'L' | 'P'): string {
  const first = rng.pick(sex === 'L' ? MALE : FEMALE);
  return rng.chance(0.35) ? first : `${first} ${rng.pick(FAMILY)}`;
}
