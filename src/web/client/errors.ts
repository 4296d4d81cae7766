/** A failed API call, and what to tell a person about it (no DOM: unit-tested in node). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const FIELD_WORDS: Record<string, string> = {
  password: 'Your password',
  email: 'Your email',
  displayName: 'Your display name',
  score: 'The rating',
  query: 'Your search',
};

/**
 * What to tell a person when a call fails: the API's messages are written for developers
 * ("Invalid body: password must be at least 8 characters"); this says it in plain words.
 */
export function forPeople(
  err: unknown,
  fallback = 'That did not work. Try again in a moment.',
): string {
  if (err instanceof TypeError && /fetch|network/i.test(err.message))
    return 'Marquee could not be reached. Check your connection and try again.';
  if (!(err instanceof ApiError)) return fallback;
  if (err.code === 'VALIDATION_FAILED') {
    const first = Array.isArray(err.details)
      ? (err.details[0] as { path?: string; message?: string } | undefined)
      : undefined;
    if (first?.message) {
      const who = FIELD_WORDS[first.path ?? ''] ?? 'What you entered';
      return `${who} ${first.message.replace(/^must be an? email( address)?$/, 'does not look like an email address')}.`;
    }
    return 'Something you entered is not right; check it and try again.';
  }
  if (err.code === 'RATE_LIMITED') {
    const s = /(\d+)\s*s\b/.exec(err.message)?.[1];
    return `Too many tries in a short time. Wait ${s ? `${s} seconds` : 'a minute'} and try again.`;
  }
  if (err.status >= 500) return 'Marquee is having trouble right now. Try again in a moment.';
  if (err.code === 'UNAUTHORIZED' || err.code === 'CONFLICT')
    return (
      err.message.replace(/;\s*(\w)/, (_m, c: string) => `. ${c.toUpperCase()}`) +
      (/[.!?]$/.test(err.message) ? '' : '.')
    );
  return fallback;
}
