/**
 * `npm run bench:etl [-- --scales 1,10,50] [--inboxes DIR]`
 *
 * For each scale: generates the Kapuas demo inbox, times DuckDB's bare `read_csv` of the same
 * CSV/TXT files, then the same-work floor (plain DuckDB SQL: every column read as text, the NIK
 * regex and keyed HMAC on the NIK / no_kk columns, Parquet per file; it reads exactly the records
 * the ETL keeps of each file, checked per file), then runs the real ETL CLI as a child process and
 * prints wall and CPU seconds per stage and in total, rows per second per feed, peak RSS,
 * warehouse size and ETL ÷ (floor + the ETL's warehouse build), wall and CPU, with the load
 * average. Targets (issue 15): ETL ≤ 2 × floor at every scale; scale 50 under 10 minutes and
 * 4 GiB. Then the dry run of a 1-million-row upload (`--preview-rows N`, 0 skips it).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { RunSummary } from '../../warehouse/runs.js';
import { sniffCsv } from '../../etl/readers.js';
import { FEED_NAMES, feedSpecs, mapHeader, type FeedName } from '../../etl/feeds.js';
import { MAX_RECORD_BYTES } from '../../etl/csv-lines.js';
import { sqlString } from '../../warehouse/wilayah.js';
import { repoRoot } from '../support/sample-data.js';
import { dataFolder } from '../../warehouse/data-folder.js';

const { values: args } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,10,50' },
    end: { type: 'string', default: '2026-10' },
    keep: { type: 'boolean', default: false },
    'preview-rows': { type: 'string', default: '1000000' },
    // A folder that keeps each scale's generated inbox (`scale-50/`) for the next run: the ETL
    // reads hard links to it, so a ×50 inbox (≈14 GB, ≈20 minutes to generate) is made once.
    inboxes: { type: 'string' },
    // Internal: run only the same-work floor of INBOX into the folder given, print it as JSON.
    // The benchmark runs the floor in a child process of its own so that its peak RSS is the
    // floor's, not the largest of everything this process did before (an earlier, larger scale).
    'floor-of': { type: 'string' },
    'floor-to': { type: 'string' },
  },
});

function runNode(
  script: string,
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...argv], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ stdout, seconds: (performance.now() - started) / 1000 })
        : reject(new Error(`${path.basename(script)} exited with ${code}`)),
    );
  });
}

/** Hard links (copies across file systems) of every file under `from`, in the same folders under `to`. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) await linkTree(source, path.join(to, entry.name));
    else
      await link(source, path.join(to, entry.name)).catch(async (error: NodeJS.ErrnoException) => {
        // Another file system: a copy.
        if (error.code !== 'EXDEV') throw error;
        await copyFile(source, path.join(to, entry.name));
      });
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}

/** The delimiter and encoding the ETL's own sniffing finds (DuckDB's sniffer misreads pipe files). */
async function csvOptions(file: string): Promise<string> {
  const head = await sniffCsv(file);
  if ('error' in head) return '';
  const delim = head.delimiter === "'" ? "''" : head.delimiter;
  return `, delim = '${delim}', encoding = '${head.encoding}', quote = '"'`;
}

/**
 * The same-work floor: plain DuckDB SQL over the same files, per file, that reads every column as
 * text, tests the NIK shape of every NIK / no_kk column (the columns the feed's header rule
 * finds, `mapHeader`) with a regular expression, computes the keyed HMAC-SHA256 pseudonym of it
 * (the ETL's own construction: SHA-256 over the key's pads) and writes the file as zstd Parquet.
 * No value rules, no duplicates, no slices. It reads the records the ETL keeps: the header's
 * fields by position with DuckDB's strict reader (the ETL's options), and a file the parallel
 * scanner refuses (quoted line breaks, lines that cannot be split) single-threaded, skipping the
 * lines the ETL rejects as BARIS_RUSAK. Rows per file, to compare with the ETL's. Wall and CPU
 * seconds and peak RSS of the process it runs in (a child process of its own: `--floor-of`),
 * DuckDB's threads included.
 */
interface FloorJson {
  seconds: number;
  cpu: number;
  rssMib: number;
  rows: [string, number][];
}

async function sameWorkFloor(inbox: string, out: string): Promise<FloorJson> {
  const key = randomBytes(32);
  const block = Buffer.alloc(64);
  key.copy(block);
  const pad = (x: number) => Buffer.from(block.map((b) => b ^ x)).toString('hex');
  const db = await DuckDBInstance.create(':memory:', { memory_limit: '2GB' });
  const conn = await db.connect();
  await conn.run(`CREATE MACRO floor_pseudo(v) AS CASE WHEN regexp_full_match(v, '[0-9]{16}')
    THEN substr(sha256(unhex('${pad(0x5c)}') || unhex(sha256(unhex('${pad(0x36)}') || encode(v)))), 1, 32) END`);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const rows = new Map<string, number>();
  let part = 0;
  for (const feed of (await readdir(inbox)).filter((f) => FEED_NAMES.includes(f as FeedName))) {
    const specs = feedSpecs(feed as FeedName);
    const files = (await filesUnder(path.join(inbox, feed))).filter((f) => /\.(csv|txt)$/i.test(f));
    for (const file of files) {
      const head = await sniffCsv(file);
      if ('error' in head) continue;
      const nikAt = new Set(
        specs.flatMap((spec) =>
          [...mapHeader(spec, head.header)]
            .filter(([name]) => spec.columns.find((c) => c.name === name)?.kind === 'nik')
            .map(([, at]) => at),
        ),
      );
      const columns = head.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
      const select = head.header
        .map((_, i) => (nikAt.has(i) ? `floor_pseudo(trim(c${i})) AS c${i}` : `c${i}`))
        .join(', ');
      const target = path.join(out, `${feed}-${part++}.parquet`);
      const copy = (options: string) =>
        conn.runAndReadAll(
          `COPY (SELECT ${select} FROM read_csv(${sqlString(file)}, delim = ${sqlString(head.delimiter)},
            quote = '"', escape = '"', encoding = ${sqlString(head.encoding)}, auto_detect = false,
            header = false, skip = 1, columns = {${columns}}, strict_mode = true,
            max_line_size = ${MAX_RECORD_BYTES}${options}))
           TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
        );
      const copied = await copy('').catch(() => copy(', parallel = false, ignore_errors = true'));
      rows.set(
        path.relative(path.join(inbox, feed), file),
        Number(copied.getRowsJS()[0]?.[0] ?? 0),
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  conn.closeSync();
  db.closeSync();
  const rssMib = process.resourceUsage().maxRSS / 1024;
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, rssMib, rows: [...rows] };
}

/**
 * The rows the ETL kept of each CSV/TXT file (loaded into the lake or rejected by a value rule,
 * not BARIS_RUSAK): from the lake's `_file` column and the run's rejects.
 */
async function etlRowsPerFile(data: string, runId: string): Promise<Map<string, number>> {
  const folder = dataFolder(data);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const lake = (await filesUnder(folder.lake)).filter(
    (f) => f.endsWith('.parquet') && !f.includes(`${path.sep}_runs${path.sep}`),
  );
  const result = await conn.runAndReadAll(
    `SELECT file, count(*)::BIGINT AS n FROM (
       SELECT _file AS file FROM read_parquet(${`[${lake.map(sqlString).join(', ')}]`}, union_by_name = true)
       WHERE _run_id = ${sqlString(runId)}
       UNION ALL
       SELECT file FROM read_parquet(${sqlString(folder.rejectsFile(runId))})
       WHERE line > 0 AND reason <> 'BARIS_RUSAK')
     WHERE regexp_matches(lower(file), '\\.(csv|txt)$') GROUP BY 1`,
  );
  const rows = new Map<string, number>();
  for (const r of result.getRowObjectsJS()) rows.set(String(r.file), Number(r.n));
  conn.closeSync();
  db.closeSync();
  return rows;
}

/** DuckDB reading every CSV/TXT file of the inbox as text, nothing else. */
async function bareReadCsv(
  inbox: string,
): Promise<{ seconds: number; rows: number; bytes: number }> {
  const files = (await filesUnder(inbox)).filter((f) => /\.(csv|txt)$/i.test(f));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  let rows = 0;
  let bytes = 0;
  const started = performance.now();
  for (const file of files) {
    const sniffed = await csvOptions(file);
    const read = (options: string) =>
      conn.runAndReadAll(
        `SELECT count(*) AS n FROM read_csv('${file}', all_varchar = true, header = true, ${options}${sniffed})`,
      );
    // Quoted line breaks (complaint texts) need the single-threaded scanner, as in the ETL.
    // Lines that cannot be split (DTSEN's pipe files): skipped here, rejected BARIS_RUSAK by the ETL.
    const result = await read('strict_mode = false')
      .catch(() => read('strict_mode = false, null_padding = true, parallel = false'))
      .catch(() => read('strict_mode = false, ignore_errors = true'));
    rows += Number(result.getRowObjectsJS()[0].n);
    bytes += (await stat(file)).size;
  }
  const seconds = (performance.now() - started) / 1000;
  conn.closeSync();
  db.closeSync();
  return { seconds, rows, bytes };
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

async function benchScale(scale: number): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), `bench-etl-${scale}-`));
  const inbox = path.join(root, 'inbox');
  const data = path.join(root, 'data');
  try {
    const generate = (out: string) =>
      runNode(path.join(repoRoot, 'dist/etl/demo/cli.js'), [
        '--out',
        out,
        '--seed',
        '42',
        '--scale',
        String(scale),
        '--end',
        args.end,
      ]);
    let gen = { seconds: 0 };
    if (args.inboxes) {
      const kept = path.resolve(args.inboxes, `scale-${scale}`);
      if (!existsSync(kept)) {
        const partial = `${kept}.partial`;
        await rm(partial, { recursive: true, force: true });
        gen = await generate(partial);
        await rename(partial, kept);
      }
      await linkTree(kept, inbox);
    } else gen = await generate(inbox);
    const inboxFiles = await filesUnder(inbox);
    const inboxBytes = (await Promise.all(inboxFiles.map((f) => stat(f)))).reduce(
      (s, x) => s + x.size,
      0,
    );
    const bare = await bareReadCsv(inbox);
    const floorDir = path.join(root, 'floor');
    await mkdir(floorDir, { recursive: true });
    const floorRun = await runNode(fileURLToPath(import.meta.url), [
      '--floor-of',
      inbox,
      '--floor-to',
      floorDir,
    ]);
    const floorJson = JSON.parse(floorRun.stdout) as FloorJson;
    const floor = { ...floorJson, rows: new Map(floorJson.rows) };
    const etl = await runNode(
      path.join(repoRoot, 'dist/etl/cli.js'),
      [
        '--inbox',
        inbox,
        '--data',
        data,
        '--as-of',
        `${args.end}-28`,
        '--json',
        // The inbox was written completely just now: no settle wait (ETL_SETTLE_SECONDS) in the timing.
      ],
      { ETL_SETTLE_SECONDS: '0' },
    );
    const summary = JSON.parse(etl.stdout.trim().split('\n').pop() ?? '{}') as RunSummary;
    if (summary.status !== 'SUCCESS') throw new Error(`ETL failed: ${summary.error}`);
    const warehouseBytes = (await stat(dataFolder(data).warehouse)).size;
    const lakeBytes = (
      await Promise.all((await filesUnder(dataFolder(data).lake)).map((f) => stat(f)))
    ).reduce((s, x) => s + x.size, 0);
    const rowsTotal = Object.values(summary.feeds).reduce((s, f) => s + f.rows_read, 0);

    console.log(
      `\n=== scale ${scale}: ${inboxFiles.length} files, ${fmt(inboxBytes / 2 ** 20)} MiB, ${fmt(rowsTotal, 0)} rows (${gen.seconds ? `generated in ${fmt(gen.seconds)} s` : 'kept inbox'})`,
    );
    const cpu = summary.stage_cpu_seconds ?? {};
    console.log(
      `ETL total (process wall clock)   ${fmt(etl.seconds, 2)} s; CPU ${fmt(summary.cpu_seconds ?? 0, 1)} s on ${availableParallelism()} cores`,
    );
    for (const [stage, seconds] of Object.entries(summary.stage_seconds))
      console.log(
        `  stage ${stage.padEnd(26)} ${fmt(seconds, 2)} s, CPU ${fmt(cpu[stage] ?? 0, 2)} s`,
      );
    for (const [feed, f] of Object.entries(summary.feeds))
      console.log(
        `  feed ${feed.padEnd(22)} ${fmt(f.rows_read, 0).padStart(12)} rows  ${fmt(f.seconds, 2).padStart(7)} s  ${fmt(f.rows_read / Math.max(f.seconds, 0.001), 0).padStart(10)} rows/s`,
      );
    console.log(`peak RSS (ETL process)           ${fmt(summary.peak_rss_mib ?? 0, 0)} MiB`);
    console.log(
      `warehouse.duckdb                 ${fmt(warehouseBytes / 2 ** 20)} MiB; lake ${fmt(lakeBytes / 2 ** 20)} MiB`,
    );
    console.log(
      `bare DuckDB read_csv (CSV/TXT)   ${fmt(bare.seconds, 2)} s for ${fmt(bare.rows, 0)} rows, ${fmt(bare.bytes / 2 ** 20)} MiB`,
    );
    // The floor reads the records the ETL keeps of every CSV/TXT file: compare per file.
    const kept = await etlRowsPerFile(data, summary.run_id);
    const floorRows = [...floor.rows.values()].reduce((s, n) => s + n, 0);
    const keptRows = [...floor.rows.keys()].reduce((s, f) => s + (kept.get(f) ?? 0), 0);
    const differ = [...floor.rows].filter(([f, n]) => (kept.get(f) ?? 0) !== n);
    console.log(
      `same-work floor (SQL: read, NIK regex, HMAC, Parquet) ${fmt(floor.seconds, 2)} s wall, ${fmt(floor.cpu, 1)} s CPU, peak RSS ${fmt(floor.rssMib, 0)} MiB`,
    );
    console.log(
      `  floor rows ${fmt(floorRows, 0)} of ${floor.rows.size} CSV/TXT files; the ETL kept ${fmt(keptRows, 0)} of them` +
        (differ.length
          ? `; differ: ${differ.map(([f, n]) => `${f} ${n} vs ${kept.get(f) ?? 0}`).join(', ')}`
          : ' (every file equal)'),
    );
    // The floor's warehouse share is the ETL's own build: the same models on the same rows.
    const build = summary.stage_seconds.warehouse ?? 0;
    const buildCpu = cpu.warehouse ?? build;
    console.log(
      `  + the ETL's warehouse build    ${fmt(build, 2)} s wall, ${fmt(buildCpu, 1)} s CPU → floor ${fmt(floor.seconds + build, 2)} s wall, ${fmt(floor.cpu + buildCpu, 1)} s CPU`,
    );
    console.log(
      `ratio ETL / floor                wall ${fmt(etl.seconds / (floor.seconds + build), 2)}, CPU ${fmt((summary.cpu_seconds ?? 0) / (floor.cpu + buildCpu), 2)} (goal ≤ 2)`,
    );
    console.log(
      `load average (1, 5, 15 min)      ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
  } finally {
    if (!args.keep) await rm(root, { recursive: true, force: true });
    else console.log(`kept ${root}`);
  }
}

/**
 * The dry run of one large upload (issue: a 1-million-row CSV previewed in under 30 s): a BPJS
 * Kesehatan export of `--preview-rows` rows with a few bad ones, checked by `etl --check` as the
 * Data page does, against an empty data folder.
 */
async function benchPreview(rows: number): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-preview-'));
  try {
    const file = path.join(root, 'jkn_2026-09.txt');
    const out = createWriteStream(file);
    out.write('PERIODE\tNIK\tKODE_DESA\tSEGMEN\tSTATUS\n');
    const desa = ['62.03.01.1010', '62.03.02.1001', '62.03.02.1003', '62.03.05.2001'];
    for (let i = 0; i < rows; i++) {
      const nik =
        i % 50_000 === 7 ? '6,20306E+15' : `620301${String(1_000_000_000 + i).slice(-10)}`;
      const line = `202609\t${nik}\t${desa[i % desa.length]}\t${i % 3 ? 'PBI_APBN' : 'PBPU'}\tAKTIF\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const bytes = (await stat(file)).size;
    const check = await runNode(path.join(repoRoot, 'dist/etl/cli.js'), [
      '--check',
      file,
      '--data',
      path.join(root, 'data'),
      '--json',
    ]).catch((error: Error) => ({ stdout: '', seconds: NaN, error }));
    const [preview] = JSON.parse(check.stdout || '[{}]') as {
      rows_read?: number;
      would_reject?: number;
    }[];
    console.log(
      `\n=== dry run (etl --check) of one ${fmt(rows, 0)}-row CSV, ${fmt(bytes / 2 ** 20)} MiB`,
    );
    console.log(
      `preview wall clock               ${fmt(check.seconds, 2)} s (goal < 30 s); ${fmt(preview?.rows_read ?? 0, 0)} rows read, ${fmt(preview?.would_reject ?? 0, 0)} would be rejected`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (args['floor-of'] && args['floor-to']) {
  console.log(JSON.stringify(await sameWorkFloor(args['floor-of'], args['floor-to'])));
} else {
  for (const scale of args.scales.split(',').filter(Boolean).map(Number)) await benchScale(scale);
  if (Number(args['preview-rows']) > 0) await benchPreview(Number(args['preview-rows']));
}
