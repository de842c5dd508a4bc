/**
 * The province demo (docs/exchange.md, "The province demo"): `npm run demo` with a province
 * `REGION_CODE` (`62`) on an empty data folder. Two kabupaten instances are made in a scratch
 * folder beside the data — the Kapuas demo (62.03) and the demo re-coded to Palangka Raya
 * (62.71, `--region`) — each runs the real ETL and exports its signed package (`--kecil kirim`:
 * synthetic data); the province registers their keys and imports both packages. The scratch
 * instances (their lakes, keys, inboxes) are removed afterwards: the province keeps figures only.
 *
 * `node dist/etl/demo/province.js --data DIR --provinsi 62 [--scale N] [--months N]
 *   [--as-of YYYY-MM-DD]`: progress as JSON lines on stderr (the API's runner shows them), the
 * imports as one JSON line on stdout. Exit 0 on success, 1 on failure, 2 for bad arguments.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { importPackage, PROVINCE_DEMOS, registerKey } from '../../warehouse/agregat.js';
import { exchangeKeyPair, exportAggregates } from '../../warehouse/exchange.js';
import { runEtl } from '../run.js';
import { generateDemoInbox } from './generate.js';

export interface ProvinceDemoOptions {
  dataDir: string;
  provinceCode: string;
  scale?: number;
  months?: number;
  asOf?: string;
  now?: number;
  onProgress?: (message: string) => void;
}

export async function provinceDemo(opts: ProvinceDemoOptions) {
  const demos = PROVINCE_DEMOS[opts.provinceCode];
  if (!demos)
    throw new Error(
      `Belum ada demo untuk provinsi ${opts.provinceCode}; demo provinsi: ${Object.keys(PROVINCE_DEMOS).join(', ')}`,
    );
  const progress = opts.onProgress ?? (() => undefined);
  const scratch = path.join(opts.dataDir, '.demo-kabupaten');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(opts.dataDir, { recursive: true });
  const imports = [];
  try {
    for (const { region, seed } of demos) {
      const inbox = path.join(scratch, region, 'inbox');
      const data = path.join(scratch, region, 'data');
      progress(`${region}: membuat data demo`);
      await generateDemoInbox({
        out: inbox,
        seed,
        region,
        scale: opts.scale,
        months: opts.months,
        now: opts.now,
      });
      progress(`${region}: ETL kabupaten`);
      const summary = await runEtl({
        inboxDir: inbox,
        dataDir: data,
        regionCode: region,
        asOf: opts.asOf,
        settleSeconds: 0,
      });
      if (summary.status !== 'SUCCESS')
        throw new Error(`ETL demo ${region} gagal: ${summary.error ?? summary.status}`);
      progress(`${region}: ekspor paket agregat`);
      // `kirim`: every desa count (the demo is synthetic; the small-count rule's pattern is the
      // API's, which etl/ may not import).
      const exported = await exportAggregates(data, 'paket', { kecil: 'kirim', threshold: 0 });
      const { publicKeyPem } = await exchangeKeyPair(data);
      await registerKey(opts.dataDir, opts.provinceCode, region, publicKeyPem);
      progress(`${region}: impor ke provinsi ${opts.provinceCode}`);
      const { entry } = await importPackage({
        dataDir: opts.dataDir,
        provinceCode: opts.provinceCode,
        body: exported.body,
        fileName: exported.fileName,
        kabupaten: region,
        source: 'unggah',
        actor: 'demo',
        asOf: opts.asOf,
      });
      imports.push(entry);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return imports;
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        data: { type: 'string' },
        provinsi: { type: 'string' },
        scale: { type: 'string' },
        months: { type: 'string' },
        'as-of': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  if (!values.data || !values.provinsi) {
    process.stderr.write(
      'Pemakaian: province.js --data DIR --provinsi NN [--scale N] [--months N]\n',
    );
    process.exit(2);
  }
  const imports = await provinceDemo({
    dataDir: path.resolve(values.data),
    provinceCode: values.provinsi,
    scale: values.scale === undefined ? undefined : Number(values.scale),
    months: values.months === undefined ? undefined : Number(values.months),
    asOf: values['as-of'],
    onProgress: (message) =>
      process.stderr.write(`${JSON.stringify({ stage: 'demo', message })}\n`),
  });
  process.stdout.write(
    `${JSON.stringify({
      status: 'SUCCESS',
      imports: imports.map((e) => ({ kabupaten: e.kabupaten_code, months: e.months.length })),
    })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
