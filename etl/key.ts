/**
 * The pseudonymisation key. NIK and no_kk are replaced by HMAC-SHA256(key, value) at the edge of
 * the ETL, so the same person links across feeds while the raw number never reaches the lake.
 * The key comes from configuration, else it is generated once into the data folder (mode 0600)
 * and must be backed up with the lake: without it new pseudonyms no longer match old ones.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { dataFolder } from '../warehouse/data-folder.js';

export function parseKey(hex: string, source: string): Buffer {
  const clean = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(clean))
    throw new Error(`${source} harus 64 karakter heksadesimal (32 byte); periksa nilainya.`);
  return Buffer.from(clean, 'hex');
}

export async function loadOrCreateKey(dataDir: string, configured?: string): Promise<Buffer> {
  if (configured) return parseKey(configured, 'PSEUDONYM_KEY');
  const file = dataFolder(dataDir).key;
  try {
    const info = await stat(file);
    if ((info.mode & 0o077) !== 0) await chmod(file, 0o600);
    return parseKey(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await writeFile(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
