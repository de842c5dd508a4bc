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

function user(args: string[], input = '') {
  const env = { ...process.env };
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
});
