/**
 * A TCP pipe to the local Postgres (PGlite or a local PostgreSQL) standing where Hyperdrive
 * stands when deployed: the Worker's TCP driver connects here (`wrangler dev`'s Hyperdrive
 * binding points at it), and each request it sends — a client batch up to Sync or a simple Query,
 * answered by one ReadyForQuery — waits one emulated round trip (`rttMs`, half each way) before
 * its answer arrives, like a statement Hyperdrive sends to the database's region. Start-up and
 * authentication cross no distance: Hyperdrive answers them near the Worker from a warm pool.
 * One request at a time per server, as the WebSocket pipe does (pg-relay.ts).
 */
import { createServer, type Socket } from 'node:net';
import { relayConnection } from './pg-relay.ts';

export interface TcpPipeOptions {
  /** The database server (loopback). */
  target: { host: string; port: number };
  port?: number;
  host?: string;
  rttMs?: number;
  log?: (msg: string) => void;
}

export interface TcpPipe {
  port: number;
  /** The database URL with its host and port replaced by the pipe's (for Hyperdrive's localConnectionString). */
  urlFor(databaseUrl: string): string;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpPipe(opts: TcpPipeOptions): Promise<TcpPipe> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const open = new Set<Socket>();
  const clients = new Set<Socket>();
  const server = createServer((socket) => {
    clients.add(socket);
    socket.setNoDelay(true);
    const relay = relayConnection(
      {
        send: (data) => void socket.write(data),
        isOpen: () => !socket.destroyed && socket.writable,
        close: () => void socket.end(),
      },
      {
        host: opts.target.host,
        port: opts.target.port,
        rttMs: opts.rttMs ?? 0,
        freeStartup: true,
        open,
        log,
      },
    );
    socket.on('data', (chunk: Buffer) => relay.fromClient(chunk));
    socket.on('close', () => {
      clients.delete(socket);
      relay.clientClosed();
    });
    socket.on('error', () => relay.clientError());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    urlFor(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = host;
      u.port = String(port);
      return u.toString();
    },
    connections: () => open.size,
    async close() {
      for (const s of open) s.destroy();
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
