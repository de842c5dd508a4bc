/**
 * The staging area of the Data page's uploads (`<data>/staging/<id>/`): a file waits there, with
 * its `meta.json`, until an admin loads it (moved to the inbox, where the next run reads it exactly
 * as a file copied there by hand) or discards it. Nothing here reads the file's rows: the dry run
 * is etl/preview.ts, the run's own code.
 *
 * A `.zip` is unpacked on arrival: each file in it (csv, txt, xlsx, parquet) becomes a staged file
 * of its own, keeping its folders in its name (`2025-07/keluarga.csv` gives a periode as an inbox
 * subfolder does). Entries that would leave the folder (`../`, absolute paths) refuse the whole zip.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { CONTRACT_KINDS } from '../../warehouse/mask.js';
import { cleanFileName } from '../common/upload.js';

/** The contract's feeds (generated from the ETL's specs into warehouse/contract-kinds.json). */
export const FEEDS = Object.keys(CONTRACT_KINDS);

/** The feed a file's header (or name) tells, as the ETL detects it (etl-cli.ts). */
export type DetectFeed = (
  file: string,
  name: string,
) => Promise<{ feed: string; from: 'judul' | 'nama' } | null>;

/** What the ETL reads (etl/readers.ts). */
export const DATA_EXTENSIONS = ['.csv', '.txt', '.xlsx', '.parquet'] as const;
/** What an upload may be: a data file, or a zip of them. */
export const UPLOAD_EXTENSIONS = [...DATA_EXTENSIONS, '.zip'] as const;
/** The inbox folder whose files merge into the stored slices (etl/README.md, "Merging"). */
export const MERGE_FOLDER = 'gabung';

const ID = /^[0-9a-f]{16}$/;

/** A refusal of the uploader's file, with what to do about it. */
export class StagingError extends Error {
  constructor(
    message: string,
    readonly kind: 'type' | 'size' | 'zip' | 'empty' | 'not_found',
  ) {
    super(message);
  }
}

export interface StagedFile {
  id: string;
  /** The name as uploaded; from a zip, its path inside the zip. */
  name: string;
  /** The zip the file came in, if any. */
  zip: string | null;
  size: number;
  uploaded_by: string;
  uploaded_at: string;
  feed: string | null;
  /** How the feed was chosen: by the admin, from the header, from the name. */
  feed_from: 'pilihan' | 'judul' | 'nama' | null;
  /** Merge into the stored slices instead of replacing them (a second list of one month). */
  merge: boolean;
}

/** A path inside a zip as a safe relative name (folders kept), or null when it would escape. */
export function safeRelative(entry: string): string | null {
  const unified = entry.replaceAll('\\', '/');
  if (unified.startsWith('/') || /^[a-zA-Z]:/.test(unified)) return null;
  const parts = unified.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return null;
  return parts.map((p) => p.replace(/[\p{Cc}]/gu, '').slice(0, 120)).join('/');
}

export function extensionOf(name: string): string {
  return path.extname(name).toLowerCase();
}

export function typeProblem(name: string): string | null {
  const ext = extensionOf(name);
  if ((UPLOAD_EXTENSIONS as readonly string[]).includes(ext)) return null;
  return (
    `Jenis berkas '${ext || name}' tidak dapat dimuat; kirim ${UPLOAD_EXTENSIONS.join(', ')} ` +
    `(ekspor lembar kerja sebagai .xlsx atau .csv) / file type not accepted`
  );
}

export const tooLargeMessage = (max: number): string =>
  `Berkas lebih dari ${formatBytes(max)}; pecah per bulan atau per kecamatan, atau minta admin ` +
  `menaikkan UPLOAD_MAX_MB / file larger than ${formatBytes(max)}`;

function formatBytes(n: number): string {
  return n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GB`
    : `${Math.round(n / 1024 ** 2)} MB`;
}

/** A zip entry's name: UTF-8 when the zip says so (bit 11), else as the old DOS code page. */
function entryName(entry: yauzl.Entry): string {
  const bytes = entry.fileName as unknown as Buffer;
  return (entry.generalPurposeBitFlag & 0x800) !== 0
    ? bytes.toString('utf8')
    : bytes.toString('latin1');
}

/** Counts bytes through a stream and fails past `max`. */
function byteLimit(max: number, onTooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(onTooLarge());
      else done(null, chunk);
    },
  });
}

export class Staging {
  constructor(
    readonly dir: string,
    private readonly detectFeed: DetectFeed,
  ) {}

  private dirOf(id: string): string {
    if (!ID.test(id))
      throw new StagingError(`Berkas unggahan '${id}' tidak ada / no such upload`, 'not_found');
    return path.join(this.dir, id);
  }

  /** The staged file's own path. */
  async fileOf(id: string): Promise<{ meta: StagedFile; file: string }> {
    const meta = await this.get(id);
    return { meta, file: path.join(this.dirOf(id), 'berkas', meta.name) };
  }

  async get(id: string): Promise<StagedFile> {
    const dir = this.dirOf(id);
    try {
      return JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as StagedFile;
    } catch {
      throw new StagingError(`Berkas unggahan '${id}' tidak ada / no such upload`, 'not_found');
    }
  }

  async list(): Promise<StagedFile[]> {
    if (!existsSync(this.dir)) return [];
    const out: StagedFile[] = [];
    for (const id of await readdir(this.dir)) {
      if (!ID.test(id)) continue;
      try {
        out.push(await this.get(id));
      } catch {
        // still being written (no meta yet)
      }
    }
    return out.sort(
      (a, b) => a.uploaded_at.localeCompare(b.uploaded_at) || a.name.localeCompare(b.name),
    );
  }

  private async write(meta: StagedFile): Promise<void> {
    const file = path.join(this.dirOf(meta.id), 'meta.json');
    await writeFile(`${file}.tmp`, JSON.stringify(meta, null, 2));
    await rename(`${file}.tmp`, file);
  }

  async update(id: string, change: { feed?: string | null; merge?: boolean }): Promise<StagedFile> {
    const meta = await this.get(id);
    if (change.feed !== undefined) {
      meta.feed = change.feed;
      meta.feed_from = change.feed ? 'pilihan' : null;
      if (!change.feed) {
        const { file } = await this.fileOf(id);
        const found = await this.detectFeed(file, meta.name).catch(() => null);
        meta.feed = found?.feed ?? null;
        meta.feed_from = found?.from ?? null;
      }
    }
    if (change.merge !== undefined) meta.merge = change.merge;
    await this.write(meta);
    return meta;
  }

  async remove(id: string): Promise<void> {
    const dir = this.dirOf(id);
    if (!existsSync(path.join(dir, 'meta.json')))
      throw new StagingError(`Berkas unggahan '${id}' tidak ada / no such upload`, 'not_found');
    await rm(dir, { recursive: true, force: true });
  }

  /**
   * Streams one uploaded file to the staging area (at most `max` bytes) and stages it; a zip is
   * unpacked into one staged file per data file in it. Nothing is kept when it fails.
   */
  async receive(
    source: NodeJS.ReadableStream,
    fileName: string,
    actor: string,
    max: number,
  ): Promise<{ staged: StagedFile[]; skipped: string[] }> {
    const name = cleanFileName(fileName);
    const problem = typeProblem(name);
    if (problem) throw new StagingError(problem, 'type');
    const incoming = path.join(this.dir, `.masuk-${randomBytes(8).toString('hex')}`);
    await mkdir(incoming, { recursive: true });
    try {
      const upload = path.join(incoming, 'unggahan');
      await pipeline(
        source,
        byteLimit(max, () => new StagingError(tooLargeMessage(max), 'size')),
        createWriteStream(upload),
      );
      const size = (await stat(upload)).size;
      if (size === 0)
        throw new StagingError(`Berkas '${name}' kosong (0 byte) / empty file`, 'empty');
      if (extensionOf(name) !== '.zip')
        return { staged: [await this.stage(upload, name, null, actor)], skipped: [] };
      return await this.unzip(upload, name, actor, max);
    } finally {
      await rm(incoming, { recursive: true, force: true });
    }
  }

  private async stage(
    from: string,
    name: string,
    zip: string | null,
    actor: string,
  ): Promise<StagedFile> {
    const id = randomBytes(8).toString('hex');
    const dir = path.join(this.dir, id);
    const file = path.join(dir, 'berkas', name);
    await mkdir(path.dirname(file), { recursive: true });
    await rename(from, file);
    const found = await this.detectFeed(file, name).catch(() => null);
    const meta: StagedFile = {
      id,
      name,
      zip,
      size: (await stat(file)).size,
      uploaded_by: actor,
      uploaded_at: new Date().toISOString(),
      feed: found?.feed ?? null,
      feed_from: found?.from ?? null,
      merge: false,
    };
    await this.write(meta);
    return meta;
  }

  /** Unpacks a zip's data files (all of them, or none: a bad entry refuses the zip). */
  private async unzip(
    zipFile: string,
    zipName: string,
    actor: string,
    max: number,
  ): Promise<{ staged: StagedFile[]; skipped: string[] }> {
    const out = path.join(path.dirname(zipFile), 'isi');
    const wanted: { from: string; name: string }[] = [];
    const skipped: string[] = [];
    const broken = (detail: string) =>
      new StagingError(
        `Berkas zip '${zipName}' tidak dapat dibuka (${detail}); buat ulang zip-nya dari ` +
          `berkas aslinya / the zip cannot be read`,
        'zip',
      );
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(
        zipFile,
        {
          lazyEntries: true,
          // Names are decoded and checked here (safeRelative): a '../' gets our message, and
          // refuses the whole zip, instead of yauzl's generic error.
          decodeStrings: false,
          strictFileNames: false,
          validateEntrySizes: true,
        },
        (error, z) => (error || !z ? reject(broken(error?.message ?? 'kosong')) : resolve(z)),
      ),
    );
    let total = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('error', (error: Error) =>
          reject(error instanceof StagingError ? error : broken(error.message)),
        );
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          void (async () => {
            const raw = entryName(entry);
            if (raw.endsWith('/')) return zip.readEntry();
            const relative = safeRelative(raw);
            if (relative === null)
              throw new StagingError(
                `Berkas zip '${zipName}' berisi jalur yang keluar dari folder ('${raw.slice(0, 120)}'); ` +
                  `zip ditolak seluruhnya. Buat ulang zip hanya dari berkas datanya / the zip holds a path ` +
                  `leaving its folder`,
                'zip',
              );
            const base = path.posix.basename(relative);
            if (relative.split('/').some((p) => p.startsWith('.') || p === '__MACOSX'))
              return zip.readEntry();
            if (!(DATA_EXTENSIONS as readonly string[]).includes(extensionOf(base))) {
              skipped.push(relative);
              return zip.readEntry();
            }
            total += entry.uncompressedSize;
            if (total > max)
              throw new StagingError(
                `Isi zip '${zipName}' lebih dari ${formatBytes(max)} setelah dibuka / unpacked zip too large`,
                'size',
              );
            const target = path.join(out, String(wanted.length));
            await mkdir(out, { recursive: true });
            const stream = await new Promise<NodeJS.ReadableStream>((ok, fail) =>
              zip.openReadStream(entry, (error, s) =>
                error || !s ? fail(broken(error?.message ?? raw)) : ok(s),
              ),
            );
            await pipeline(
              stream,
              byteLimit(max, () => new StagingError(tooLargeMessage(max), 'size')),
              createWriteStream(target),
            );
            wanted.push({ from: target, name: relative });
            zip.readEntry();
          })().catch(reject);
        });
        zip.readEntry();
      });
    } finally {
      zip.close();
    }
    if (wanted.length === 0)
      throw new StagingError(
        `Zip '${zipName}' tidak berisi berkas data (${DATA_EXTENSIONS.join(', ')})` +
          (skipped.length ? `; dilewati: ${skipped.slice(0, 5).join(', ')}` : '') +
          ' / the zip holds no data file',
        'empty',
      );
    const staged: StagedFile[] = [];
    try {
      for (const w of wanted) staged.push(await this.stage(w.from, w.name, zipName, actor));
    } catch (error) {
      for (const s of staged) await rm(path.join(this.dir, s.id), { recursive: true, force: true });
      throw error;
    }
    return { staged, skipped };
  }

  /**
   * Moves staged files to the inbox, below their feed's folder (and `gabung/` when merged), under
   * their own names; a name already waiting there gets the upload's id. Across file systems the
   * file is copied under a hidden name first, which a run does not read, then renamed.
   */
  async moveToInbox(ids: string[], inboxDir: string): Promise<{ id: string; path: string }[]> {
    const files = [];
    for (const id of ids) {
      const { meta, file } = await this.fileOf(id);
      if (!meta.feed || !FEEDS.includes(meta.feed))
        throw new StagingError(
          `Pilih feed untuk '${meta.name}' sebelum memuatnya / choose the file's feed first`,
          'type',
        );
      files.push({ meta, file, feed: meta.feed });
    }
    const moved: { id: string; path: string }[] = [];
    for (const { meta, file, feed } of files) {
      // A zip that mirrors an inbox (`dtks/2024-06/x.csv`): its feed folder is not kept twice.
      const named = meta.name.split('/');
      const parts = named.length > 1 && named[0] === feed ? named.slice(1) : named;
      let relative = path.join(feed, ...(meta.merge ? [MERGE_FOLDER] : []), ...parts);
      if (existsSync(path.join(inboxDir, relative))) {
        const ext = path.extname(relative);
        relative = `${relative.slice(0, relative.length - ext.length)}-${meta.id}${ext}`;
      }
      const target = path.join(inboxDir, relative);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(file, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        const hidden = path.join(path.dirname(target), `.${path.basename(target)}.part`);
        await copyFile(file, hidden);
        await rename(hidden, target);
      }
      await rm(path.join(this.dir, meta.id), { recursive: true, force: true });
      moved.push({ id: meta.id, path: relative.split(path.sep).join('/') });
    }
    return moved;
  }
}
