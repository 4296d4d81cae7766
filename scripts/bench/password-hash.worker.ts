/**
 * Worker used by `npm run bench:password`: times the app's own password hasher inside workerd.
 * workerd's clock only moves on I/O, so each measurement is bracketed by a timer tick.
 */
import { createPbkdf2Hasher } from '../../src/services/accounts/password';

const tick = () => new Promise((r) => setTimeout(r, 0));

async function perCall(n: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  await tick();
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await fn();
  await tick();
  return (Date.now() - t0) / n;
}

export default {
  async fetch(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const iterations = Number(url.searchParams.get('iterations') ?? 100_000);
    const n = Number(url.searchParams.get('n') ?? 20);
    const hasher = createPbkdf2Hasher({ iterations });
    const stored = await hasher.hash('correct horse battery staple');
    try {
      return Response.json({
        iterations,
        samples: n,
        hashMs: await perCall(n, () => hasher.hash('correct horse battery staple')),
        verifyMs: await perCall(n, () => hasher.verify('correct horse battery staple', stored)),
        unknownUserVerifyMs: await perCall(n, () =>
          hasher.verify('correct horse battery staple', null),
        ),
      });
    } catch (err) {
      return Response.json({ iterations, error: String(err) }, { status: 500 });
    }
  },
};
