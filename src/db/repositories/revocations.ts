/**
 * The durable truth behind access-token revocation: a session is live while its refresh-token
 * family is unrevoked and its account is not erased (logout, refresh reuse and erasure all
 * write that in Postgres before anything else). Redis holds the fast-path copy.
 */
import { sql } from 'drizzle-orm';
import type { RevocationRecord } from '../../services/accounts/ports';
import { dbCall, type Db } from '../client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createRevocationRecord(db: Db): RevocationRecord {
  return {
    async sessionLive({ sid, sub }) {
      // Claims come from a token this service signed, so they are UUIDs; anything else is no session.
      if (!UUID.test(sid) || !UUID.test(sub)) return false;
      const r = await dbCall(() =>
        db.execute(sql`select exists (
          select 1 from refresh_tokens rt join users u on u.id = rt.user_id
           where rt.family_id = ${sid}::uuid and rt.user_id = ${sub}::uuid
             and rt.revoked_at is null and u.deleted_at is null
        ) as live`),
      );
      return Boolean((r.rows[0] as { live: boolean } | undefined)?.live);
    },

    async revokedSince(seconds) {
      const since = sql`now() - make_interval(secs => ${seconds})`;
      const [sessions, users] = await Promise.all([
        dbCall(() => db.execute(sql`select distinct family_id::text as id from refresh_tokens where revoked_at is not null and revoked_at > ${since}`)),
        dbCall(() => db.execute(sql`select id::text as id from users where deleted_at is not null and deleted_at > ${since}`)),
      ]);
      return { sessions: (sessions.rows as { id: string }[]).map((r) => r.id), users: (users.rows as { id: string }[]).map((r) => r.id) };
    },
  };
}
