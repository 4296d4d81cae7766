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
const { WebSocketServer } = createRequire(import.meta.url)('ws') as { WebSocketServer: typeof WebSocketServerType };

export interface WsPipeOptions {
  port?: number;
  host?: string;
  log?: (msg: string) => void;
}

export interface WsPipe {
  port: number;
  /** Value for neonConfig.wsProxy. */
  wsProxy: string;
  connections(): number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

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
  const wss = new WebSocketServer({ host, port: opts.port ?? 0 });
  const open = new Set<Socket>();
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });

  wss.on('connection', (ws: WebSocket, req) => {
    const url = new URL(req.url ?? '/', 'http://pipe');
    const address = url.searchParams.get('address') ?? '';
    const idx = address.lastIndexOf(':');
    const targetHost = address.slice(0, idx);
    const targetPort = Number(address.slice(idx + 1));
    if (idx < 0 || !LOOPBACK.has(targetHost) || !Number.isInteger(targetPort)) {
      log(`ws-pipe: refused target "${address}" (loopback only)`);
      ws.close(1008, 'target must be a loopback address');
      return;
    }
    const tcp = createConnection({ host: targetHost.replace(/^\[|\]$/g, ''), port: targetPort });
    tcp.setNoDelay(true);
    open.add(tcp);
    const terminate = new TerminateDetector();
    const pending: Buffer[] = [];
    let connected = false;

    tcp.on('connect', () => {
      connected = true;
      for (const b of pending) tcp.write(b);
      pending.length = 0;
    });
    tcp.on('data', (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data);
    });
    tcp.on('close', () => {
      open.delete(tcp);
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    });
    tcp.on('error', (err) => {
      log(`ws-pipe: tcp error to ${address}: ${err.message}`);
      ws.close(1011, 'upstream error');
    });

    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      const sawTerminate = terminate.push(chunk);
      if (connected) tcp.write(chunk);
      else pending.push(chunk);
      if (sawTerminate) tcp.end();
    });
    ws.on('close', () => tcp.end());
    ws.on('error', () => tcp.destroy());
  });

  const port = (wss.address() as { port: number }).port;
  return {
    port,
    wsProxy: `${host}:${port}/v1`,
    connections: () => open.size,
    async close() {
      for (const s of open) s.destroy();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
