/**
 * What a GraphQL request must pass before graphql-yoga runs it, refused in the REST error shape
 * (as the body limit and the rate limit are):
 * - nesting: a document nested deeper than MAX_NESTING brackets is refused before any parser
 *   recursion meets it (2,000 nested `ofType` used to overflow the stack);
 * - work: each costly root field (a search, a registration, a sign-in, any mutation...) spends
 *   one unit of the caller's rate limit, the first one being the request's own unit; a document
 *   holds at most MAX_COSTLY_FIELDS of them and at most MAX_PASSWORD_FIELDS password checks,
 *   aliases and fragments counted, so one request cannot run 145 registrations.
 */
import {
  Kind,
  parse,
  type DocumentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from 'hono';
import { AppError } from '../lib/errors';
import { spendMore } from '../middleware/rate-limit';
import type { AppEnv } from '../types';

export const MAX_NESTING = 40;
export const MAX_COSTLY_FIELDS = 5;
export const MAX_PASSWORD_FIELDS = 1;
/** Documents longer than this many tokens are refused by the parser before anything else. */
export const MAX_TOKENS = 5_000;

/** Root query fields that do more than a batched look-up: searches, scoring, live platform calls. */
const COSTLY_QUERY_FIELDS = new Set([
  'search',
  'trending',
  'recommendations',
  'similar',
  'platformAvailability',
]);
/** Root mutation fields that hash a password (about 12 ms of CPU each). */
const PASSWORD_FIELDS = new Set(['register', 'login']);

/** The deepest bracket nesting ({, [, () outside strings and comments: a linear scan, no recursion. */
export function maxNesting(source: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (ch === '"') {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        i = end < 0 ? source.length : end + 2;
      } else {
        for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++)
          if (source[i] === '\\') i++;
      }
    } else if (ch === '{' || ch === '[' || ch === '(') {
      if (++depth > max) max = depth;
    } else if (ch === '}' || ch === ']' || ch === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return max;
}

export interface DocumentWork {
  /** Costly root fields (costly queries and every mutation), aliases and fragments counted. */
  costly: number;
  /** register/login fields. */
  passwords: number;
}

/** The work of the operation that will run (the named one, the only one, or the costliest). */
export function documentWork(doc: DocumentNode, operationName?: string | null): DocumentWork {
  const ops = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const fragments = new Map(
    doc.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
    ),
  );
  const chosen = operationName ? ops.filter((o) => o.name?.value === operationName) : ops;
  let worst: DocumentWork = { costly: 0, passwords: 0 };
  for (const op of chosen) {
    if (op.operation === 'subscription') continue;
    const work: DocumentWork = { costly: 0, passwords: 0 };
    // Root fields only (costly fields are all root fields); fragments at the root are expanded once each.
    const walk = (set: SelectionSetNode, seen: Set<string>) => {
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          const name = s.name.value;
          if (op.operation === 'mutation' || COSTLY_QUERY_FIELDS.has(name)) work.costly++;
          if (op.operation === 'mutation' && PASSWORD_FIELDS.has(name)) work.passwords++;
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          walk(s.selectionSet, seen);
        } else if (!seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          if (f) walk(f, new Set([...seen, s.name.value]));
        }
      }
    };
    walk(op.selectionSet, new Set());
    if (work.costly > worst.costly || work.passwords > worst.passwords) worst = work;
  }
  return worst;
}

/** The document and operation name of a GET (query string) or JSON POST; undefined when there is none to read. */
async function readRequest(
  c: Context<AppEnv>,
): Promise<{ query: string; operationName?: string | null } | undefined> {
  if (c.req.method === 'GET') {
    const query = c.req.query('query');
    return query === undefined ? undefined : { query, operationName: c.req.query('operationName') };
  }
  let body: unknown;
  try {
    body = await c.req.raw.clone().json();
  } catch {
    return undefined; // malformed JSON: yoga answers it
  }
  if (!body || typeof body !== 'object' || typeof (body as { query?: unknown }).query !== 'string')
    return undefined;
  const b = body as { query: string; operationName?: unknown };
  return {
    query: b.query,
    operationName: typeof b.operationName === 'string' ? b.operationName : undefined,
  };
}

/** Refuses a request whose document is too deep or too costly, and spends its costly fields. */
export async function admitGraphQL(c: Context<AppEnv>): Promise<void> {
  const req = await readRequest(c);
  if (!req) return;
  const nesting = maxNesting(req.query);
  if (nesting > MAX_NESTING) {
    throw new AppError(
      'VALIDATION_FAILED',
      `GraphQL document nests ${nesting} levels deep; the limit is ${MAX_NESTING}`,
      {
        details: [{ path: 'query', message: `nests deeper than ${MAX_NESTING} levels` }],
      },
    );
  }
  let doc: DocumentNode;
  try {
    doc = parse(req.query, { maxTokens: MAX_TOKENS, noLocation: true });
  } catch {
    return; // a syntax error or too many tokens: yoga reports it in GraphQL's own words
  }
  const work = documentWork(doc, req.operationName);
  if (work.passwords > MAX_PASSWORD_FIELDS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A GraphQL document may register or sign in at most ${MAX_PASSWORD_FIELDS} time (this one asks ${work.passwords})`,
      {
        details: [
          {
            path: 'query',
            message: `${work.passwords} register/login fields; at most ${MAX_PASSWORD_FIELDS}`,
          },
        ],
      },
    );
  }
  if (work.costly > MAX_COSTLY_FIELDS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A GraphQL document may hold at most ${MAX_COSTLY_FIELDS} searches, recommendations, availability checks or mutations (this one holds ${work.costly})`,
      {
        details: [
          { path: 'query', message: `${work.costly} costly fields; at most ${MAX_COSTLY_FIELDS}` },
        ],
      },
    );
  }
  // The request itself already spent one unit in the rate-limit middleware.
  await spendMore(c, work.costly - 1);
}
