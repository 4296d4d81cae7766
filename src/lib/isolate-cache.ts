/**
 * Values shared by the requests an isolate serves. Only settled values are shared: in workerd,
 * a request that awaits a promise another request started resumes inside that request's I/O
 * context, and its own I/O is then refused ("Cannot perform I/O on behalf of a different
 * request"). Requests that arrive while a read is in flight read for themselves.
 */

/** A value read at most once per `ttlMs`, while reads succeed. */
export function lease<T>(
  ttlMs: number,
  now: () => number = () => Date.now(),
): (read: () => Promise<T>) => Promise<T> {
  let current: { at: number; value: T } | undefined;
  return (read) => {
    if (current && now() - current.at < ttlMs) return Promise.resolve(current.value);
    const started = now();
    const value = read();
    value.then(
      (v) => {
        if (!current || current.at <= started) current = { at: started, value: v };
      },
      // A failed read is the caller's to handle (it has the promise); the next read tries again.
      () => {},
    );
    return value;
  };
}

/** One lease per key, all with the same time to live (a few isolate-wide values: the gazetteer, keys...). */
export class SettledMemo {
  private readonly leases = new Map<string, (read: () => Promise<unknown>) => Promise<unknown>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    let l = this.leases.get(key);
    if (!l) this.leases.set(key, (l = lease<unknown>(this.ttlMs, this.now)));
    return l(read) as Promise<T>;
  }
}

/**
 * A version number read at most once per `ttlMs`, which also learns the versions this isolate
 * writes. Once older than `ttlMs` (and younger than `staleMs`) it is still answered, while one
 * request refreshes it in its background: under steady traffic nobody waits for the read. Settled
 * values only, like lease(): no request awaits a read another started.
 */
export function versionLease(ttlMs: number, staleMs: number, now: () => number = () => Date.now()) {
  let current: { at: number; value: number } | undefined;
  let refreshingSince = -Infinity;
  // A read that started before the last write (or read) settled cannot replace it.
  const keep = (at: number, value: number) => {
    if (!current || at >= current.at) current = { at, value };
  };
  const start = (read: () => Promise<number>) => {
    const started = now();
    const value = read();
    value.then(
      (v) => keep(started, v),
      () => {},
    );
    return value;
  };
  return {
    /** `background` starts the refresh it is given after the response (e.g. in waitUntil). */
    read(
      read: () => Promise<number>,
      background?: (refresh: () => Promise<unknown>) => void,
    ): Promise<number> {
      const age = current ? now() - current.at : Infinity;
      if (current && age < ttlMs) return Promise.resolve(current.value);
      if (current && background && age < staleMs) {
        // One refresh at a time; one whose request went away (a cancelled waitUntil) is given up after a while.
        if (now() - refreshingSince > ttlMs * 5) {
          refreshingSince = now();
          background(() => start(read).finally(() => (refreshingSince = -Infinity)));
        }
        return Promise.resolve(current.value);
      }
      return start(read);
    },
    learn(value: number): void {
      keep(now(), value);
    },
  };
}
