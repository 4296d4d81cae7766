/** Structured JSON logs, one object a line, with personal data redacted before it is written. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|jwt|refresh|credential/i;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

/** Masks emails ("a***@example.com") and bearer tokens inside free text. */
export function redactText(s: string): string {
  return s.replace(EMAIL, '$1***@$2').replace(BEARER, '$1 [REDACTED]');
}

/** Deep copy with secret-looking keys removed and emails masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) ? '[REDACTED]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** A logger's warn alone: what a service takes to report a fail-open path. */
export type Warn = Logger['warn'];

export function createLogger(
  base: Record<string, unknown> = {},
  minLevel: LogLevel = 'info',
  sink: (line: string) => void = (l) => console.log(l),
): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const entry = { ts: new Date().toISOString(), level, msg: redactText(msg), ...(redact({ ...base, ...fields }) as object) };
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, minLevel, sink),
  };
}
