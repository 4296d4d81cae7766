import { exports } from 'cloudflare:workers';

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the Worker through the runtime and always consumes the body (workers-sdk #5524). */
export async function call<T = any>(path: string, init?: RequestInit): Promise<JsonResponse<T>> {
  const res = await exports.default.fetch(new Request(`http://marquee.test${path}`, init));
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** Asserts the project's one error shape. */
export function expectErrorShape(body: any, code: string): void {
  if (
    !body?.error ||
    body.error.code !== code ||
    typeof body.error.message !== 'string' ||
    typeof body.error.requestId !== 'string'
  ) {
    throw new Error(`expected error ${code}, got ${JSON.stringify(body)}`);
  }
  if (JSON.stringify(body).match(/at .+\.(ts|js):\d+/))
    throw new Error('stack trace leaked to the client');
}
