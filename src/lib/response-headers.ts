/**
 * Sets headers on a context's response (hono's `c.res`). A response passed through from fetch,
 * the Cache API or a Durable Object has immutable headers: it is copied first.
 */
export function setResponseHeaders(c: { res: Response }, headers: Record<string, string>): void {
  try {
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  } catch {
    c.res = new Response(c.res.body, c.res);
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  }
}
