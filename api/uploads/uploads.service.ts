/**
 * The Data page's uploads (ADMIN): files streamed into the staging area (staging.ts), the dry run
 * of each (etl/preview.ts: the run's own code, nothing loaded), the admin's choices (feed, merge),
 * and "Muat" — moved to the inbox, and a run started unless one is under way.
 */
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataFolder } from '../../warehouse/data-folder.js';
import { finishReading, uploadedFile } from '../common/upload.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EtlRunnerService } from '../etl/etl-runner.service.js';
import { commonArgs, lastJson, runEtlCli } from './etl-cli.js';
import { Staging, StagingError, type StagedFile } from './staging.js';

/** The dry run as the ETL prints it (etl/preview.ts FilePreview; uploads.dto.ts FilePreviewDto). */
export type FilePreview = Record<string, unknown> & { file: string };

@Injectable()
export class UploadsService {
  private readonly logger = new Logger('Uploads');
  readonly staging: Staging;
  /** One dry run at a time: each may hold a large file's rows in DuckDB. */
  private previewQueue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: EtlRunnerService,
  ) {
    this.staging = new Staging(dataFolder(config.dataDir).staging, async (file, name) => {
      const result = await runEtlCli([
        '--check',
        file,
        '--name',
        name,
        '--detect',
        ...commonArgs(config),
      ]);
      if (result.code !== 0) throw new Error(result.message);
      const [found] = lastJson<{ feed: string | null; from: 'judul' | 'nama' | null }[]>(result);
      return found?.feed && found.from ? { feed: found.feed, from: found.from } : null;
    });
  }

  /** A staging refusal as the HTTP answer it stands for. */
  private http(error: unknown): unknown {
    if (!(error instanceof StagingError)) return error;
    switch (error.kind) {
      case 'type':
        return new UnsupportedMediaTypeException(error.message);
      case 'size':
        return new PayloadTooLargeException(error.message);
      case 'not_found':
        return new NotFoundException(error.message);
      default:
        return new BadRequestException(error.message);
    }
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.http(error);
    }
  }

  get maxBytes(): number {
    return this.config.uploadMaxBytes;
  }

  list(): Promise<StagedFile[]> {
    return this.staging.list();
  }

  get(id: string): Promise<StagedFile> {
    return this.guard(() => this.staging.get(id));
  }

  /** Streams the request's file (field `berkas`) into the staging area. */
  async upload(
    request: FastifyRequest,
    actor: string,
  ): Promise<{ files: StagedFile[]; skipped: string[] }> {
    const max = this.config.uploadMaxBytes;
    // The limit is enforced while streaming (staging.ts); busboy's own limit just stops earlier.
    const part = await uploadedFile(request, max + 1);
    try {
      const result = await this.staging.receive(part.file, part.filename, actor, max);
      for (const f of result.staged)
        this.logger.log(`${actor} mengunggah ${f.id} (${f.size} byte, feed ${f.feed ?? '?'})`);
      return { files: result.staged, skipped: result.skipped };
    } catch (error) {
      // Read what the client still sends before answering: answering mid-upload resets the
      // connection and the browser shows no message at all.
      part.file.resume();
      await finishReading(request);
      throw this.http(error);
    }
  }

  update(id: string, change: { feed?: string | null; merge?: boolean }): Promise<StagedFile> {
    return this.guard(() => this.staging.update(id, change));
  }

  discard(id: string): Promise<void> {
    return this.guard(() => this.staging.remove(id));
  }

  /**
   * The dry run of a staged file against today's lake and maps. Kept beside the file until the
   * feed, the merge choice, the maps or the lake change.
   */
  preview(id: string): Promise<FilePreview> {
    return this.guard(async () => {
      const { meta, file } = await this.staging.fileOf(id);
      const key = JSON.stringify({
        feed: meta.feed,
        merge: meta.merge,
        maps: await this.newestIn(dataFolder(this.config.dataDir).mappings),
        lake: await this.newestIn(dataFolder(this.config.dataDir).runs),
        crosswalk: await stat(dataFolder(this.config.dataDir).crosswalk)
          .then((s) => s.mtimeMs)
          .catch(() => null),
      });
      const cacheFile = path.join(path.dirname(path.dirname(file)), 'periksa.json');
      const cached = await readFile(cacheFile, 'utf8')
        .then((t) => JSON.parse(t) as { key: string; preview: FilePreview })
        .catch(() => null);
      if (cached?.key === key) return cached.preview;
      const args = ['--check', file, '--name', meta.name, '--json', ...commonArgs(this.config)];
      if (meta.feed) args.push('--feed', meta.feed);
      if (meta.merge) args.push('--merge');
      const run = this.previewQueue.then(() => runEtlCli(args));
      this.previewQueue = run.catch(() => undefined);
      const result = await run;
      // Exit 1: the file is refused whole (its preview says why); other codes: the command failed.
      if (result.code !== 0 && result.code !== 1)
        throw new Error(`Pemeriksaan berkas gagal: ${result.message}`);
      const [answer] = lastJson<FilePreview[]>(result);
      const preview = { ...answer!, file: meta.name };
      if (existsSync(path.dirname(cacheFile)))
        await writeFile(cacheFile, JSON.stringify({ key, preview }));
      return preview;
    });
  }

  /**
   * The newest file of a folder of the data folder: the newest map version, the newest run
   * summary (a run may have changed the stored slices).
   */
  private async newestIn(dir: string): Promise<string | null> {
    if (!existsSync(dir)) return null;
    const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    return names.at(-1) ?? null;
  }

  /**
   * "Muat": the files go to the inbox; with `run`, a run starts now (unless one is under way:
   * the files then wait for the next run, which is never started twice).
   */
  async load(
    ids: string[],
    run: boolean,
    actor: string,
  ): Promise<{ moved: { id: string; path: string }[]; started: boolean; message: string }> {
    if (ids.length === 0)
      throw new BadRequestException('Pilih berkas yang dimuat / choose the files to load');
    const moved = await this.guard(() => this.staging.moveToInbox(ids, this.config.inboxDir));
    this.logger.log(`${actor} memuat ${moved.length} berkas ke inbox`);
    if (!run)
      return {
        moved,
        started: false,
        message: 'Berkas masuk inbox dan dimuat pada jadwal malam ini / loaded by tonight’s run',
      };
    try {
      this.runner.start('manual').catch(() => undefined);
      return { moved, started: true, message: 'Run ETL dimulai / ETL run started' };
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      return {
        moved,
        started: false,
        message:
          'Run ETL sedang berjalan; berkas ini dimuat pada run berikutnya / a run is under way: ' +
          'these files are read by the next run',
      };
    }
  }
}
