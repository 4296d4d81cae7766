/**
 * Values shared by the requests an isolate serves. Only settled values are shared: in workerd,
 * a request that awaits a promise another request started resumes inside that request's I/O
 * context, and its own I/O is then refused ("Cannot perform I/O on behalf of a different
 * request"). Requests that arrive while a read is in flight read for themselves.
 */

/** A value read at most once per `ttlMs`, while reads succeed. */
export function lease<T>(ttlMs: number, now: () => number = () => Date.now()): (read: () => Promise<T>) => Promise<T> {
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
 * writes. Settled values only, like lease().
 */
export function versionLease(ttlMs: number, now: () => number = () => Date.now()) {
  let current: { at: number; value: number } | undefined;
  // A read that started before the last write (or read) settled cannot replace it.
  const keep = (at: number, value: number) => {
    if (!current || at >= current.at) current = { at, value };
  };
  return {
    read(read: () => Promise<number>): Promise<number> {
      if (current && now() - current.at < ttlMs) return Promise.resolve(current.value);
      const started = now();
      const value = read();
      value.then((v) => keep(started, v), () => {});
      return value;
    },
    learn(value: number): void {
      keep(now(), value);
    },
  };
}
