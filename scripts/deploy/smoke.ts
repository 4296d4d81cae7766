/**
 * `npm run smoke -- --url <base> [--webhook-secret <secret>]`: black-box checks of a running
 * Marquee, from outside, over HTTP only: what an operator runs after a deploy (or CI against
 * `npm run dev`). Prints one line per check with its time, and exits 1 when any check fails.
 *
 * It leaves nothing behind: the account it signs up is erased at the end, and the signed webhook
 * names a title that does not exist, so it is refused after its signature is accepted (400)
 * without touching any offer. It makes 2 anonymous API calls (sign-up, sign-in; webhooks have
 * their own budget), so it fits the anonymous rate limit of 10 a minute; the rest go signed in.
 */
import { parseArgs } from 'node:util';
import { signWebhook } from '../../src/services/availability/webhook-signature.ts';

const USAGE = `usage: npm run smoke -- --url <base url> [options]
  --url <base>              the deployment, e.g. https://marquee-production.acme.workers.dev
  --webhook-secret <s>      the webhook secret of --platform; without it the webhook check is skipped
  --platform <id>           the platform whose webhook is signed (default netflix)
  --query <text>            the search to run (default "comedy")
  --title <id>              the title to read (default: the search's first result)
  --region <code>           region for availability (default US)
  --timeout <ms>            per request (default 15000)`;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'webhook-secret': { type: 'string' },
    platform: { type: 'string', default: 'netflix' },
    query: { type: 'string', default: 'comedy' },
    title: { type: 'string' },
    region: { type: 'string', default: 'US' },
    timeout: { type: 'string', default: '15000' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help || !args.url) {
  console.log(USAGE);
  process.exit(args.help ? 0 : 2);
}
const base = args.url.replace(/\/+$/, '');
const timeoutMs = Number(args.timeout);

class CheckFailed extends Error {}
const expect = (ok: unknown, message: string): void => {
  if (!ok) throw new CheckFailed(message);
};

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function call(method: string, path: string, opts: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** "200" or "503: {...}" for failure messages, the body cut short. */
const said = (r: Reply) => `${r.status}${r.status >= 300 ? `: ${r.text.slice(0, 300)}` : ''}`;
const statusIs = (r: Reply, ...ok: number[]) => {
  if (r.status === 429) throw new CheckFailed(`429 rate limited (Retry-After ${r.headers.get('retry-after') ?? '?'} s): wait and run again`);
  expect(ok.includes(r.status), `expected ${ok.join(' or ')}, got ${said(r)}`);
};

type Outcome = { name: string; result: 'pass' | 'fail' | 'skip'; ms: number; note: string };
const outcomes: Outcome[] = [];

// biome-ignore lint/suspicious/noConfusingVoidType: a check returns a note to print, or nothing
async function check(name: string, run: () => Promise<string | void>, skip?: string): Promise<void> {
  if (skip) {
    outcomes.push({ name, result: 'skip', ms: 0, note: skip });
    console.log(`SKIP  ${name.padEnd(26)}        ${skip}`);
    return;
  }
  const t = performance.now();
  let outcome: Outcome;
  try {
    const note = (await run()) ?? '';
    outcome = { name, result: 'pass', ms: performance.now() - t, note };
  } catch (err) {
    const note = err instanceof CheckFailed ? err.message : `${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    outcome = { name, result: 'fail', ms: performance.now() - t, note };
  }
  outcomes.push(outcome);
  console.log(`${outcome.result === 'pass' ? 'PASS' : 'FAIL'}  ${name.padEnd(26)} ${outcome.ms.toFixed(0).padStart(6)} ms  ${outcome.note}`);
}

console.log(`smoke: ${base}`);
const started = performance.now();
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const account = { email: `smoke-${stamp}@example.com`, password: `smoke-${stamp}-${Math.random().toString(36).slice(2)}` };
let token: string | undefined;
let titleId = args.title;

await check('health', async () => {
  const r = await call('GET', '/health');
  statusIs(r, 200);
  expect(r.json?.status === 'ok', `body ${r.text.slice(0, 200)}`);
});

await check('ready', async () => {
  const r = await call('GET', '/ready');
  const down = Object.entries<any>(r.json?.checks ?? {})
    .filter(([, c]) => c.status !== 'ok')
    .map(([n, c]) => `${n} ${c.status}${c.message ? ` (${c.message})` : ''}`);
  expect(r.status === 200 && r.json?.ready === true, `${r.status}: ${down.join('; ') || r.text.slice(0, 300)}`);
  return Object.entries<any>(r.json.checks).map(([n, c]) => `${n} ${c.backend}`).join(', ') + (down.length ? `; degraded: ${down.join('; ')}` : '');
});

await check('page', async () => {
  const r = await call('GET', '/', { headers: { accept: 'text/html' } });
  statusIs(r, 200);
  expect(r.headers.get('content-type')?.startsWith('text/html'), `content-type ${r.headers.get('content-type')}`);
  expect(r.headers.get('content-security-policy')?.includes("default-src 'none'"), 'no Content-Security-Policy on the page');
  const script = /<script[^>]+src="([^"]+)"/.exec(r.text)?.[1];
  expect(script, 'the page names no script');
  const js = await call('GET', script!, { headers: { accept: '*/*' } });
  statusIs(js, 200);
  expect(js.headers.get('content-type')?.includes('javascript'), `${script}: content-type ${js.headers.get('content-type')}`);
  return `${r.text.length} B html, ${script} ${js.text.length} B`;
});

await check('sign-up', async () => {
  const r = await call('POST', '/api/v1/auth/register', { body: account });
  statusIs(r, 201);
  expect(typeof r.json?.accessToken === 'string' && r.json?.user?.id, 'no access token or user in the answer');
  return `user ${r.json.user.id}`;
});

await check('sign-in', async () => {
  const r = await call('POST', '/api/v1/auth/login', { body: account });
  statusIs(r, 200);
  token = r.json?.accessToken;
  expect(typeof token === 'string', 'no access token');
  const jwks = await call('GET', '/.well-known/jwks.json');
  statusIs(jwks, 200);
  const me = await call('GET', '/api/v1/me', { token });
  statusIs(me, 200);
  expect(me.json?.email === account.email, `/api/v1/me is someone else: ${me.text.slice(0, 200)}`);
  return `${jwks.json?.keys?.length ?? 0} signing key(s) published; /api/v1/me ok`;
});

await check('search', async () => {
  const r = await call('GET', `/api/v1/search?q=${encodeURIComponent(args.query!)}&limit=5`, { token });
  statusIs(r, 200);
  const results = r.json?.results;
  expect(Array.isArray(results) && results.length > 0, `no results for "${args.query}"`);
  titleId ??= results[0].id;
  return `"${args.query}": ${results.length} results, first ${results[0].id}`;
});

await check('title', async () => {
  expect(titleId, 'no title to read (the search failed; pass --title)');
  const r = await call('GET', `/api/v1/content/${encodeURIComponent(titleId!)}`, { token });
  statusIs(r, 200);
  expect(r.json?.id === titleId, `answered ${r.text.slice(0, 200)}`);
  return `${r.json.title} (${r.json.releaseYear ?? '?'})`;
});

await check('availability', async () => {
  expect(titleId, 'no title (the search failed; pass --title)');
  const r = await call('GET', `/api/v1/content/${encodeURIComponent(titleId!)}/availability?region=${args.region}`, { token });
  statusIs(r, 200);
  expect(Array.isArray(r.json?.offers), `no offers list: ${r.text.slice(0, 200)}`);
  return `${r.json.offers.length} offer(s) in ${args.region} (${r.json.source})`;
});

await check('graphql', async () => {
  const query = 'query Smoke($q: String!) { search(query: $q, limit: 3) { results { id title } } }';
  const r = await call('POST', '/graphql', { body: { query, variables: { q: args.query } }, token });
  statusIs(r, 200);
  expect(!r.json?.errors, `errors: ${JSON.stringify(r.json?.errors ?? null).slice(0, 300)}`);
  const results = r.json?.data?.search?.results;
  expect(Array.isArray(results) && results.length > 0, `no results: ${r.text.slice(0, 200)}`);
  return `${results.length} results`;
});

const secret = args['webhook-secret'];
await check(
  'signed webhook',
  async () => {
    const path = `/api/v1/webhooks/${encodeURIComponent(args.platform!)}`;
    // A title that cannot exist: accepted past the signature, then refused, so nothing changes.
    const payload = JSON.stringify({
      eventId: `smoke-${stamp}`, type: 'availability.updated', occurredAt: new Date().toISOString(),
      contentId: `smoke-check-${stamp.replace(/[^a-z0-9]/g, '')}`, region: args.region, offers: [],
    });
    const ts = Math.floor(Date.now() / 1000);
    const send = async (s: string) =>
      call('POST', path, { raw: payload, headers: { 'content-type': 'application/json', 'x-marquee-timestamp': String(ts), 'x-marquee-signature': await signWebhook(s, ts, payload) } });
    const forged = await send(`${secret}-wrong`);
    statusIs(forged, 401);
    const signed = await send(secret!);
    expect(signed.status !== 401, `the secret was refused: ${said(signed)}`);
    statusIs(signed, 400, 422);
    expect(signed.json?.error?.code === 'VALIDATION_FAILED' && /contentId/i.test(signed.text), `refused for another reason: ${said(signed)}`);
    // The seed's development secret must not open a deployment's webhooks.
    const devSecret = `dev-secret-${args.platform}`;
    if (secret === devSecret) return `${args.platform}: wrong secret 401, the development secret accepted (then refused for the made-up title)`;
    const dev = await send(devSecret);
    expect(dev.status === 401, `the development secret ${devSecret} is accepted: set a real one (README, Deploy)`);
    return `${args.platform}: wrong and development secrets 401, given secret accepted (then refused for the made-up title)`;
  },
  secret ? undefined : 'no --webhook-secret given',
);

// Not a check of its own unless it fails: the smoke account is removed.
if (token) {
  await check('erase smoke account', async () => {
    const r = await call('DELETE', '/api/v1/me', { token });
    statusIs(r, 200);
  });
}

const failed = outcomes.filter((o) => o.result === 'fail');
const passed = outcomes.filter((o) => o.result === 'pass').length;
const skipped = outcomes.length - failed.length - passed;
console.log(
  `\n${failed.length ? 'FAILED' : 'OK'}: ${passed} passed, ${failed.length} failed${skipped ? `, ${skipped} skipped` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
    (failed.length ? ` (${failed.map((f) => f.name).join(', ')})` : ''),
);
process.exit(failed.length ? 1 : 0);
