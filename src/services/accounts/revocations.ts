/**
 * Access-token revocation that survives a Redis outage. Postgres holds the truth (a session is
 * revoked when its refresh family is, an account when it is erased: both written before any
 * denylist call); Redis holds a copy for the fast path, with a marker saying it was resynced
 * from Postgres within the last few seconds.
 *
 * - Redis answers "revoked": refused, no database.
 * - Redis answers "not revoked" and its copy is fresh (and this isolate saw no failed Redis
 *   write since its last resync): accepted, no database.
 * - Otherwise (Redis down, hung past its deadline, or its copy stale): Postgres decides, and a
 *   resync runs in the background once Redis answers again. If Postgres cannot answer either,
 *   the error propagates: the request fails closed (503), never accepts.
 *
 * So a logout made while Redis was down holds during the outage (Postgres) and after it (the
 * isolate that failed to write resyncs first; any other isolate within FRESH_SECONDS, when the
 * marker it trusts expires).
 */
import type { RevocationCache, RevocationRecord, TokenDenylist, Warn } from './ports';

/** How long a resync vouches for the Redis copy. */
export const FRESH_SECONDS = 5;

/** Per isolate: whether a denylist write failed since the last resync. */
export interface RevocationState {
  dirty: boolean;
  generation: number;
  resyncing?: Promise<void>;
}

export const newRevocationState = (): RevocationState => ({ dirty: false, generation: 0 });

export interface RevocationDeps {
  /** Throws when Redis is not configured (treated like an outage). */
  cache: () => RevocationCache;
  record: () => RevocationRecord;
  accessTtlSec: number;
  state: RevocationState;
  /** Work to finish after the response (the resync). */
  background: (task: Promise<unknown>) => void;
  log: Warn;
}

export function createRevocations(deps: RevocationDeps): TokenDenylist {
  const { state, log } = deps;
  const markDirty = () => {
    state.dirty = true;
    state.generation++;
  };
  const write = async (what: string, fn: (cache: RevocationCache) => Promise<void>) => {
    try {
      await fn(deps.cache());
    } catch (err) {
      // Postgres already holds this revocation; the next resync copies it into Redis.
      markDirty();
      log.warn(`${what}: Redis unavailable, Postgres holds it until the Redis copy is resynced`, { error: err });
    }
  };
  const resync = () => {
    if (state.resyncing) return;
    const generation = state.generation;
    state.resyncing = (async () => {
      try {
        const revoked = await deps.record().revokedSince(deps.accessTtlSec);
        await deps.cache().resync(revoked, deps.accessTtlSec, FRESH_SECONDS);
        if (state.generation === generation) state.dirty = false;
      } catch (err) {
        log.warn('denylist resync failed; Postgres keeps deciding', { error: err });
      } finally {
        state.resyncing = undefined;
      }
    })();
    deps.background(state.resyncing);
  };
  return {
    revokeToken: (jti, ttl) => write('deny access token', (c) => c.revokeToken(jti, ttl)),
    revokeSession: (sid, ttl) => write('deny session', (c) => c.revokeSession(sid, ttl)),
    revokeUser: (sub, ttl) => write('deny account', (c) => c.revokeUser(sub, ttl)),
    async isRevoked(claims) {
      let cached: { revoked: boolean; fresh: boolean } | undefined;
      try {
        cached = await deps.cache().check(claims);
      } catch (err) {
        markDirty();
        log.warn('token denylist unavailable; asking Postgres', { error: err });
      }
      if (cached?.revoked) return true;
      if (cached?.fresh && !state.dirty) return false;
      // Throws (503) when Postgres cannot answer either: fail closed.
      const live = await deps.record().sessionLive(claims);
      if (cached) resync();
      return !live;
    },
  };
}
