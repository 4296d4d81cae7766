import { describe, expect, it } from 'vitest';
import { inlineParams } from '../../src/db/inline-params';

describe('inlineParams (a batch as one simple Query over TCP)', () => {
  it('replaces each $n with its value as a quoted literal', () => {
    expect(inlineParams('select set_config($1, $2, true)', ['hnsw.ef_search', '40'])).toBe(
      "select set_config('hnsw.ef_search', '40', true)",
    );
    expect(inlineParams('select $1::int + $10', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(
      "select '1'::int + '10'",
    );
    expect(inlineParams('select $1, $2', [null, undefined])).toBe('select NULL, NULL');
  });

  it('writes arrays as Postgres array literals, quotes and backslashes escaped', () => {
    // The array literal {"a","b\"c","d\\e",NULL}, then as an E'' literal (backslashes doubled).
    expect(inlineParams('select $1::text[]', [['a', 'b"c', 'd\\e', null]])).toBe(
      String.raw`select  E'{"a","b\\"c","d\\\\e",NULL}'::text[]`,
    );
  });

  it('leaves $n inside literals, quoted names, comments and dollar quotes alone', () => {
    const text = `select '$1', E'it\\'s $1', "col$1", $$ $1 $$ -- $1\n, /* $1 */ $1`;
    expect(inlineParams(text, ['x'])).toBe(
      `select '$1', E'it\\'s $1', "col$1", $$ $1 $$ -- $1\n, /* $1 */ 'x'`,
    );
  });

  it('doubles quotes in values, so a value cannot end its literal', () => {
    expect(inlineParams('select $1', ["'; drop table content; --"])).toBe(
      "select '''; drop table content; --'",
    );
  });

  it('refuses a placeholder without a value', () => {
    expect(() => inlineParams('select $2', ['x'])).toThrow(RangeError);
  });
});
