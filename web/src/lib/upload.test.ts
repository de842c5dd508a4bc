import { describe, expect, it } from 'vitest';
import {
  extensionOf,
  formatBytes,
  isMasked,
  kecamatanOf,
  localProblem,
  sameFile,
  sliceParts,
  stageState,
} from './upload.js';

const LIMITS = {
  extensions: ['.csv', '.txt', '.xlsx', '.parquet', '.zip'],
  max_bytes: 1024 * 1024,
};

describe('what the browser refuses before sending', () => {
  it('refuses a type the API does not take, naming the extension', () => {
    expect(localProblem({ name: 'laporan.pdf', size: 10 }, LIMITS)).toEqual({
      kind: 'type',
      extension: '.pdf',
    });
    expect(localProblem({ name: 'TANPA_EKSTENSI', size: 10 }, LIMITS)).toEqual({
      kind: 'type',
      extension: '',
    });
    // The extension is compared case-insensitively, as the API does.
    expect(localProblem({ name: 'DTKS_2024-05.CSV', size: 10 }, LIMITS)).toBeNull();
  });

  it('refuses a file over the limit and an empty one; the limit itself passes', () => {
    expect(localProblem({ name: 'a.csv', size: 1024 * 1024 + 1 }, LIMITS)).toEqual({
      kind: 'size',
      max: 1024 * 1024,
    });
    expect(localProblem({ name: 'a.csv', size: 1024 * 1024 }, LIMITS)).toBeNull();
    expect(localProblem({ name: 'a.csv', size: 0 }, LIMITS)).toEqual({ kind: 'empty' });
  });

  it('reads extensions as the API does', () => {
    expect(extensionOf('kiriman.ZIP')).toBe('.zip');
    expect(extensionOf('.csv')).toBe(''); // a hidden file's name, not an extension
    expect(extensionOf('a.')).toBe('');
    expect(extensionOf('a.tar.gz')).toBe('.gz');
  });
});

describe('formatBytes', () => {
  it('writes sizes in 1024 steps with the locale’s decimal mark', () => {
    expect(formatBytes(850)).toBe('850 B');
    expect(formatBytes(12.4 * 1024)).toBe('12,4 KB');
    expect(formatBytes(12.4 * 1024, 'en')).toBe('12.4 KB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1,5 GB');
  });
});

describe('sliceParts', () => {
  it('splits a stored slice into its keys and values', () => {
    expect(sliceParts('periode=2024-06/kab=62.03')).toEqual([
      { key: 'periode', value: '2024-06' },
      { key: 'kab', value: '62.03' },
    ]);
    expect(sliceParts('tahun=2024/tahap=2/kab=62.03').map((p) => p.key)).toEqual([
      'tahun',
      'tahap',
      'kab',
    ]);
    expect(sliceParts('kab=62.03')).toEqual([{ key: 'kab', value: '62.03' }]);
  });
});

describe('kecamatanOf', () => {
  const KEC = [
    { code: '62.03.01', name: 'Selat' },
    { code: '62.03.02', name: 'Kapuas Hilir' },
    { code: '62.03.03', name: 'Kapuas Timur' },
  ];
  it('finds the kecamatan by the names’ normal forms, as the ETL matches names', () => {
    expect(kecamatanOf('SELAT', KEC)?.code).toBe('62.03.01');
    expect(kecamatanOf('Kec. Kapuas-Hilir', KEC)?.code).toBe('62.03.02');
    expect(kecamatanOf(' 62.03.03 ', KEC)?.code).toBe('62.03.03');
  });
  it('guesses nothing for an unknown or partial name', () => {
    expect(kecamatanOf('Selatt', KEC)).toBeNull();
    expect(kecamatanOf('Kapuas', KEC)).toBeNull();
  });
});

describe('isMasked', () => {
  it('tells masked values (not mappable) from contract-shaped ones', () => {
    expect(isMasked('[teks 14 karakter]')).toBe(true);
    expect(isMasked('620301**********')).toBe(true);
    expect(isMasked('MERTUA')).toBe(false);
    expect(isMasked('PBI DAERAH')).toBe(false);
  });
});

describe('stageState', () => {
  it('marks the stages before the current one done, the rest waiting', () => {
    expect(stageState('inbox', 'validate', false)).toBe('done');
    expect(stageState('validate', 'validate', false)).toBe('current');
    expect(stageState('warehouse', 'validate', false)).toBe('waiting');
  });
  it('counts a held run’s archive stage as publishing, and a finished run as all done', () => {
    expect(stageState('publish', 'archive', false)).toBe('current');
    expect(stageState('warehouse', 'archive', false)).toBe('done');
    expect(stageState('done', null, true)).toBe('done');
    expect(stageState('start', null, false)).toBe('waiting');
  });
});

describe('sameFile', () => {
  it('matches the run’s progress file with an inbox path by its name', () => {
    expect(sameFile('dtks_2024-05.csv', 'dtks/dtks_2024-05.csv')).toBe(true);
    expect(sameFile('gabung/x.csv', 'bpjs_kesehatan/gabung/x.csv')).toBe(true);
    expect(sameFile('y.csv', 'dtks/x.csv')).toBe(false);
    expect(sameFile(null, 'dtks/x.csv')).toBe(false);
  });
});
