/**
 * What a slow link needs from the server (api/README.md "Slow links"):
 * - compression: brotli or gzip on every compressible answer (JSON, Arrow, TopoJSON, HTML, JS,
 *   CSS). The built web app ships pre-compressed `.br`/`.gz` copies (web/vite.config.ts), served
 *   as they are; API answers are compressed on the fly at a quality that costs little CPU;
 * - caching: hashed assets (`/assets/*`) are immutable; the page shell and the service worker are
 *   revalidated on every visit; every API answer carries an ETag (a hash of its body, so it
 *   changes exactly when a published warehouse or a boundary set changes what it says) and is
 *   `private, no-cache`: a repeat visit costs a round trip and a 304, not the body again.
 * Set up before `init()`, after the security headers.
 */
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { constants } from 'node:zlib';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
export const PRIVATE_REVALIDATE = 'private, no-cache';

/** Cache-Control for a path, unless its handler chose one itself (exports: `no-store`). */
export function cacheControlFor(method: string, url: string): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  const pathname = url.split('?')[0]!;
  if (pathname.startsWith('/assets/')) return IMMUTABLE;
  if (pathname.startsWith('/api/')) return PRIVATE_REVALIDATE;
  // The page shell (index.html, also as the answer to any client-side route) and sw.js.
  return REVALIDATE;
}

export async function applyHttpCaching(app: NestFastifyApplication): Promise<void> {
  // ETag first: its onSend hook must see the body before compression turns it into a stream.
  await app.register(etag as never, { weak: true });
  await app.register(
    compress as never,
    {
      global: true,
      threshold: 1024,
      encodings: ['br', 'gzip'],
      // Quality 4: about gzip's speed with a better ratio; 11 (the default) costs ~50× the CPU.
      brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
      zlibOptions: { level: 6 },
      customTypes: /^(?:text\/|application\/(?:json|javascript|vnd\.apache\.arrow\.stream))/,
    } as never,
  );
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload, done) => {
    if (!reply.hasHeader('cache-control')) {
      const value = cacheControlFor(request.method, request.url);
      if (value) void reply.header('cache-control', value);
    }
    done(null, payload);
  });
}
