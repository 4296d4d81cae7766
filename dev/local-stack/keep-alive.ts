import type { Server } from 'node:http';

/**
 * Lets the client close idle keep-alive sockets first (undici after 4 s): a local service closing
 * at Node's default 5 s raced a request sent on the same socket, which then failed ECONNRESET
 * (seen from the relevance bench's embedding calls on a loaded machine).
 */
export function keepIdleSocketsOpen(server: Server): Server {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
