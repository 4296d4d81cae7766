/**
 * @upstash/ratelimit's scripts start with `#!lua flags=allow-key-locking`, a flag only Upstash
 * accepts: Redis 7.0 rejects it and ioredis-mock's Lua cannot parse a shebang. The bridge
 * drops that first line.
 */
export function stripLuaShebang(script: string): string {
  return script.startsWith('#!lua') ? script.slice(script.indexOf('\n') + 1 || script.length) : script;
}
