/** npm run daftar-verval -- --data DIR --desa KODE --daftar INDIKATOR --tujuan "TEKS" --out FILE.xlsx */
import { ConfigError } from '../warehouse/config.js';
import { parseArgs, runVerval, VervalError } from './verval.js';

try {
  const result = await runVerval(parseArgs(process.argv.slice(2)));
  // counts and the file only: names and NIK stay in the workbook
  console.log(
    `Daftar ${result.period}: ${result.rows} baris, ${result.found} ditemukan di arsip → ${result.out} ` +
      `(mode 0600; tercatat di log audit)`,
  );
} catch (error) {
  console.error(
    error instanceof VervalError || error instanceof ConfigError
      ? error.message
      : `Gagal: ${String(error)}`,
  );
  process.exitCode = 1;
}
