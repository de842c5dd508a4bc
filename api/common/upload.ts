import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import path from 'node:path';
import { badRequest } from './params.js';

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

/** The form field of every upload (the web app's `FormData`, the province push). */
const UPLOAD_FIELD = 'berkas';

/** What an upload carries, named in its refusals: `{ id: 'paket', en: 'package' }`. */
export interface UploadNoun {
  id: string;
  en: string;
}

/**
 * The one file of a multipart upload, from the form field `berkas`, read at most `maxBytes` by
 * busboy (a longer file arrives with `file.truncated` set, for the caller to refuse once read).
 * Refused, with what to send, when the request is not multipart, cannot be read, or carries no
 * file in that field.
 */
export async function uploadedFile(
  request: FastifyRequest,
  maxBytes: number,
  noun: UploadNoun = { id: 'berkas', en: 'file' },
): Promise<MultipartFile> {
  const send = `Kirim ${noun.id} sebagai multipart/form-data di kolom '${UPLOAD_FIELD}'`;
  if (!request.isMultipart())
    badRequest(send, `send the ${noun.en} as multipart/form-data field '${UPLOAD_FIELD}'`);
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  } catch (error) {
    badRequest(
      `Permintaan unggah tidak dapat dibaca (${(error as Error).message}); ${send}`,
      'unreadable upload',
    );
  }
  if (!part || part.fieldname !== UPLOAD_FIELD)
    badRequest(
      `Tidak ada ${noun.id} di kolom '${UPLOAD_FIELD}'`,
      `no ${noun.en} in field '${UPLOAD_FIELD}'`,
    );
  return part;
}
