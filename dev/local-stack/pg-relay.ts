/**
 * The Postgres side of the local stack's database pipes (ws-pipe.ts for the Neon driver's
 * WebSocket, tcp-pipe.ts for a TCP driver such as the one behind Hyperdrive): one client
 * connection relayed to a loopback server, one request (or whole transaction) at a time per
 * server, with the emulated distance (distance.ts) on each message. The protocol is followed just
 * far enough for that: frontend message boundaries, ReadyForQuery and its transaction status,
 * Terminate.
 */
import { createConnection, type Socket } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const READY_TIMEOUT_MS = 60_000;

/** One frontend message: its type letter, or the untyped start-up kinds. */
interface Frame {
  kind: string;
  bytes: Buffer;
}

/** Splits the client's byte stream into whole protocol messages. */
class FrontendFramer {
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
class ReadyWatcher {
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

/** The client end of a relayed connection (a WebSocket, a TCP socket). */
export interface ClientEnd {
  send(data: Buffer): void;
  isOpen(): boolean;
  close(code?: number, reason?: string): void;
}

export interface RelayOptions {
  /** The server, on loopback. */
  host: string;
  port: number;
  /** Emulated round trip: each message waits half of it each way. */
  rttMs: number;
  /**
   * Start-up and authentication (everything up to the first ReadyForQuery) cross no distance:
   * Hyperdrive answers them in the Worker's own location, from a warm pooled connection.
   */
  freeStartup?: boolean;
  /** The server sockets open, for the pipe's count and close. */
  open: Set<Socket>;
  log: (msg: string) => void;
}

/** What the client's side feeds the relay. */
export interface Relay {
  fromClient(chunk: Buffer): void;
  clientClosed(): void;
  clientError(): void;
}

// pglite-socket queues each protocol message on its own, so two connections' Parse/Bind messages
// can interleave and clobber each other's unnamed statement. One lock per server, shared by every
// pipe of this process (the WebSocket pipe of Node-side tools and the Worker's TCP pipe alike).
const locks = new Map<string, ServerLock>();

/**
 * Relays one client connection to the server: the server gets one connection's request at a
 * time — up to its ReadyForQuery, and for a whole transaction while the status stays 'T' or 'E'
 * — which is what a real server does anyway.
 */
export function relayConnection(client: ClientEnd, opts: RelayOptions): Relay {
  const { rttMs: rtt, log } = opts;
  const address = `${opts.host}:${opts.port}`;
  let started = !opts.freeStartup;
  const half = (fn: () => void) => (rtt > 0 && started ? void setTimeout(fn, rtt / 2) : fn());
  let lock = locks.get(address);
  if (!lock) locks.set(address, (lock = new ServerLock()));
  const serverLock = lock;
  const tcp = createConnection({ host: opts.host.replace(/^\[|\]$/g, ''), port: opts.port });
  tcp.setNoDelay(true);
  opts.open.add(tcp);
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
      if (closed || tcp.destroyed || tcp.writableEnded) {
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
    // A chunk is delayed unless the start-up was still under way when it left the server.
    const deliver = () => {
      if (client.isOpen()) client.send(data);
    };
    const wasStarted = started;
    for (const status of ready.push(data)) {
      readyWaiters.shift()?.(status);
      started = true;
    }
    if (wasStarted) half(deliver);
    else deliver();
  });
  tcp.on('close', () => {
    closed = true;
    opts.open.delete(tcp);
    for (const w of readyWaiters.splice(0)) w('I');
    releaseHeld();
    client.close();
  });
  tcp.on('error', (err) => {
    log(`pg relay: tcp error to ${address}: ${err.message}`);
    client.close(1011, 'upstream error');
  });

  const onMessage = (chunk: Buffer) => {
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
          // Terminate: pglite-socket keeps the TCP side open after it, so the relay closes it.
          if (frame.kind === 'X') send(bytes, false, true);
          else send(bytes, true);
        }
      }
    }
  };
  return {
    fromClient: (chunk) => half(() => onMessage(chunk)),
    // After the client's last messages, which may still be on their way (half a round trip).
    clientClosed: () =>
      half(() => {
        chain = chain.then(() => {
          tcp.end();
        });
      }),
    clientError: () => tcp.destroy(),
  };
}
