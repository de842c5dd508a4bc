import type { FastifyRequest } from 'fastify';
import path from 'node:path';

/** An uploaded file's name as shown: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/')).replace(/[\p{Cc}]/gu, '');
  return base.slice(0, 200) || 'berkas';
}

/**
 * Discards the rest of a refused upload's body (at most 30 s) before answering: answering
 * mid-upload resets the connection, and the browser then shows no message at all.
 */
export async function finishReading(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (raw.readableEnded || raw.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 30_000);
    raw.once('end', done);
    raw.socket?.once('close', done);
    raw.on('data', () => undefined);
    raw.resume();
  });
}
