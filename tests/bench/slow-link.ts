/**
 * An emulated slow link in front of the product, for `npm run bench:web`: an HTTP proxy on a port
 * of its own that every request of the browser crosses — the page's and the service worker's
 * alike. Chromium's own network emulation (CDP Network.emulateNetworkConditions on the page) does
 * not reach requests a service worker makes, so a repeat visit served by the service worker would
 * be measured on an unthrottled link; here the link itself is slow.
 *
 * The model is Chromium's: every request waits at least `latency` ms from its start until its
 * response headers, request bodies go out at `uploadThroughput`, and response bytes (headers and
 * body, as sent: compressed) share `downloadThroughput` fairly among the responses under way.
 * What crossed the link is counted (requests, bytes down and up).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LinkConditions {
  /** Minimum time from a request's start to its response headers (ms): the round trip. */
  latency: number;
  /** Bytes per second. */
  downloadThroughput: number;
  uploadThroughput: number;
}

export interface LinkStats {
  requests: number;
  bytesDown: number;
  bytesUp: number;
  /** Method and path of every request, in the order they arrived. */
  paths: string[];
}

export interface SlowLink {
  /** The product's base URL as seen through the link. */
  url: string;
  /** What crossed the link since the last reset. */
  stats(): LinkStats;
  reset(): void;
  /** Resolves once no request has been under way for `ms` milliseconds. */
  quiet(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** Largest piece sent in one go, about one TCP segment: responses interleave at this grain. */
const PIECE = 1460;
const TICK_MS = 4;

interface Piece {
  bytes: number;
  /** Called when the piece has crossed the link. */
  done: () => void;
}

/**
 * One direction of the link: pieces of the flows under way are sent round robin at `rate` bytes
 * per second, so parallel responses share the bandwidth as they do on a real link.
 */
class Pipe {
  private readonly flows = new Map<number, Piece[]>();
  private nextFlow = 1;
  private credit = 0;
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly rate: number) {}

  flow(): number {
    return this.nextFlow++;
  }

  /**
   * Queues `bytes` (a length, or data handed piece by piece to `arrive` as it crosses) on `flow`;
   * resolves when all of it has crossed the link.
   */
  send(flow: number, bytes: number | Buffer, arrive?: (piece: Buffer) => void): Promise<void> {
    const length = typeof bytes === 'number' ? bytes : bytes.length;
    return new Promise((resolve) => {
      let queue = this.flows.get(flow);
      if (!queue) this.flows.set(flow, (queue = []));
      for (let at = 0; at < Math.max(length, 1); at += PIECE) {
        const end = Math.min(at + PIECE, length);
        const last = end >= length;
        queue.push({
          bytes: Math.max(end - at, 1),
          done: () => {
            if (arrive && typeof bytes !== 'number') arrive(bytes.subarray(at, end));
            if (last) resolve();
          },
        });
      }
      this.start();
    });
  }

  private start(): void {
    if (this.rate === Infinity) {
      for (const queue of this.flows.values()) for (const piece of queue) piece.done();
      this.flows.clear();
      return;
    }
    if (this.timer) return;
    this.last = performance.now();
    this.credit = 0;
    this.timer = setInterval(() => this.pump(), TICK_MS);
  }

  private pump(): void {
    const now = performance.now();
    this.credit += ((now - this.last) / 1000) * this.rate;
    this.last = now;
    let sent = true;
    while (sent && this.credit > 0) {
      sent = false;
      for (const [flow, queue] of this.flows) {
        const piece = queue[0];
        if (!piece) {
          this.flows.delete(flow);
          continue;
        }
        if (this.credit <= 0) break;
        this.credit -= piece.bytes;
        queue.shift();
        piece.done();
        sent = true;
        if (queue.length === 0) this.flows.delete(flow);
      }
    }
    if (this.flows.size === 0) {
      clearInterval(this.timer!);
      this.timer = null;
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Starts the link on a free local port, forwarding to `target` (e.g. http://127.0.0.1:3000). */
export async function startSlowLink(target: string, link: LinkConditions): Promise<SlowLink> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const down = new Pipe(link.downloadThroughput);
  const up = new Pipe(link.uploadThroughput);
  let stats: LinkStats = { requests: 0, bytesDown: 0, bytesUp: 0, paths: [] };

  const headerBytes = (start: string, headers: NodeJS.Dict<string | string[]>) =>
    Buffer.byteLength(start) +
    Object.entries(headers).reduce(
      (n, [k, v]) => n + k.length + 4 + String(Array.isArray(v) ? v.join(', ') : v).length,
      2,
    );

  let underWay = 0;
  let lastEnd = performance.now();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    stats.requests++;
    stats.paths.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const sentUp = headerBytes(`${req.method} ${req.url} HTTP/1.1\r\n`, req.headers) + body.length;
    stats.bytesUp += sentUp;
    await up.send(up.flow(), sentUp);

    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const forward = http.request(
        {
          agent,
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        resolve,
      );
      forward.on('error', reject);
      forward.end(body);
    });
    const flow = down.flow();
    await sleep(started + link.latency - performance.now());
    const head = headerBytes(`HTTP/1.1 ${answer.statusCode}\r\n`, answer.headers);
    stats.bytesDown += head;
    await down.send(flow, head);
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    // Queued as they come from the product (which is local and fast), sent as the link allows.
    const sending: Promise<void>[] = [];
    for await (const chunk of answer) {
      stats.bytesDown += (chunk as Buffer).length;
      sending.push(down.send(flow, chunk as Buffer, (piece) => res.write(piece)));
    }
    await Promise.all(sending);
    res.end();
  }

  const server = http.createServer((req, res) => {
    underWay++;
    handle(req, res)
      .catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      })
      .finally(() => {
        underWay--;
        lastEnd = performance.now();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ ...stats, paths: [...stats.paths] }),
    reset: () => {
      stats = { requests: 0, bytesDown: 0, bytesUp: 0, paths: [] };
    },
    quiet: async (ms) => {
      while (underWay > 0 || performance.now() - lastEnd < ms) await sleep(50);
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
