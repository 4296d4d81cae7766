/**
 * fast-check arbitraries read from the routes' zod schemas. zod-fast-check supports zod 3 only
 * (it refuses a zod 4 object schema), so the schemas go through zod 4's own JSON Schema output
 * and this file turns that into arbitraries: mostly values the schema accepts, so requests reach
 * the services and SQL, mixed with the hostile values a red team sends (bounds plus one, NUL,
 * lone surrogates, 1e308, wrong types, unknown keys).
 */
import fc from 'fast-check';
import { z, type ZodType } from 'zod';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};

/** Strings that broke parsers, decoders or SQL somewhere. */
export const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', '\u202Egnp.exe', "' or 1=1 --", '"; drop table content; --', '<script>alert(1)</script>',
  'null', 'undefined', '[]', '{}', 'NaN', 'Infinity', '-1', '0', '1e308', '99999999999999999999', '%00', '%', '../../etc/passwd',
  'bnVsbA', 'W10', 'eyJvIjotMSwicSI6IngifQ', 'over 99999 minutes', 'under 1e400 hours', 'rated above 99', 'from 1066 to 9999',
  `like ${'a'.repeat(300)}`, '🎬'.repeat(30), 'ÿ'.repeat(120), '\\', '\\u0000', 'javascript:alert(1)', 'data:text/html,x',
];

/** Numbers past every bound a schema or column has. */
export const HOSTILE_NUMBERS = [0, -0, -1, 1.5, 2 ** 15, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 1e21];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const hostileNumber = fc.constantFrom(...HOSTILE_NUMBERS);
const wrongType: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.constant([]), fc.constant({}), hostileString);

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 60, 200);
  const min = Math.min(s.minLength ?? 0, max);
  let shaped: fc.Arbitrary<string> = fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
  if (s.pattern) {
    try {
      // Cut to length, never filtered: a filter that rejects most draws (a 32-character minimum)
      // spins the generator, and a short match is just one more invalid input.
      shaped = fc.stringMatching(new RegExp(s.pattern)).map((x) => x.slice(0, max));
    } catch {
      // a pattern fast-check cannot read (unicode classes): plain strings then
    }
  }
  if (s.format === 'email') shaped = fc.emailAddress();
  if (s.format === 'uuid') shaped = fc.uuid();
  const edges = [fc.constant('x'.repeat(max + 1)), fc.constant('y'.repeat(Math.max(0, min - 1)))];
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: hostileString, weight: 2 }, { arbitrary: fc.oneof(...edges), weight: 1 });
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : -1e6);
  const hi = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : 1e6), 1e9);
  const shaped = integer
    ? fc.integer({ min: Math.max(Math.ceil(lo), -(2 ** 31)), max: Math.max(Math.min(Math.floor(hi), 2 ** 31 - 1), Math.ceil(lo)) })
    : fc.double({ min: lo, max: Math.max(hi, lo), noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: hostileNumber, weight: 1 }, { arbitrary: fc.constantFrom(lo - 1, hi + 1), weight: 1 });
}

/** Arbitraries for properties by name, where the schema's type says too little ("region" is a string). */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

/** An arbitrary for one JSON Schema node, valid-shaped four times in five. */
export function fromJsonSchema(s: JsonSchema, hints: Hints = {}, depth = 0): fc.Arbitrary<unknown> {
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => fromJsonSchema(v, hints, depth)));
  if (s.const !== undefined) return fc.oneof({ arbitrary: fc.constant(s.const), weight: 4 }, { arbitrary: hostileString, weight: 1 });
  if (s.enum) return fc.oneof({ arbitrary: fc.constantFrom(...s.enum), weight: 4 }, { arbitrary: hostileString, weight: 1 });
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  let shaped: fc.Arbitrary<unknown>;
  switch (type) {
    case 'string':
      shaped = stringArb(s);
      break;
    case 'integer':
      shaped = numberArb(s, true);
      break;
    case 'number':
      shaped = numberArb(s, false);
      break;
    case 'boolean':
      shaped = fc.boolean();
      break;
    case 'null':
      shaped = fc.constant(null);
      break;
    case 'array': {
      const item = s.items && depth < 5 ? fromJsonSchema(s.items, hints, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      shaped = fc.array(item, { minLength: 0, maxLength: Math.min((s.maxItems ?? 8) + 1, 12) });
      break;
    }
    case 'object': {
      const props = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, hints[k] ? fc.oneof({ arbitrary: hints[k], weight: 3 }, { arbitrary: fromJsonSchema(v, hints, depth + 1), weight: 1 }) : fromJsonSchema(v, hints, depth + 1)]));
      // Required keys are usually there; sometimes any key may be missing.
      const required = (s.required ?? []).filter((k) => k in model);
      const complete = fc.record(model, { requiredKeys: required });
      const partial = fc.record(model, { requiredKeys: [] });
      const extra = fc.tuple(complete, fc.constantFrom('__proto__', 'constructor', 'extra', 'a\u0000'), fc.jsonValue({ maxDepth: 1 })).map(([r, k, v]) => ({ ...r, [k]: v }));
      shaped = fc.oneof({ arbitrary: complete, weight: 5 }, { arbitrary: partial, weight: 1 }, { arbitrary: extra, weight: 1 });
      break;
    }
    default:
      shaped = fc.jsonValue({ maxDepth: 2 });
  }
  return depth === 0 ? shaped : fc.oneof({ arbitrary: shaped, weight: 6 }, { arbitrary: wrongType, weight: 1 });
}

/** An arbitrary for what a zod schema takes as input (query string, body or params). */
export function arbitraryFor(schema: ZodType, hints: Hints = {}): fc.Arbitrary<unknown> {
  return fromJsonSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, hints);
}

/** An object as a query string (arrays repeat the key, objects travel as JSON); non-objects give a junk parameter. */
export function toQueryString(value: unknown): string {
  const q = new URLSearchParams();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) q.append(k, typeof x === 'string' ? x : JSON.stringify(x));
      else q.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
  } else {
    q.append('junk', JSON.stringify(value) ?? '');
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
