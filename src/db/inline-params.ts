/**
 * A parameterised statement as simple-protocol text: each `$n` outside literals, quoted names
 * and comments becomes its value as a quoted literal. Several statements in one simple Query are
 * one round trip over a TCP driver (the extended protocol takes one statement per Sync, and
 * node-postgres does not pipeline). Every value is quoted, so it stays untyped (`unknown`) until
 * the server resolves it from context, as a bound parameter is.
 */
import { quoteLiteral } from './sql-values';

/** A value as Postgres text, the way node-postgres sends a parameter. */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return arrayLiteral(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function arrayLiteral(xs: unknown[]): string {
  const items = xs.map((x) => {
    if (Array.isArray(x)) return arrayLiteral(x);
    const t = asText(x);
    return t === null ? 'NULL' : `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

const literal = (v: unknown): string => {
  const t = asText(v);
  return t === null ? 'NULL' : quoteLiteral(t);
};

export function inlineParams(text: string, params: readonly unknown[]): string {
  let out = '';
  let i = 0;
  const copyTo = (end: number) => {
    out += text.slice(i, end);
    i = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      // E'…' takes backslash escapes; '' is a quote inside either kind.
      const escapes = /[eE]/.test(text[i - 1] ?? '') && !/[\w$]/.test(text[i - 2] ?? '');
      let j = i + 1;
      for (; j < text.length; j++) {
        if (escapes && text[j] === '\\') j++;
        else if (text[j] === "'") {
          if (text[j + 1] === "'") j++;
          else break;
        }
      }
      copyTo(Math.min(text.length, j + 1));
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      copyTo(end < 0 ? text.length : end + 1);
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      copyTo(end < 0 ? text.length : end);
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      copyTo(end < 0 ? text.length : end + 2);
    } else if (c === '$') {
      const param = /^\$(\d+)/.exec(text.slice(i, i + 12));
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i));
      if (param && !/[\w$]/.test(text[i - 1] ?? '')) {
        const n = Number(param[1]);
        if (n < 1 || n > params.length) throw new RangeError(`no value for $${n}`);
        out += literal(params[n - 1]);
        i += param[0].length;
      } else if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        copyTo(end < 0 ? text.length : end + tag[0].length);
      } else copyTo(i + 1);
    } else copyTo(i + 1);
  }
  return out;
}
