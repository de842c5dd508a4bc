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
 * Exit 0 on success, 1 when the export failed (message on stderr), 2 for bad arguments.
 */
import { writeFile } from 'node:fs/promises';
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
import { suppressionPattern } from '../common/small-count.js';

const USAGE =
  'Pemakaian: npm run agregat -- --data DIR --out FILE --format datavaluesets|adx|paket\n' +
  '           [--from YYYY-MM --to YYYY-MM] [--kecil tahan|kirim]';

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
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
