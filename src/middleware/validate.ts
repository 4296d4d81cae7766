/** zod validation for every input, failing with the app's one error shape. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ZodType } from 'zod';
import { AppError } from '../lib/errors';

const HUMAN_TARGET: Record<string, string> = {
  json: 'body',
  query: 'query string',
  param: 'path',
  header: 'header',
};

/**
 * One issue as a sentence: "limit must be between 1 and 100". The field is named once, whether
 * the schema's message already starts with it ("limit must be...") or not ("must be..."); zod's
 * own messages ("Too big: ...") follow a colon; an issue about the whole input is its message.
 */
export function describeIssue(path: string, message: string): string {
  if (!path) return message;
  const field = path.split('.').pop()!;
  if (message === field || message.startsWith(`${field} `) || message.startsWith(`${path} `))
    return message;
  return /^[a-z]/.test(message) ? `${path} ${message}` : `${path}: ${message}`;
}

/** zod issues as the app's VALIDATION_FAILED error ("Invalid body: email must be an email address"). */
export function validationError(
  what: string,
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
): AppError {
  const issues = error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  const first = error.issues[0];
  const sentence = first ? describeIssue(first.path.map(String).join('.'), first.message) : '';
  return new AppError('VALIDATION_FAILED', `Invalid ${what}${sentence ? `: ${sentence}` : ''}`, {
    details: issues,
  });
}

/**
 * Where a NUL character (U+0000) sits in an input, if anywhere: PostgreSQL's text cannot hold
 * one, so every input is refused with it before any schema or SQL sees it (keys included).
 */
export function findNul(
  value: unknown,
  path: PropertyKey[] = [],
  depth = 0,
): PropertyKey[] | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\0')) return [...path, k];
    const found = findNul(v, [...path, Array.isArray(value) ? Number(k) : k], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Throws VALIDATION_FAILED when `value` holds a NUL character anywhere. */
export function rejectNul(what: string, value: unknown): void {
  const path = findNul(value);
  if (path)
    throw validationError(what, {
      issues: [{ path, message: 'must not contain a NUL character (U+0000)' }],
    });
}

export const validate = <T extends keyof ValidationTargets, S extends ZodType>(
  target: T,
  schema: S,
) =>
  zValidator(target, schema, (result) => {
    const what = HUMAN_TARGET[target] ?? target;
    if (!result.success) throw validationError(what, result.error);
    // What passed the schema is what reaches SQL: it must hold no NUL.
    rejectNul(what, result.data);
  });

const JSON_TYPE = /^application\/(.+\+)?json\b/i;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** JSON bodies must say so; anything else is a 415 before the body is read. */
export const requireJson = createMiddleware(async (c, next) => {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with "Content-Type: application/json"',
    );
  }
  await next();
});

/**
 * A state-changing request that carries a body (or names a type) must be JSON: an HTML form on
 * another site can only send form-urlencoded, multipart or text/plain (or a typeless blob), and
 * none of those reaches a handler, so no cross-site form can register, sign in or mutate.
 * Requests without a body (logout, DELETE) carry no type and pass.
 */
export const jsonOnlyWrites = createMiddleware(async (c, next) => {
  if (STATE_CHANGING.has(c.req.method)) {
    const type = c.req.header('content-type');
    const length = c.req.header('content-length');
    const hasBody = c.req.raw.body !== null && length !== '0';
    if ((type !== undefined || hasBody) && !JSON_TYPE.test(type ?? '')) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${c.req.method} ${c.req.path} takes a JSON body: send it with "Content-Type: application/json"`,
      );
    }
  }
  await next();
});
