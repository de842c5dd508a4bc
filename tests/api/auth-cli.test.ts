/**
 * `npm run user` (the compiled CLI): an account made on the command line, with the password on
 * stdin, and the demo accounts, can log in to the API (auth module on) with the right role.
 */
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../api/auth/demo-users.js';
import { repoRoot } from '../../api/common/paths.js';
import { startApi, tempDir } from './support.js';

const CLI = path.join(repoRoot, 'dist', 'api', 'auth', 'cli.js');
let root = '';
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function user(args: string[], input = '', extra: Record<string, string> = {}) {
  const env = { ...process.env, ...extra };
  delete env.USER_PASSWORD;
  const res = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('npm run user', () => {
  it('creates accounts that log in with their role; refuses bad ones', async () => {
    root = await tempDir('user-cli');
    const data = path.join(root, 'data');
    const made = user(
      ['create', '--data', data, '--username', 'bappeda', '--role', 'PIMPINAN'],
      'sandi-kantor-kapuas\n',
    );
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/Pengguna 'bappeda' \(PIMPINAN\) dibuat/);
    const short = user(
      ['create', '--data', data, '--username', 'x.y.z', '--role', 'ADMIN'],
      'pendek\n',
    );
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/minimal 10 karakter/);
    const camat = user(
      ['create', '--data', data, '--username', 'camat.x', '--role', 'CAMAT'],
      'sandi-camat-kapuas\n',
    );
    expect(camat.code).toBe(1);
    expect(camat.err).toMatch(/CAMAT butuh 'area' = kode kecamatan/);
    expect(user(['hapus', '--data', data]).code).toBe(2);
    const demo = user(['demo', '--data', data]);
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out.match(/Akun demo/g)).toHaveLength(DEMO_USERS.length);

    const { app, url } = await startApi(data, path.join(root, 'inbox'), {}, { login: false });
    try {
      for (const [username, password, role] of [
        ['bappeda', 'sandi-kantor-kapuas', 'PIMPINAN'],
        ...DEMO_USERS.map((d) => [d.username, d.password, d.role]),
      ]) {
        const res = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
        expect(res.status, username).toBe(200);
        expect(((await res.json()) as { user: { role: string } }).user.role).toBe(role);
      }
    } finally {
      await app.close();
    }
  });

  it('binds a PIMPINAN to a kabupaten on a province instance only', async () => {
    const data = path.join(await tempDir('user-cli-prov'), 'data');
    try {
      const args = ['create', '--data', data, '--username', 'bupati.kapuas', '--role', 'PIMPINAN'];
      const onKabupaten = user([...args, '--area', '62.03'], 'sandi-bupati-kapuas\n');
      expect(onKabupaten.code).toBe(1);
      expect(onKabupaten.err).toMatch(/instans kabupaten\/kota tidak dibatasi wilayah/);
      const province = { REGION_CODE: '62' };
      const outside = user([...args, '--area', '63.01'], 'sandi-bupati-kapuas\n', province);
      expect(outside.code).toBe(1);
      expect(outside.err).toMatch(/kabupaten\/kota di provinsi 62/);
      const made = user([...args, '--area', '62.03'], 'sandi-bupati-kapuas\n', province);
      expect(made.code, made.err).toBe(0);
      expect(made.out).toMatch(/Pengguna 'bupati.kapuas' \(PIMPINAN\) dibuat/);
    } finally {
      await rm(path.dirname(data), { recursive: true, force: true });
    }
  });
});
