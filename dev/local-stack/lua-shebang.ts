/**
 * Lua scripts as the Upstash bridge hands them to its backend.
 *
 * @upstash/ratelimit's scripts start with `#!lua flags=allow-key-locking`, a flag only Upstash
 * accepts: Redis 7 rejects it ("Unexpected flag in script shebang") and ioredis-mock's Lua cannot
 * parse a shebang at all. The client, though, addresses the script by the sha1 of the ORIGINAL
 * text (a constant in the library: EVALSHA first, EVAL on NOSCRIPT), which the backend never sees.
 * So the bridge remembers sha1(original) → runnable source and answers EVALSHA with EVAL.
 */
import { createHash } from 'node:crypto';

export const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** Blanks a leading `#!lua …` line; the newline stays so line numbers in Lua errors still match. */
export function stripLuaShebang(script: string): string {
  if (!script.startsWith('#!lua')) return script;
  const eol = script.indexOf('\n');
  return eol === -1 ? '' : script.slice(eol);
}

/** What to do with one command: send it (and maybe fix the reply), or answer at once. */
export type ScriptPlan<R> =
  | { send: string[]; fix?: (reply: R) => R }
  | { reply: R }
  | { error: string };

/**
 * `emulate`: the backend has no script cache (ioredis-mock has no SCRIPT command), so the table
 * keeps every script it sees and answers SCRIPT LOAD / EXISTS / FLUSH itself. Otherwise it only
 * keeps the scripts whose text it had to change, and Redis caches the rest as usual.
 */
export class ScriptTable<R> {
  private readonly bySha = new Map<string, string>();
  constructor(private readonly emulate: boolean) {}

  plan(cmd: string[]): ScriptPlan<R> {
    const name = cmd[0]!.toUpperCase();
    const rest = cmd.slice(2);
    if ((name === 'EVAL' || name === 'EVAL_RO') && cmd[1] !== undefined) {
      return { send: [cmd[0]!, this.remember(cmd[1]), ...rest] };
    }
    if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && cmd[1] !== undefined) {
      const source = this.bySha.get(cmd[1].toLowerCase());
      if (source !== undefined)
        return { send: [name === 'EVALSHA' ? 'EVAL' : 'EVAL_RO', source, ...rest] };
      // The client falls back to EVAL only when the message contains NOSCRIPT.
      return this.emulate
        ? { error: 'NOSCRIPT No matching script. Please use EVAL.' }
        : { send: cmd };
    }
    if (name !== 'SCRIPT' || cmd[1] === undefined) return { send: cmd };
    const sub = cmd[1].toUpperCase();
    if (sub === 'LOAD' && cmd[2] !== undefined) {
      const original = cmd[2];
      const source = this.remember(original);
      // Upstash answers with the sha of the text it was sent, and the client relies on that.
      if (this.emulate) return { reply: sha1(original) as R };
      return source === original
        ? { send: cmd }
        : { send: ['SCRIPT', 'LOAD', source], fix: () => sha1(original) as R };
    }
    if (sub === 'EXISTS') {
      const shas = cmd.slice(2).map((s) => s.toLowerCase());
      if (this.emulate) return { reply: shas.map((s) => (this.bySha.has(s) ? 1 : 0)) as R };
      return {
        send: cmd,
        fix: (r) =>
          (Array.isArray(r) ? r.map((x, i) => (this.bySha.has(shas[i]!) ? 1 : x)) : r) as R,
      };
    }
    if (sub === 'FLUSH') {
      this.bySha.clear();
      if (this.emulate) return { reply: 'OK' as R };
    }
    return { send: cmd };
  }

  /** Returns the source to run, remembering it under the original's sha when the backend won't know it. */
  private remember(original: string): string {
    const source = stripLuaShebang(original);
    if (this.emulate || source !== original) this.bySha.set(sha1(original), source);
    return source;
  }
}
