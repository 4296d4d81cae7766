/**
 * npm run bench:faults — the fault table of issue 17: each route's status and time under a
 * fault. Run it against a running `npm run dev` whose Redis and PostgreSQL are your own (never a
 * shared server), once per condition, causing the fault yourself in between:
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5499/postgres REDIS_URL=redis://127.0.0.1:6391 PORT=8797 npm run dev
 *   npm run bench:faults -- --base http://127.0.0.1:8797 --label normal
 *   kill -STOP <redis pid>;  npm run bench:faults -- --label "redis hung";     kill -CONT <redis pid>
 *   redis-cli -p 6391 shutdown; npm run bench:faults -- --label "redis refused"
 *   npm run bench:faults -- --label "platform failing" --platform-fail hulu
 *   npm run bench:faults -- --erasure --pg-stop "<cmd>" --pg-start "<cmd>" --pg-url <url>
 *
 * Accounts are made while everything is up (`--label normal` first; their tokens are kept in
 * .wrangler/faults-accounts.json). Prints one markdown table row per route.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signWebhook } from '../../src/services/availability/webhook-signature.ts';
import { readStackEnv } from '../lib/stack-env.ts';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:8797' },
    label: { type: 'string', default: 'normal' },
    'platform-fail': { type: 'string' },
    erasure: { type: 'boolean', default: false },
    'pg-stop': { type: 'string' },
    'pg-start': { type: 'string' },
    'pg-url': { type: 'string' },
  },
});
const base = args.base!;
const store = '.wrangler/faults-accounts.json';
const password = 'correct horse battery staple';

async function call(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const t = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body), signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - t, body: text ? (JSON.parse(text) as any) : null };
  } catch (err) {
    return { status: 0, ms: performance.now() - t, body: { error: String(err) } };
  }
}

async function register(tag: string) {
  const email = `faults-${tag}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const r = await call('POST', '/api/v1/auth/register', { body: { email, password } });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return { email, token: r.body.accessToken as string };
}

const row = (what: string, r: { status: number; ms: number }, note = '') => console.log(`| ${args.label} | ${what} | ${r.status || 'no answer'} | ${r.ms.toFixed(0)} ms | ${note} |`);

if (args.erasure) {
  // PostgreSQL stopped while an erasure runs: afterwards the account is erased completely or not at all.
  const a = await register('erase');
  await call('POST', '/api/v1/me/watchlist', { token: a.token, body: { contentId: 'jaws-1975' } });
  await call('PUT', '/api/v1/me/ratings/jaws-1975', { token: a.token, body: { score: 8 } });
  const pending = call('DELETE', '/api/v1/me', { token: a.token });
  await new Promise((r) => setTimeout(r, Number(process.env.FAULT_DELAY_MS ?? 15)));
  execSync(args['pg-stop']!, { stdio: 'ignore' });
  const r = await pending;
  execSync(args['pg-start']!, { stdio: 'ignore' });
  // The account's state after the restart, read with psql (no driver needed here).
  const q = (text: string) => execSync(`psql "${args['pg-url']}" -At -c "${text}"`, { encoding: 'utf8' }).trim();
  const id = q(`select id from users where email_index is not null or deleted_at is not null order by created_at desc limit 1`);
  const state = q(`select (select deleted_at is not null from users where id = '${id}') || ' ' || (select count(*) from watchlist where user_id = '${id}') || ' ' || (select count(*) from ratings where user_id = '${id}') || ' ' || (select count(*) from refresh_tokens where user_id = '${id}')`);
  const [erased, w, rt, tok] = state.split(' ');
  const outcome = erased === 'true' && w === '0' && rt === '0' && tok === '0' ? 'erased completely' : erased === 'false' && w === '1' && rt === '1' ? 'untouched (all data still there)' : `PARTIAL: ${state}`;
  row('DELETE /me (PostgreSQL stopped mid-erasure)', r, `after restart: ${outcome}`);
  process.exit(0);
}

if (args.label === 'normal' || !existsSync(store)) {
  const a = await register('main');
  const b = await register('logout');
  writeFileSync(store, JSON.stringify({ a, b }));
}
const { a, b } = JSON.parse(readFileSync(store, 'utf8')) as { a: { email: string; token: string }; b: { email: string; token: string } };

const sim = readStackEnv('.wrangler/local-stack.env').PLATFORM_SIM_URL;
if (args['platform-fail'] && sim) await fetch(`${sim}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: args['platform-fail'], errorRate: 1 }) });

const t = a.token;
const raw = JSON.stringify({ eventId: `evt-faults-${crypto.randomUUID()}`, type: 'availability.updated', occurredAt: new Date().toISOString(), contentId: 'jaws-1975', region: 'US', offers: [] });
const ts = Math.floor(Date.now() / 1000);
const webhookHeaders = { 'content-type': 'application/json', 'x-marquee-timestamp': String(ts), 'x-marquee-signature': await signWebhook('dev-secret-netflix', ts, raw) };

row('GET /ready', await call('GET', '/ready'));
row('GET /search (cached)', await call('GET', '/api/v1/search?q=feel-good%20comedy'));
row('GET /search (uncached)', await call('GET', `/api/v1/search?q=${encodeURIComponent(`space westerns ${Date.now()}`)}`));
row('GET /search/suggestions', await call('GET', '/api/v1/search/suggestions?partial=godf'));
row('POST /graphql search', await call('POST', '/graphql', { body: { query: '{ search(query: "alien", limit: 2) { total } }' } }));
row('GET /trending', await call('GET', '/api/v1/trending?window=week'));
row('GET /content/:id/availability?verify', await call('GET', '/api/v1/content/jaws-1975/availability?region=US&verify=true'));
row('GET /me (bearer)', await call('GET', '/api/v1/me', { token: t }));
row('POST /me/watchlist', await call('POST', '/api/v1/me/watchlist', { token: t, body: { contentId: 'alien-1979' } }));
row('GET /recommendations', await call('GET', '/api/v1/recommendations', { token: t }));
row('GET /me/export', await call('GET', '/api/v1/me/export', { token: t }));
row('POST /auth/login', await call('POST', '/api/v1/auth/login', { body: { email: a.email, password } }));
const wrong = await call('POST', '/api/v1/auth/login', { body: { email: a.email, password: 'wrong password' }, headers: { 'CF-Connecting-IP': '198.51.100.7' } });
row('POST /auth/login (wrong password)', wrong);
const session = await call('POST', '/api/v1/auth/login', { body: { email: b.email, password } });
const out = await call('POST', '/api/v1/auth/logout', { token: session.body?.accessToken });
row('POST /auth/logout', out);
const after = await call('GET', '/api/v1/me', { token: session.body?.accessToken });
row('GET /me with the logged-out token', after, after.status === 401 ? 'refused' : 'ACCEPTED');
const w1 = await call('POST', '/api/v1/webhooks/netflix', { body: raw, headers: webhookHeaders });
row('POST /webhooks/netflix', w1, w1.body?.status ?? '');
const w2 = await call('POST', '/api/v1/webhooks/netflix', { body: raw, headers: webhookHeaders });
row('POST /webhooks/netflix (replay)', w2, w2.body?.status ?? '');

if (args['platform-fail'] && sim) await fetch(`${sim}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reset: true }) });
