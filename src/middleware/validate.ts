/** zod validation for every input, failing with the app's one error shape. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ZodType } from 'zod';
import { AppError } from '../lib/errors';

const HUMAN_TARGET: Record<string, string> = { json: 'body', query: 'query string', param: 'path', header: 'header' };

/** zod issues as the app's VALIDATION_FAILED error ("Invalid body: email must be an email address"). */
export function validationError(what: string, error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  const first = issues[0];
  return new AppError('VALIDATION_FAILED', `Invalid ${what}${first ? `: ${first.path} ${first.message}` : ''}`, { details: issues });
}

export const validate = <T extends keyof ValidationTargets, S extends ZodType>(target: T, schema: S) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw validationError(HUMAN_TARGET[target] ?? target, result.error);
  });

/** JSON bodies must say so; anything else is a 415 before the body is read. */
export const requireJson = createMiddleware(async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with "Content-Type: application/json"');
  }
  await next();
});
