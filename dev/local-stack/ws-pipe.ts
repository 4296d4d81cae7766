/**
 * WebSocket-to-TCP pipe so that the Neon serverless driver (which always speaks Postgres
 * over a WebSocket) reaches a local Postgres exactly as it reaches Neon in production.
 * The driver is configured with `neonConfig.wsProxy = "<host>:<port>/v1"` and appends
 * `?address=<pg host>:<pg port>`. Local use only: targets are limited to loopback.
 */
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { WebSocket, WebSocketServer as WebSocketServerType } from 'ws';
import { relayConnection } from './pg-relay.ts';

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
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });

  wss.on('connection', (ws: WebSocket, req) => {
    const url = new URL(req.url ?? '/', 'http://pipe');
    const rtt = rttOf(req.url);
    const address = url.searchParams.get('address') ?? '';
    const idx = address.lastIndexOf(':');
    const targetHost = address.slice(0, idx);
    const targetPort = Number(address.slice(idx + 1));
    if (idx < 0 || !LOOPBACK.has(targetHost) || !Number.isInteger(targetPort)) {
      log(`ws-pipe: refused target "${address}" (loopback only)`);
      ws.close(1008, 'target must be a loopback address');
      return;
    }
    const relay = relayConnection(
      {
        send: (data) => ws.send(data),
        isOpen: () => ws.readyState === ws.OPEN,
        close: (code, reason) => {
          if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
        },
      },
      { host: targetHost, port: targetPort, rttMs: rtt, open, log },
    );
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
      relay.fromClient(
        Buffer.isBuffer(data)
          ? data
          : Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.from(data),
      ),
    );
    ws.on('close', () => relay.clientClosed());
    ws.on('error', () => relay.clientError());
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
