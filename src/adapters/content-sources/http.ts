/** One GET with a deadline, shared by the content sources: JSON or a clear error (the queue retries). */
export async function getJson(
  f: typeof fetch,
  url: string,
  opts: { headers?: Record<string, string>; timeoutMs: number; what: string },
): Promise<unknown> {
  const res = await f(url, {
    headers: { Accept: 'application/json', ...opts.headers },
    signal: AbortSignal.timeout(opts.timeoutMs),
  }).catch((err: unknown) => {
    const timedOut =
      err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new Error(
      timedOut
        ? `${opts.what} did not answer within ${opts.timeoutMs} ms`
        : `${opts.what} is unreachable`,
      { cause: err },
    );
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`${opts.what} answered ${res.status}`);
  }
  return res.json();
}
