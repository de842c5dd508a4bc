/**
 * The one place errors become HTTP responses: `{statusCode, error, message}`. Internals (stack
 * traces, SQL, file paths) never leave the process; a 500 says only that something went wrong.
 * Requests outside /api that match no route get the web app's index.html (client-side routing).
 */
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';

/** The reason phrase of a status (401 Unauthorized, 403 Forbidden, …), as HTTP names it. */
export function reasonOf(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

const ASSET = /^\.(js|mjs|css|map|json|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|wasm)$/i;

const INTERNAL =
  'Terjadi kesalahan internal; kesalahan sudah dicatat di log server. / Internal error; it has been logged.';

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Fastify's own errors (bad JSON body, wrong content type, body too large) carry statusCode. */
function clientErrorStatus(exception: unknown): number | null {
  const code = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : null;
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly webIndex: string | null = null) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = INTERNAL;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      message =
        status >= 500 && status !== 503
          ? INTERNAL
          : this.bilingual(status, messageOf(exception), request);
    } else if (clientErrorStatus(exception) !== null) {
      status = clientErrorStatus(exception)!;
      message = `Permintaan tidak valid / invalid request: ${(exception as Error).message}`;
    }
    if (status === 404 && this.serveWebApp(request, reply)) return;
    if (status >= 500 && status !== 503) {
      this.logger.error(
        `${request.method} ${request.url}: ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ statusCode: status, error: reasonOf(status), message });
  }

  /** Our own messages are already "Indonesian / English"; framework ones get a lead-in. */
  private bilingual(status: number, message: string, request: FastifyRequest): string {
    if (message.includes(' / ')) return message;
    if (status === 404 && message.startsWith('Cannot ')) {
      const url = request.url.split('?')[0];
      return `Alamat ${request.method} ${url} tidak ada; daftar endpoint di /api/docs / no such endpoint`;
    }
    if (/JSON/i.test(message))
      return `Isi permintaan bukan JSON yang valid / invalid JSON body: ${message}`;
    return `Permintaan tidak dapat diproses / request rejected: ${message}`;
  }

  private serveWebApp(request: FastifyRequest, reply: FastifyReply): boolean {
    const url = request.url.split('?')[0] ?? '';
    if (request.method !== 'GET' || url.startsWith('/api') || !this.webIndex) return false;
    // Area codes contain dots (/peta/62.03.01), so only real asset extensions are 404s.
    const wantsPage = String(request.headers.accept ?? '').includes('text/html');
    if ((!wantsPage && ASSET.test(path.extname(url))) || !existsSync(this.webIndex)) return false;
    void reply
      .status(200)
      .header('content-type', 'text/html; charset=utf-8')
      .send(createReadStream(this.webIndex));
    return true;
  }
}
