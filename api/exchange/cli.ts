/**
 * `npm run agregat -- --data DIR --out FILE --format datavaluesets|adx|paket
 *   [--from YYYY-MM --to YYYY-MM] [--kecil tahan|kirim]`
 *
 * Exports the instance's aggregates for a province (docs/exchange.md): figures only, from
 * warehouse.duckdb read-only. `--kecil tahan` (the default) withholds desa cells by the API's
 * small-count rule (SMALL_COUNT_THRESHOLD, default 5); `--kecil kirim` sends every count. A
 * package (`paket`) is signed with the data folder's Ed25519 key, created on first use; the public
 * key is printed for the province to register.
 *
 * On a province instance (docs/exchange.md, "Import"):
 *
 * `npm run agregat -- kunci NN.NN FILE.pub --data DIR [--provinsi NN]` registers a kabupaten's
 * public key; `npm run agregat -- impor FILE --data DIR [--kabupaten NN.NN] [--provinsi NN]`
 * imports its package and publishes the province warehouse (warehouse/agregat.ts). The province
 * is `--provinsi`, else REGION_CODE.
 *
 * Exit 0 on success, 1 when the export or import failed (message on stderr), 2 for bad arguments.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSharedConfig } from '../../warehouse/config.js';
import {
  EXCHANGE_FORMATS,
  ExchangeError,
  type ExchangeFormat,
  exchangeKeyPair,
  exportAggregates,
  keyFingerprint,
  SMALL_COUNT_CHOICES,
  type SmallCountChoice,
} from '../../warehouse/exchange.js';
import { importPackage, registerKey } from '../../warehouse/agregat.js';
import { suppressionPattern } from '../common/small-count.js';

const USAGE =
  'Pemakaian: npm run agregat -- --data DIR --out FILE --format datavaluesets|adx|paket\n' +
  '           [--from YYYY-MM --to YYYY-MM] [--kecil tahan|kirim]\n' +
  '           npm run agregat -- kunci NN.NN FILE.pub --data DIR [--provinsi NN]\n' +
  '           npm run agregat -- impor FILE --data DIR [--kabupaten NN.NN] [--provinsi NN]';

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/** `kunci` and `impor`, on a province instance. */
async function provinceCommand(command: 'kunci' | 'impor', argv: string[]): Promise<void> {
  let values: { data?: string; provinsi?: string; kabupaten?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        provinsi: { type: 'string' },
        kabupaten: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (!values.data) usage('--data wajib');
  const province = values.provinsi ?? process.env.REGION_CODE ?? '';
  if (!/^\d{2}$/.test(province)) {
    usage(
      `Provinsi '${province}': beri --provinsi NN atau REGION_CODE dua angka (mis. 62) / a province code is NN`,
    );
  }
  const dataDir = path.resolve(values.data);
  if (command === 'kunci') {
    const [kabupaten, file] = positionals;
    if (!kabupaten || !file || positionals.length !== 2) usage('kunci NN.NN FILE.pub');
    const fingerprint = await registerKey(
      dataDir,
      province,
      kabupaten,
      await readFile(path.resolve(file), 'utf8'),
    );
    process.stdout.write(
      `Kunci publik ${kabupaten} didaftarkan (sidik jari sha256 ${fingerprint}).\n`,
    );
    return;
  }
  const [file] = positionals;
  if (!file || positionals.length !== 1) usage('impor FILE');
  const { entry, summary } = await importPackage({
    dataDir,
    provinceCode: province,
    body: await readFile(path.resolve(file)),
    fileName: path.basename(file),
    kabupaten: values.kabupaten,
    source: 'unggah',
    actor: `cli:${userInfo().username}`,
    onProgress: (message) => process.stderr.write(`  … ${message}\n`),
  });
  const months = entry.months;
  process.stdout.write(
    `Impor ${entry.kabupaten_code}: ${entry.row_count} baris, ${months.length} bulan ` +
      `(${months[0] ?? '-'}..${months.at(-1) ?? '-'})` +
      (entry.removed_months.length > 0 ? `, dihapus ${entry.removed_months.join(', ')}` : '') +
      `; gudang data provinsi ${province} terbit (impor ${summary.run_id}).\n`,
  );
}

async function main(): Promise<void> {
  const first = process.argv[2];
  if (first === 'kunci' || first === 'impor') {
    await provinceCommand(first, process.argv.slice(3));
    return;
  }
  let values: {
    data?: string;
    out?: string;
    format?: string;
    from?: string;
    to?: string;
    kecil?: string;
  };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        kecil: { type: 'string', default: 'tahan' },
      },
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (!values.data) usage('--data wajib');
  if (!values.out) usage('--out wajib');
  if (!EXCHANGE_FORMATS.includes(values.format as ExchangeFormat)) {
    usage(`--format harus salah satu dari ${EXCHANGE_FORMATS.join(', ')}`);
  }
  if (!SMALL_COUNT_CHOICES.includes(values.kecil as SmallCountChoice)) {
    usage(`--kecil harus tahan atau kirim`);
  }
  let threshold: number;
  try {
    threshold = loadSharedConfig().smallCountThreshold;
  } catch (error) {
    usage((error as Error).message);
  }
  const dataDir = path.resolve(values.data);
  const result = await exportAggregates(dataDir, values.format as ExchangeFormat, {
    from: values.from,
    to: values.to,
    kecil: values.kecil as SmallCountChoice,
    threshold,
    pattern: suppressionPattern,
  });
  const out = path.resolve(values.out);
  await writeFile(out, result.body);
  const m = result.data.meta;
  process.stdout.write(
    `Agregat ${m.region_code} ${m.months[0] ?? '-'}..${m.months.at(-1) ?? '-'}: ` +
      `${result.data.rows.length} baris ke ${out} (${values.format}); angka kecil ` +
      `${m.small_count.rule} (ambang ${m.small_count.threshold}, ${m.small_count.withheld_cells} ` +
      `sel desa ditahan).\n`,
  );
  if (values.format === 'paket') {
    const { publicKeyPem } = await exchangeKeyPair(dataDir);
    process.stdout.write(
      `Paket ditandatangani Ed25519. Kunci publik (daftarkan di provinsi; sidik jari sha256 ` +
        `${keyFingerprint(publicKeyPem)}):\n${publicKeyPem}`,
    );
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ExchangeError ? error.message : `Gagal: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
