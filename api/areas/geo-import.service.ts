/**
 * The admin's boundary import over HTTP: an upload is streamed to `<data>/geo/pending/<id>/`,
 * analysed (boundary-import.ts) and kept with its report and preview until the admin accepts it
 * (written to `<data>/geo/<region>/`, used by every map at once) or discards it. Pending imports
 * older than a day are removed at the next upload.
 */
import {
  BadRequestException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import topojson from 'topojson-client';
import { dataFolder } from '../../warehouse/data-folder.js';
import { cleanFileName, finishReading, uploadedFile } from '../common/upload.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import {
  analyseBoundaries,
  boundaryFiles,
  BOUNDARY_LEVELS,
  BoundaryImportError,
  type BoundaryLevel,
  type BoundaryRecord,
  type BoundaryReport,
  loadReference,
  type MatchOptions,
  MAX_UPLOAD_BYTES,
  removeBoundaries,
  storeBoundaries,
} from './boundary-import.js';

const ID = /^[0-9a-f]{16}$/;
const DAY_MS = 24 * 3600 * 1000;

interface PendingMeta {
  id: string;
  file: string;
  upload: string;
  region: string;
  created_by: string;
  created_at: string;
}

export interface PendingImport {
  id: string;
  created_by: string;
  created_at: string;
  report: BoundaryReport;
}

@Injectable()
export class GeoImportService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get pendingDir(): string {
    return dataFolder(this.config.dataDir).geoPending;
  }

  private dirOf(id: string): string {
    if (!ID.test(id))
      throw new NotFoundException(`Impor batas '${id}' tidak ada / no such boundary import`);
    return path.join(this.pendingDir, id);
  }

  /** Streams the multipart file `berkas` to disk (at most MAX_UPLOAD_BYTES) and analyses it. */
  async upload(
    request: FastifyRequest,
    options: MatchOptions,
    actor: string,
  ): Promise<PendingImport> {
    const part = await uploadedFile(request, MAX_UPLOAD_BYTES);
    await this.removeStale();
    const id = randomBytes(8).toString('hex');
    const dir = path.join(this.pendingDir, id);
    await mkdir(dir, { recursive: true });
    try {
      const file = cleanFileName(part.filename);
      const upload = path.join(dir, `unggahan${path.extname(file).toLowerCase()}`);
      await pipeline(part.file, createWriteStream(upload));
      if (part.file.truncated)
        throw new PayloadTooLargeException(
          `Berkas lebih dari ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; kirim hanya lapisan desa kabupaten ini ` +
            `(mis. potong di QGIS) / file larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
        );
      const meta: PendingMeta = {
        id,
        file,
        upload: path.basename(upload),
        region: this.config.regionCode,
        created_by: actor,
        created_at: new Date().toISOString(),
      };
      await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
      return await this.analyse(meta, options);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      const answer = this.httpError(error);
      // Read what the client still sends (a file over the limit) before answering: answering
      // mid-upload resets the connection and the client sees no message at all.
      if (answer instanceof PayloadTooLargeException) await finishReading(request);
      throw answer;
    }
  }

  /** Matches the stored upload again with other columns or level. */
  async rematch(id: string, options: MatchOptions): Promise<PendingImport> {
    const meta = await this.meta(id);
    try {
      return await this.analyse(meta, options);
    } catch (error) {
      throw this.httpError(error);
    }
  }

  async get(id: string): Promise<PendingImport> {
    const meta = await this.meta(id);
    return {
      ...this.summary(meta),
      report: await this.readJson<BoundaryReport>(id, 'report.json'),
    };
  }

  /** The preview: matched areas (objects desa/kecamatan) and the unmatched polygons (`unmatched`). */
  async preview(id: string): Promise<object> {
    await this.meta(id);
    const report = await this.readJson<BoundaryReport>(id, 'report.json');
    if (!report.output) return { type: 'Topology', arcs: [], objects: {} }; // nothing matched: nothing to draw
    const topology = await this.readJson<object>(id, 'pratinjau.topo.json');
    return topojson.quantize(topology as never, 1e5);
  }

  async accept(id: string, actor: string): Promise<BoundaryRecord> {
    const meta = await this.meta(id);
    const report = await this.readJson<BoundaryReport>(id, 'report.json');
    if (!report.output)
      throw new BadRequestException(
        'Tidak ada poligon yang cocok dengan referensi wilayah; pilih kolom kode atau kolom nama lain ' +
          'sebelum menerima / nothing matched: choose another code or name column',
      );
    if (meta.region !== this.config.regionCode)
      throw new BadRequestException(
        `Impor ini untuk wilayah ${meta.region}, bukan ${this.config.regionCode}; unggah ulang / import made for another region`,
      );
    const result = await this.readJson<object>(id, 'hasil.topo.json');
    const record: BoundaryRecord = {
      level: report.level,
      region: meta.region,
      file: meta.file,
      imported_by: actor,
      imported_at: new Date().toISOString(),
      report,
    };
    await storeBoundaries(this.config.dataDir, meta.region, report.level, result, record);
    await rm(this.dirOf(id), { recursive: true, force: true });
    return record;
  }

  async discard(id: string): Promise<void> {
    await this.meta(id);
    await rm(this.dirOf(id), { recursive: true, force: true });
  }

  /** Back to the shipped boundaries for a level. */
  async remove(level: string): Promise<void> {
    if (!(BOUNDARY_LEVELS as readonly string[]).includes(level))
      throw new BadRequestException(
        `Tingkat '${level}' tidak dikenal; pakai desa atau kecamatan / level must be desa or kecamatan`,
      );
    if (
      !(await removeBoundaries(this.config.dataDir, this.config.regionCode, level as BoundaryLevel))
    )
      throw new NotFoundException(
        `Belum ada batas ${level} yang diimpor / no imported ${level} boundaries`,
      );
  }

  async list(): Promise<{
    region: { code: string; name: string };
    active: BoundaryRecord[];
    pending: PendingImport[];
  }> {
    const region = this.config.regionCode;
    const active: BoundaryRecord[] = [];
    for (const level of BOUNDARY_LEVELS) {
      const file = boundaryFiles(this.config.dataDir, region, level).record;
      const record = await readFile(file, 'utf8').then(
        (t) => JSON.parse(t) as BoundaryRecord,
        () => null,
      );
      if (record) active.push(record);
    }
    const pending: PendingImport[] = [];
    const ids = await readdir(this.pendingDir).catch(() => [] as string[]);
    for (const id of ids.filter((i) => ID.test(i))) {
      const item = await this.get(id).catch(() => null);
      if (item && (await this.meta(id)).region === region) pending.push(item);
    }
    pending.sort((a, b) => b.created_at.localeCompare(a.created_at));
    let name = region;
    try {
      name = loadReference(region).region.name;
    } catch {
      // a province code (another part of the product): the code stands for the name
    }
    return { region: { code: region, name }, active, pending };
  }

  private async analyse(meta: PendingMeta, options: MatchOptions): Promise<PendingImport> {
    const dir = this.dirOf(meta.id);
    const bytes = await readFile(path.join(dir, meta.upload));
    const { report, result, preview } = await analyseBoundaries(
      bytes,
      meta.file,
      meta.region,
      options,
    );
    await rm(path.join(dir, 'hasil.topo.json'), { force: true });
    await rm(path.join(dir, 'pratinjau.topo.json'), { force: true });
    if (result) await writeFile(path.join(dir, 'hasil.topo.json'), JSON.stringify(result));
    if (preview) await writeFile(path.join(dir, 'pratinjau.topo.json'), JSON.stringify(preview));
    await writeFile(path.join(dir, 'report.json'), JSON.stringify(report));
    return { ...this.summary(meta), report };
  }

  private summary(meta: PendingMeta) {
    return { id: meta.id, created_by: meta.created_by, created_at: meta.created_at };
  }

  private async meta(id: string): Promise<PendingMeta> {
    try {
      return JSON.parse(
        await readFile(path.join(this.dirOf(id), 'meta.json'), 'utf8'),
      ) as PendingMeta;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      throw new NotFoundException(`Impor batas '${id}' tidak ada / no such boundary import`);
    }
  }

  private async readJson<T>(id: string, name: string): Promise<T> {
    return JSON.parse(await readFile(path.join(this.dirOf(id), name), 'utf8')) as T;
  }

  private async removeStale(): Promise<void> {
    const ids = await readdir(this.pendingDir).catch(() => [] as string[]);
    for (const id of ids) {
      const dir = path.join(this.pendingDir, id);
      const s = await stat(dir).catch(() => null);
      if (s && Date.now() - s.mtimeMs > DAY_MS) await rm(dir, { recursive: true, force: true });
    }
  }

  private httpError(error: unknown): unknown {
    if (error instanceof BoundaryImportError)
      return new BadRequestException(`${error.message} / the boundary file cannot be used`);
    const code = (error as { code?: string; statusCode?: number } | null)?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT')
      return new PayloadTooLargeException(
        `Berkas lebih dari ${MAX_UPLOAD_BYTES / 1024 / 1024} MB / file too large`,
      );
    return error;
  }
}
