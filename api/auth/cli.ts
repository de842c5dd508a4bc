/**
 * `npm run user -- create --username U --role ROLE [--area CODE] [--opd CODE] [--name TEXT]`
 * `npm run user -- demo` (one account per role for the Kapuas demo; passwords in the README)
 *
 * Works on `<DATA_DIR>/app.duckdb` (`--data DIR` overrides), migrating it first. The password
 * comes from USER_PASSWORD or, when that is unset, the first line on stdin, so it never shows in
 * the shell history or the process list. The API must be stopped: it owns app.duckdb.
 * Exit 0 done, 1 refused (message on stderr), 2 bad arguments.
 */
import { HttpException } from '@nestjs/common';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { AppDbService } from '../app-db/app-db.service.js';
import { loadConfig } from '../config/config.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { DEMO_USERS } from './demo-users.js';

const USAGE =
  'Pemakaian: npm run user -- create --username U --role ADMIN|PIMPINAN|CAMAT|OPD|PUSKESOS ' +
  '[--area KODE] [--opd KODE] [--name NAMA] [--data DIR]\n           npm run user -- demo [--data DIR]';

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function readPassword(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.USER_PASSWORD) return env.USER_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Kata sandi (minimal 10 karakter): ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        area: { type: 'string' },
        opd: { type: 'string' },
        name: { type: 'string' },
        data: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (command !== 'create' && command !== 'demo')
    usage(`Perintah '${command ?? ''}' tidak dikenal`);
  const config = loadConfig({ ...process.env, ...(values.data ? { DATA_DIR: values.data } : {}) });
  const db = new AppDbService(config);
  try {
    await db.open();
  } catch (error) {
    throw new Error(
      /lock/i.test(String(error))
        ? `${config.dataDir}/app.duckdb sedang dipakai (API berjalan?); hentikan API dulu.`
        : String(error),
    );
  }
  const repo = new AuthRepository(db);
  const auth = new AuthService(repo, config);
  try {
    if (command === 'create') {
      if (!values.username || !values.role) usage('--username dan --role wajib');
      const user = await auth.createUser(
        {
          username: values.username,
          password: await readPassword(process.env),
          role: values.role,
          area: values.area,
          opd: values.opd,
          display_name: values.name,
        },
        'cli',
      );
      process.stdout.write(`Pengguna '${user.username}' (${user.role}) dibuat.\n`);
    } else {
      for (const username of await auth.createDemoUsers('demo')) {
        const role = DEMO_USERS.find((d) => d.username === username)!.role;
        process.stdout.write(`Akun demo '${username}' (${role}) dibuat.\n`);
      }
    }
  } finally {
    db.onModuleDestroy();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof HttpException ? error.message : ((error as Error).message ?? String(error));
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
