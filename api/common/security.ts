/**
 * HTTP hardening of the whole app, set up before `init()`: security headers on every response
 * (API, web app, errors), a CSRF check on state-changing requests, CORS closed unless origins are
 * configured. The dashboard is served over plain HTTP on an office LAN, so nothing here may
 * assume HTTPS (no HSTS, no upgrade-insecure-requests: that would break http://192.168.x.x).
 * The CSP is what the built web app needs and no more: own scripts only, inline styles (Vue
 * style bindings, Leaflet and ECharts set `style` attributes), data:/blob: images (Leaflet icons,
 * chart and Excel exports) and the optional tile server.
 */
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AppConfig } from '../config/config.js';

/** Host source of a tile URL template: `https://{s}.tile.example.org/...` → `https://*.tile.example.org`. */
export function tileSource(tileUrl: string | null): string[] {
  if (!tileUrl) return [];
  const origin = /^(https?:\/\/[^/]+)/.exec(tileUrl)?.[1];
  if (!origin) return [];
  const host = origin.replace(/^https?:\/\//, '');
  const wildcard = host.replace(/^\{[a-z]+\}\./, '*.');
  if (/[{}]/.test(wildcard)) return [origin.startsWith('https') ? 'https:' : 'http:'];
  return [`${origin.slice(0, origin.indexOf('//') + 2)}${wildcard}`];
}

export function contentSecurityPolicy(config: AppConfig): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...tileSource(config.tileUrl)],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: null,
  };
}

export function applySecurity(app: NestFastifyApplication, config: AppConfig): void {
  app.useSecurityHeaders({
    contentSecurityPolicy: { directives: contentSecurityPolicy(config) },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  });
  app.enableCsrfProtection({ trustedOrigins: config.corsOrigins });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: ['X-Data-Dates', 'X-As-Of'],
      maxAge: 600,
    });
  }
}

type SecurityHook = (request: FastifyRequest, response: ServerResponse) => void;

/**
 * Fastify's router answers a malformed URL (400) or an over-long parameter (414) before Nest sees
 * the request, in its own shape (with a `code`). This keeps our `{statusCode, error, message}`
 * shape and, like Nest's default handler it replaces, still runs the security-header hook.
 */
export function frameworkErrors(adapter: () => FastifyAdapter) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    try {
      (adapter() as unknown as { securityHook?: SecurityHook }).securityHook?.(request, reply.raw);
    } catch {
      // The request is refused either way.
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        statusCode: status,
        error: status === 414 ? 'URI Too Long' : 'Bad Request',
        message: `Alamat permintaan tidak valid; periksa kode persen (%XX) di URL / malformed URL`,
      });
  };
}

/**
 * Idle and slow connections end on their own: an idle keep-alive socket after 5 s (Node's
 * default), headers must arrive within 15 s, a whole request within 60 s (`limitSlowBodies`: a
 * file upload instead as long as it keeps moving), and a socket with no traffic at all is closed
 * after 2 minutes (a slow figure query still finishes well within).
 */
export const SERVER_TIMEOUTS = {
  keepAliveTimeout: 5_000,
  // Node's own whole-request limit cannot tell an upload from a trickled JSON body: off, and
  // enforced per request by limitSlowBodies instead.
  requestTimeout: 0,
  connectionTimeout: 120_000,
};
/** A request's body must have arrived within this, unless it is a file upload. */
export const REQUEST_BODY_MS = 60_000;
/** A file upload may take hours on a slow office link, but must move this often. */
export const UPLOAD_STALL_MS = 60_000;
/** Routes that take files (streamed to disk by their handlers). */
const UPLOAD_ROUTES = [
  /^\/api\/uploads(\?|$)/,
  /^\/api\/geo\/imports(\?|$)/,
  /^\/api\/mappings\/crosswalk(\?|$)/,
];

/**
 * Ends requests whose body does not arrive: any request within REQUEST_BODY_MS, a file upload as
 * soon as no byte came for UPLOAD_STALL_MS (a 2 GB file over a slow link still gets through).
 */
export function limitSlowBodies(
  server: Server,
  limits = { bodyMs: REQUEST_BODY_MS, stallMs: UPLOAD_STALL_MS },
): void {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.complete) return;
    const socket = request.socket;
    const upload =
      request.method === 'POST' && UPLOAD_ROUTES.some((re) => re.test(request.url ?? ''));
    let seen = socket.bytesRead;
    const timer = upload
      ? setInterval(() => {
          if (request.complete) return clearInterval(timer);
          if (socket.bytesRead === seen) socket.destroy();
          seen = socket.bytesRead;
        }, limits.stallMs)
      : setTimeout(() => {
          if (!request.complete) socket.destroy();
        }, limits.bodyMs);
    timer.unref();
    const done = () => clearTimeout(timer);
    request.once('end', done);
    response.once('close', done);
  });
}
export const HEADERS_TIMEOUT_MS = 15_000;

/**
 * At most `max` open connections per client address (MAX_CONNECTIONS_PER_IP): one client
 * holding thousands of idle sockets used to exhaust the process's file descriptors. Excess
 * connections are closed the moment they open, before any byte is read; other addresses are
 * unaffected. Runs first among the server's `connection` listeners.
 */
export function limitConnections(server: Server, max: number): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
