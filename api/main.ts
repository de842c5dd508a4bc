/**
 * `npm start`: validates the environment, serves the API and the built web app on one port,
 * prints the URL, and runs the first ETL when there is something to load (etl/first-run.ts).
 * `npm run demo` (`--demo`, or DEMO=1) on an empty data folder first writes the Kapuas demo data
 * and creates the demo accounts; without it no account with a published password ever exists.
 */
import 'reflect-metadata';
import { networkInterfaces } from 'node:os';
import { storedRejectsMasked } from '../warehouse/mask.js';
import { recoverAtStartup } from '../warehouse/publish.js';
import { AuthService } from './auth/auth.service.js';
import { createApp } from './bootstrap.js';
import { ConfigError, type AppConfig, loadConfig } from './config/config.js';
import { EtlRunnerService } from './etl/etl-runner.service.js';
import { firstRun } from './etl/first-run.js';
import { WarehouseService } from './warehouse/warehouse.service.js';

function urls(config: AppConfig, port: number): string[] {
  if (config.host !== '0.0.0.0' && config.host !== '::') return [`http://${config.host}:${port}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}`);
  return [`http://localhost:${port}`, ...lan];
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    const demoFlag = process.argv.slice(2).includes('--demo');
    config = loadConfig(demoFlag ? { ...process.env, DEMO: '1' } : process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const port = (app.getHttpServer().address() as { port: number }).port;
  const [local, ...lan] = urls(config, port);
  process.stdout.write(
    `\nDasbor Pokja SLRT-Puskesos (${config.regionName}) siap di ${local}\n` +
      (lan.length ? `Dari komputer lain di jaringan kantor: ${lan.join(', ')}\n` : '') +
      `Dokumentasi API: ${local}/api/docs · data: ${config.dataDir}\n\n`,
  );
  const auth = app.get(AuthService);
  const warehouse = app.get(WarehouseService);
  // A run killed before it finished: its publish completed from its journal, its summary marked
  // FAILED, its scratch folder removed (warehouse/publish.ts).
  await recoverAtStartup(config.dataDir).catch((error: unknown) =>
    process.stderr.write(`Pemulihan run ETL yang terhenti gagal: ${String(error)}\n`),
  );
  // Rejects stored by an older version are re-masked by a run at once (warehouse/mask.ts).
  const rejectsMasked = storedRejectsMasked(config.dataDir);
  if (!config.demo && !(await auth.hasUsers()))
    process.stdout.write(
      'Belum ada akun. Buat admin pertama: hentikan API (Ctrl+C), lalu\n' +
        '  npm run user -- create --username admin --role ADMIN   (kata sandi diminta)\n' +
        'atau mulai dengan ADMIN_PASSWORD=<kata sandi> npm start. / No account yet: create the ' +
        'first admin with `npm run user -- create` or ADMIN_PASSWORD.\n\n',
    );
  await firstRun(
    config,
    app.get(EtlRunnerService),
    warehouse.available && rejectsMasked,
    async () => {
      const made = await auth.createDemoUsers('demo');
      if (made.length)
        process.stdout.write(
          `Akun demo dibuat: ${made.join(', ')} (kata sandi di README.md, bagian "Akun demo")\n`,
        );
    },
    warehouse.outdated || (rejectsMasked ? false : 'rejects'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Gagal memulai: ${(error as Error).message}\n`);
  process.exit(1);
});
