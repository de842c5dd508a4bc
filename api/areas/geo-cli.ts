/**
 * `npm run geo -- import FILE [--code-column C] [--name-column N] [--kecamatan-column K]
 *                [--level desa|kecamatan] [--region KODE] [--data DIR] [--accept] [--json]`
 * `npm run geo -- status [--region KODE] [--data DIR]`
 * `npm run geo -- remove desa|kecamatan [--region KODE] [--data DIR]`
 *
 * The boundary import of the Data page without the browser (boundary-import.ts): prints the
 * report; with --accept the result goes into the data folder and every map uses it (a running
 * API sees it at its next request). Region: --region, else REGION_CODE, else 62.03; data folder:
 * --data, else DATA_DIR, else ./data. Exit 0 on success, 1 when the file cannot be used or nothing
 * matched with --accept, 2 for bad arguments.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSharedConfig, type SharedConfig } from '../../warehouse/config.js';
// Types only here: boundary-import.js (with mapshaper, 3 MB) is loaded once the arguments are
// known to be good, so a usage error answers at once.
import type { BoundaryLevel, BoundaryRecord, BoundaryReport } from './boundary-import.js';
import { REGION_CODE_PATTERN } from '../../warehouse/area-names.js';

const BOUNDARY_LEVELS: string[] = ['desa', 'kecamatan'] satisfies BoundaryLevel[];

const USAGE =
  'Pemakaian: npm run geo -- import BERKAS [--code-column KOLOM] [--name-column KOLOM]\n' +
  '                 [--kecamatan-column KOLOM] [--level desa|kecamatan] [--region KODE] [--data DIR]\n' +
  '                 [--accept] [--json]\n' +
  '           npm run geo -- status [--region KODE] [--data DIR]\n' +
  '           npm run geo -- remove desa|kecamatan [--region KODE] [--data DIR]';

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const REASONS: Record<string, string> = {
  KODE_KOSONG: 'kode kosong',
  KODE_TIDAK_VALID: 'bukan kode Kemendagri',
  KODE_BEDA_TINGKAT: 'kode tingkat lain',
  DI_LUAR_WILAYAH: 'di luar wilayah',
  KODE_TIDAK_DIKENAL: 'kode tidak ada di referensi',
  NAMA_KOSONG: 'nama kosong',
  KECAMATAN_TIDAK_DIKENAL: 'kecamatan tidak dikenal',
  NAMA_TIDAK_DIKENAL: 'nama tidak ada di referensi',
  NAMA_GANDA: 'nama dipakai lebih dari satu wilayah',
  TANPA_GEOMETRI: 'tanpa poligon',
};

/** The report as an admin reads it in a terminal. */
export function formatReport(r: BoundaryReport): string {
  const lines = [
    `Berkas ${r.file} (${r.format}, lapisan ${r.layer}${r.layers.length > 1 ? ` dari ${r.layers.join(', ')}` : ''})` +
      `${r.reprojected ? ', diproyeksikan ulang ke WGS84 dari .prj' : ''}`,
    `Wilayah ${r.region.code} ${r.region.name}, tingkat ${r.level}; dicocokkan dengan ` +
      (r.match_by === 'code'
        ? `kolom kode ${r.code_column}`
        : `nama (kolom ${r.name_column}${r.kecamatan_column ? `, kecamatan ${r.kecamatan_column}` : ''})`),
    `Kolom: ${r.columns.map((c) => (c.code_values ? `${c.name} (${c.code_values} kode wilayah)` : c.name)).join(', ')}`,
    `Poligon: ${r.polygons}; cocok ${r.matched}; tidak cocok ${r.unmatched.count}`,
    `${r.level === 'desa' ? 'Desa' : 'Kecamatan'} referensi berpoligon: ${r.areas_matched} dari ${r.areas_total}; tanpa poligon ${r.missing.count}`,
  ];
  if (r.duplicates.length)
    lines.push(
      `Ganda (digabung): ${r.duplicates.map((d) => `${d.code} ${d.name} ×${d.polygons}`).join(', ')}`,
    );
  if (r.unmatched.count) {
    lines.push('Tidak cocok:');
    for (const u of r.unmatched.rows)
      lines.push(
        `  #${u.index + 1} ${[u.code, u.name, u.kecamatan].filter(Boolean).join(' / ') || '-'}: ${REASONS[u.reason] ?? u.reason}`,
      );
  }
  if (r.missing.count) {
    lines.push('Tanpa poligon:');
    const byKecamatan = new Map<string, string[]>();
    for (const m of r.missing.rows)
      byKecamatan.set(m.kecamatan, [
        ...(byKecamatan.get(m.kecamatan) ?? []),
        `${m.name} (${m.code})`,
      ]);
    for (const [kecamatan, names] of byKecamatan)
      lines.push(
        `  ${kecamatan ? `Kec. ${kecamatan} (${names.length}): ` : ''}${names.join(', ')}`,
      );
  }
  if (r.output)
    lines.push(
      `Hasil: ${r.output.vertices} titik, ${Math.round(r.output.bytes / 1024)} KB (penyederhanaan ${r.output.interval_m} m)` +
        (r.level === 'desa' ? `, ${r.output.kecamatan_derived} kecamatan dari desanya` : ''),
    );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        'code-column': { type: 'string' },
        'name-column': { type: 'string' },
        'kecamatan-column': { type: 'string' },
        level: { type: 'string', default: 'desa' },
        region: { type: 'string' },
        data: { type: 'string' },
        accept: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  let shared: SharedConfig;
  try {
    shared = loadSharedConfig();
  } catch (error) {
    usage((error as Error).message);
  }
  const region = values.region ?? shared.regionCode;
  if (!REGION_CODE_PATTERN.test(region))
    usage(
      `--region harus kode kabupaten/kota seperti 62.03 atau provinsi seperti 62, bukan '${region}'`,
    );
  const dataDir = path.resolve(values.data ?? shared.dataDir);
  if (command === 'import') {
    if (!positionals[0] || positionals.length > 1) usage('Sebutkan satu berkas batas wilayah');
    if (!BOUNDARY_LEVELS.includes(values.level!))
      usage(`--level harus desa atau kecamatan, bukan '${values.level}'`);
  } else if (command === 'remove') {
    if (!positionals[0] || !BOUNDARY_LEVELS.includes(positionals[0]))
      usage('Sebutkan tingkat: desa atau kecamatan');
  } else if (command !== 'status')
    usage(`Perintah '${command ?? ''}' tidak dikenal; pakai import, status atau remove`);
  const {
    analyseBoundaries,
    BoundaryImportError,
    boundaryFiles,
    removeBoundaries,
    storeBoundaries,
  } = await import('./boundary-import.js');

  if (command === 'import') {
    const file = positionals[0]!;
    const level = values.level as BoundaryLevel;
    const bytes = await readFile(path.resolve(file)).catch(() => {
      throw new BoundaryImportError(`Berkas ${file} tidak dapat dibuka`);
    });
    const { report, result } = await analyseBoundaries(bytes, path.basename(file), region, {
      level,
      codeColumn: values['code-column'] ?? null,
      nameColumn: values['name-column'] ?? null,
      kecamatanColumn: values['kecamatan-column'] ?? null,
    });
    process.stdout.write(
      values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
    );
    if (!values.accept) {
      process.stdout.write('Belum disimpan: ulangi dengan --accept untuk memakainya di peta.\n');
      return;
    }
    if (!result)
      throw new BoundaryImportError(
        'Tidak ada poligon yang cocok; tidak ada yang disimpan. Pilih kolom kode atau nama lain.',
      );
    const record: BoundaryRecord = {
      level,
      region,
      file: path.basename(file),
      imported_by: `${userInfo().username} (CLI)`,
      imported_at: new Date().toISOString(),
      report,
    };
    await storeBoundaries(dataDir, region, level, result, record);
    process.stdout.write(
      `Disimpan di ${boundaryFiles(dataDir, region, level).topology}; dipakai semua peta.\n`,
    );
  } else if (command === 'status') {
    for (const level of BOUNDARY_LEVELS as BoundaryLevel[]) {
      const record = await readFile(boundaryFiles(dataDir, region, level).record, 'utf8').then(
        (t) => JSON.parse(t) as BoundaryRecord,
        () => null,
      );
      process.stdout.write(
        record
          ? `${level}: ${record.file}, diimpor oleh ${record.imported_by} pada ${record.imported_at} ` +
              `(${record.report.areas_matched} dari ${record.report.areas_total} berpoligon)\n`
          : `${level}: batas bawaan (belum ada impor)\n`,
      );
    }
  } else if (command === 'remove') {
    const level = positionals[0]!;
    const had = await removeBoundaries(dataDir, region, level as BoundaryLevel);
    process.stdout.write(
      had
        ? `Batas ${level} hasil impor dihapus; peta kembali memakai batas bawaan.\n`
        : `Belum ada batas ${level} yang diimpor.\n`,
    );
  }
}

main().catch((error: unknown) => {
  const known = error instanceof Error && error.name === 'BoundaryImportError';
  const message = known ? error.message : `Gagal: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
