/**
 * `npm run agregat` (the compiled CLI, `npm run -s build:server` first): the package written and
 * the public key printed; verified by hand as docs/exchange.md says (tar, openssl, sha256); bad
 * arguments exit 2, a data folder without a warehouse exits 1 saying what to do.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { keyFingerprint } from '../../warehouse/exchange.js';
import { buildFixture, type BuiltWarehouse } from '../fixtures/warehouse/buildFixture.js';
import { sampleAsOf, sampleLake } from '../fixtures/warehouse/sampleLake.js';

const CLI = path.join(repoRoot, 'dist', 'api', 'exchange', 'cli.js');
let wh: BuiltWarehouse;
let out = '';

beforeAll(async () => {
  wh = await buildFixture(sampleLake, { asOf: sampleAsOf });
  out = mkdtempSync(path.join(os.tmpdir(), 'agregat-cli-'));
});
afterAll(() => {
  wh?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

function agregat(args: string[]) {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

const sh = (cmd: string, args: string[]) => {
  const res = spawnSync(cmd, args, { cwd: out, encoding: 'utf8' });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
};

describe('npm run agregat', () => {
  it('writes a package that tar, openssl and sha256sum verify, and prints the public key', () => {
    const file = path.join(out, 'paket.tar.gz');
    const res = agregat(['--data', wh.dir, '--out', file, '--format', 'paket', '--kecil', 'tahan']);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/sel desa ditahan/);
    const pub = readFileSync(dataFolder(wh.dir).exchangePublicKey, 'utf8');
    expect(res.out).toContain(pub.trim());
    expect(res.out).toContain(keyFingerprint(pub));

    expect(sh('tar', ['xzf', file]).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const sig = Buffer.from(readFileSync(path.join(out, 'manifest.sig'), 'utf8').trim(), 'base64');
    const sha = createHash('sha256')
      .update(readFileSync(path.join(out, 'figures.json')))
      .digest('hex');
    expect(sha).toBe(manifest.figures_sha256);
    expect(manifest.small_count.rule).toBe('tahan');
    // openssl, as a province without this product would (skipped where openssl is absent).
    if (spawnSync('openssl', ['version']).status === 0) {
      writeFileSync(path.join(out, 'manifest.sig.bin'), sig);
      writeFileSync(path.join(out, 'kunci.pub'), pub);
      const v = sh('openssl', [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'kunci.pub',
        '-rawin',
        '-in',
        'manifest.json',
        '-sigfile',
        'manifest.sig.bin',
      ]);
      expect(v.out).toMatch(/Signature Verified Successfully/);
    }
  });

  it('exits 2 for bad arguments and 1 without a warehouse, saying what to fix', () => {
    const bad = agregat(['--data', wh.dir, '--out', path.join(out, 'x'), '--format', 'csv']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format harus salah satu dari datavaluesets, adx, paket/);
    const kecil = agregat([
      '--data',
      wh.dir,
      '--out',
      path.join(out, 'x'),
      '--format',
      'adx',
      '--kecil',
      'ya',
    ]);
    expect(kecil.code).toBe(2);
    const none = agregat([
      '--data',
      path.join(out, 'kosong'),
      '--out',
      path.join(out, 'x'),
      '--format',
      'adx',
    ]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/jalankan ETL dulu/);
  });

  it('kunci and impor on a province data folder: registered, imported, refused with what to fix', () => {
    const file = path.join(out, 'paket-impor.tar.gz');
    expect(agregat(['--data', wh.dir, '--out', file, '--format', 'paket']).code).toBe(0);
    const prov = path.join(out, 'provinsi');
    const pub = dataFolder(wh.dir).exchangePublicKey;
    const noProvince = agregat(['impor', file, '--data', prov]);
    expect(noProvince.code).toBe(2);
    expect(noProvince.err).toMatch(/--provinsi NN/);
    const noKey = agregat(['impor', file, '--data', prov, '--provinsi', '62']);
    expect(noKey.code).toBe(1);
    expect(noKey.err).toMatch(/belum didaftarkan/);
    const key = agregat(['kunci', '62.03', pub, '--data', prov, '--provinsi', '62']);
    expect(key.code, key.err).toBe(0);
    expect(key.out).toContain(keyFingerprint(readFileSync(pub, 'utf8')));
    const done = agregat([
      'impor',
      file,
      '--data',
      prov,
      '--provinsi',
      '62',
      '--kabupaten',
      '62.03',
    ]);
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/Impor 62\.03: \d+ baris/);
    expect(readFileSync(dataFolder(prov).warehouse).length).toBeGreaterThan(0);
  });
});
