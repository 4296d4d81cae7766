/**
 * What every feature of a request shares: its database pool (Workers forbid sharing I/O
 * objects across requests, so one per request, opened on first use), the isolate's Redis
 * client, its logger, and the work left to finish after the response.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { openDatabase, type Database, type Db } from '../db/client';
import { getUserPreferences, type UserSearchPreferences } from '../db/repositories/users';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { newRequestTiming, type RequestTiming } from '../lib/request-timing';
import type { IsolateServices } from './isolate';
import { isolateLog } from './metrics';

export interface RequestScope {
  iso: IsolateServices;
  /** The request's or the batch's logger (with its trace ids), else the isolate's. */
  log: Logger;
  /** Opens the request's pool on first use. */
  db(): Db;
  /** Throws DEPENDENCY_UNAVAILABLE when Redis is not configured. */
  redis(): Redis;
  /**
   * A signed-in person's preferences, read once per request however many features ask (the
   * default region, search ranking, feeds' parental limit).
   */
  userPreferences(userId: string): Promise<UserSearchPreferences | null>;
  /** Database statements run for this request so far (a drizzle logger counts them). */
  queryCount(): number;
  /** This request's round trips (database, Redis, embeddings) and cache layer, for Server-Timing. */
  timing: RequestTiming;
  /** Work to finish after the response (search history, cache writes); dispose waits for it. */
  background(task: Promise<unknown>): void;
  /** Closes what this request opened; call through waitUntil. */
  dispose(): Promise<void>;
}

export function openRequestScope(iso: IsolateServices, log?: Logger): RequestScope {
  let database: Database | undefined;
  const timing = newRequestTiming();
  const tasks: Promise<unknown>[] = [];
  const scopeLog = log ?? isolateLog;
  const prefs = new Map<string, Promise<UserSearchPreferences | null>>();
  const db = () =>
    (database ??= openDatabase(
      iso.config.database,
      { logQuery: () => void timing.queries++ },
      () => void timing.connections++,
      timing,
    )).db;
  return {
    iso,
    log: scopeLog,
    db,
    userPreferences: (userId) => {
      let found = prefs.get(userId);
      if (!found) {
        found = getUserPreferences(db(), userId);
        found.catch(() => prefs.delete(userId));
        prefs.set(userId, found);
      }
      return found;
    },
    redis: () => {
      if (!iso.redis)
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          'Redis is not configured (UPSTASH_REDIS_REST_URL / _TOKEN are unset)',
        );
      return iso.redis;
    },
    queryCount: () => timing.queries,
    timing,
    background: (task) => {
      tasks.push(
        task.catch((err) => {
          // Nothing waits on these, so the failure is logged rather than lost.
          scopeLog.error('background task failed', {
            error: err instanceof Error ? err.message : String(err),
          });
        }),
      );
    },
    dispose: async () => {
      // Background tasks may start more (a recomputed list then stores itself): wait for all.
      for (let done = 0; done < tasks.length; ) {
        const batch = tasks.slice(done);
        done = tasks.length;
        await Promise.all(batch);
      }
      await database?.close();
    },
  };
}
