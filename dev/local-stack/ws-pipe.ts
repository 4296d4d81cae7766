/**
 * WebSocket-to-TCP pipe so that the Neon serverless driver (which always speaks Postgres
 * over a WebSocket) reaches a local Postgres exactly as it reaches Neon in production.
 * The driver is configured with `neonConfig.wsProxy = "<host>:<port>/v1"` and appends
 * `?address=<pg host>:<pg port>`. Local use only: targets are limited to loopback.
 */
import { createRequire } from 'node:module';
import { createConnection, type Socket } from 'node:net';
import type { WebSocket, WebSocketServer as WebSocketServerType } from 'ws';

// Resolved the Node way on purpose: under the Workers test plugin, `import 'ws'` would pick the
// package's browser build, which has no server.
const { WebSocketServer } = createRequire(import.meta.url)('ws') as {
  WebSocketServer: typeof WebSocketServerType;
};

export interface WsPipeOptions {
  port?: number;
  host?: string;
  log?: (msg: string) => void;
  /**
   * Emulated round trip (ms) on connections made through `farWsProxy` (the Worker's): each
   * message waits half of it each way, and a new connection 3 x it (TCP, TLS and the WebSocket
   * upgrade, which loopback makes free). Node-side tools use `wsProxy`, without it.
   */
  rttMs?: number;
}

export interface WsPipe {
  port: number;
  /** Value for neonConfig.wsProxy. */
  wsProxy: string;
  /** The same pipe with the emulated distance (rttMs). */
  farWsProxy: string;
  connections(): number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const READY_TIMEOUT_MS = 60_000;

/** One frontend message: its type letter, or the untyped start-up kinds. */
export interface Frame {
  kind: string;
  bytes: Buffer;
}

/** Splits the client's byte stream into whole protocol messages. */
export class FrontendFramer {
  private buf: Buffer = Buffer.alloc(0);
  private startup = true;

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    for (;;) {
      if (this.startup) {
        if (this.buf.length < 8) return out;
        const len = this.buf.readInt32BE(0);
        if (this.buf.length < len) return out;
        const code = this.buf.readInt32BE(4);
        const kind =
          code === SSL_REQUEST || code === GSSENC_REQUEST
            ? 'ssl'
            : code === CANCEL_REQUEST
              ? 'cancel'
              : 'startup';
        out.push({ kind, bytes: this.buf.subarray(0, len) });
        this.buf = this.buf.subarray(len);
        if (kind === 'startup') this.startup = false;
        continue;
      }
      if (this.buf.length < 5) return out;
      const len = this.buf.readInt32BE(1) + 1;
      if (this.buf.length < len) return out;
      out.push({ kind: String.fromCharCode(this.buf[0]!), bytes: this.buf.subarray(0, len) });
      this.buf = this.buf.subarray(len);
    }
  }
}

/** Watches the server's byte stream for ReadyForQuery ('Z') and its transaction status. */
export class ReadyWatcher {
  private buf: Buffer = Buffer.alloc(0);
  /** Single-byte answers to SSLRequest still expected before typed messages. */
  sslReplies = 0;

  /** Returns the status byte ('I', 'T', 'E') of every ReadyForQuery in the chunk. */
  push(chunk: Buffer): string[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: string[] = [];
    for (;;) {
      if (this.sslReplies > 0) {
        if (this.buf.length < 1) return out;
        this.sslReplies--;
        this.buf = this.buf.subarray(1);
        continue;
      }
      if (this.buf.length < 5) return out;
      const len = this.buf.readInt32BE(1) + 1;
      if (this.buf.length < len) return out;
      if (this.buf[0] === 0x5a) out.push(String.fromCharCode(this.buf[5]!));
      this.buf = this.buf.subarray(len);
    }
  }
}

/** A lock per server: one connection's request (or whole transaction) at a time. */
class ServerLock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const granted = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return granted;
  }
}

/**
 * Follows the frontend message stream just far enough to spot Terminate ('X').
 * pglite-socket keeps the TCP side open after Terminate, so pooled connections would pile
 * up until every slot is taken; the pipe closes the TCP side itself.
 */
export class TerminateDetector {
  private buf: Buffer = Buffer.alloc(0);
  private startup = true;

  /** Feeds client bytes; returns true once a Terminate message has been seen. */
  push(chunk: Buffer): boolean {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.startup) {
        if (this.buf.length < 8) return false;
        const len = this.buf.readInt32BE(0);
        if (this.buf.length < len) return false;
        const code = this.buf.readInt32BE(4);
        this.buf = this.buf.subarray(len);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.startup = false;
        continue;
      }
      if (this.buf.length < 5) return false;
      const type = this.buf[0];
      const len = this.buf.readInt32BE(1);
      if (this.buf.length < len + 1) return false;
      this.buf = this.buf.subarray(len + 1);
      if (type === 0x58) return true;
    }
  }
}

export async function startWsPipe(opts: WsPipeOptions = {}): Promise<WsPipe> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const rttOf = (url: string | undefined) =>
    (url ?? '').startsWith('/far/') ? (opts.rttMs ?? 0) : 0;
  const wss = new WebSocketServer({
    host,
    port: opts.port ?? 0,
    verifyClient: (info: { req: { url?: string } }, done: (ok: boolean) => void) => {
      const rtt = rttOf(info.req.url);
      if (rtt > 0) setTimeout(() => done(true), 3 * rtt);
      else done(true);
    },
  });
  const open = new Set<Socket>();
  const locks = new Map<string, ServerLock>();
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });

  wss.on('connection', (ws: WebSocket, req) => {
    const url = new URL(req.url ?? '/', 'http://pipe');
    const rtt = rttOf(req.url);
    const half = (fn: () => void) => (rtt > 0 ? void setTimeout(fn, rtt / 2) : fn());
    const address = url.searchParams.get('address') ?? '';
    const idx = address.lastIndexOf(':');
    const targetHost = address.slice(0, idx);
    const targetPort = Number(address.slice(idx + 1));
    if (idx < 0 || !LOOPBACK.has(targetHost) || !Number.isInteger(targetPort)) {
      log(`ws-pipe: refused target "${address}" (loopback only)`);
      ws.close(1008, 'target must be a loopback address');
      return;
    }
    // pglite-socket queues each protocol message on its own, so two connections' Parse/Bind
    // messages can interleave and clobber each other's unnamed statement. The pipe hands the
    // server one connection's request at a time — up to its ReadyForQuery, and for a whole
    // transaction while the status stays 'T' or 'E' — which is what a real server does anyway.
    let lock = locks.get(address);
    if (!lock) locks.set(address, (lock = new ServerLock()));
    const serverLock = lock;
    const tcp = createConnection({ host: targetHost.replace(/^\[|\]$/g, ''), port: targetPort });
    tcp.setNoDelay(true);
    open.add(tcp);
    const framer = new FrontendFramer();
    const ready = new ReadyWatcher();
    const readyWaiters: ((status: string) => void)[] = [];
    let batch: Buffer[] = [];
    let chain: Promise<void> = Promise.resolve();
    let held: (() => void) | undefined;
    let closed = false;
    // Settles on close too: a server that is down (restarting) must not leave this connection's
    // queue waiting forever.
    const connected = new Promise<void>((resolve) => {
      tcp.once('connect', () => resolve());
      tcp.once('close', () => resolve());
    });

    const releaseHeld = () => {
      held?.();
      held = undefined;
    };
    const nextReady = () =>
      new Promise<string>((resolve) => {
        if (closed) return resolve('I');
        const timer = setTimeout(() => resolve('I'), READY_TIMEOUT_MS);
        readyWaiters.push((status) => {
          clearTimeout(timer);
          resolve(status);
        });
      });
    const send = (bytes: Buffer, waitReady: boolean, end = false, keep = false) => {
      chain = chain.then(async () => {
        if (closed) return;
        await connected;
        if (!held) held = await serverLock.acquire();
        // The server may have gone (restarted) while this connection waited for its turn: writing
        // now would wait READY_TIMEOUT_MS for an answer that cannot come, holding the server from
        // every other connection. Give the turn back instead.
        if (closed || tcp.destroyed) {
          releaseHeld();
          return;
        }
        const readyAt = waitReady ? nextReady() : undefined;
        tcp.write(bytes);
        if (end) tcp.end();
        const status = readyAt ? await readyAt : 'I';
        if (!keep && (status === 'I' || end || !waitReady)) releaseHeld();
      });
    };

    tcp.on('data', (data) => {
      for (const status of ready.push(data)) readyWaiters.shift()?.(status);
      half(() => {
        if (ws.readyState === ws.OPEN) ws.send(data);
      });
    });
    tcp.on('close', () => {
      closed = true;
      open.delete(tcp);
      for (const w of readyWaiters.splice(0)) w('I');
      releaseHeld();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    });
    tcp.on('error', (err) => {
      log(`ws-pipe: tcp error to ${address}: ${err.message}`);
      ws.close(1011, 'upstream error');
    });

    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => half(() => onMessage(data)));
    const onMessage = (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      for (const frame of framer.push(chunk)) {
        if (frame.kind === 'ssl') {
          ready.sslReplies++;
          send(frame.bytes, false);
        } else if (frame.kind === 'cancel') {
          send(frame.bytes, false);
        } else if (frame.kind === 'startup') {
          send(frame.bytes, true);
        } else {
          batch.push(frame.bytes);
          if (frame.kind === 'H') {
            // Flush: the client wants answers before its Sync; keep the server until then.
            send(Buffer.concat(batch), false, false, true);
            batch = [];
          } else if (frame.kind === 'S' || frame.kind === 'Q' || frame.kind === 'X') {
            const bytes = Buffer.concat(batch);
            batch = [];
            // Terminate: pglite-socket keeps the TCP side open after it, so the pipe closes it.
            if (frame.kind === 'X') send(bytes, false, true);
            else send(bytes, true);
          }
        }
      }
    };
    ws.on('close', () => {
      chain = chain.then(() => {
        tcp.end();
      });
    });
    ws.on('error', () => tcp.destroy());
  });

  const port = (wss.address() as { port: number }).port;
  return {
    port,
    wsProxy: `${host}:${port}/v1`,
    farWsProxy: `${host}:${port}/far/v1`,
    connections: () => open.size,
    async close() {
      for (const s of open) s.destroy();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
