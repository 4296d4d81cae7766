/**
 * Runs the local embedding service in a process of its own. In one process with PGlite, a query
 * embedding waited for whatever statement PGlite was running (PGlite computes on the event
 * loop): an uncached search's embedding and its keyword statement, sent at once, were answered
 * one after the other (the embedding 30 to 40 ms past its round trip with two statements ahead
 * of it). Deployed, the embedding service and the database are separate machines; on its own
 * process the model also gets the machine's other core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface EmbeddingProcess {
  /** The OpenAI base URL (ends in /v1). */
  url: string;
  model: string;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
const entry = fileURLToPath(new URL('./serve.ts', import.meta.url));

export async function startEmbeddingProcess(
  opts: { port?: number; rttMs?: number; log?: (m: string) => void } = {},
): Promise<EmbeddingProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: {
      ...process.env,
      EMBEDDINGS_RTT_MS: String(opts.rttMs ?? 0),
      EMBEDDINGS_PORT: String(opts.port ?? 0),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const started = await new Promise<{ url: string; model: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; model: string }));
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the embedding service exited before it listened (${code})`)),
    );
  });
  let closing = false;
  child.removeAllListeners('exit');
  child.on('exit', (code, signal) => {
    // Ctrl-C reaches the whole process group: the parent is stopping too.
    if (!closing && code !== 0 && signal !== 'SIGINT' && signal !== 'SIGTERM')
      opts.log?.(`embedding service exited (${code ?? signal}): query embeddings now fail`);
  });
  return {
    ...started,
    close: async () => {
      if (closing || child.exitCode !== null || child.signalCode !== null) return;
      closing = true;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      // The child ends when its channel closes (or on SIGTERM when the channel is gone already).
      if (child.connected) child.disconnect();
      else child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
