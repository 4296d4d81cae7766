/**
 * Calls to the Marquee API from the page, and the session. The access token lives in memory only;
 * the refresh token (returned in the JSON body, rotated on every use) is kept in sessionStorage,
 * so a reload in the same tab stays signed in and closing the tab forgets it. On a 401 the page
 * refreshes once and retries.
 */
export interface User { id: string; email: string; displayName: string | null }
interface Tokens { accessToken: string; refreshToken: string; expiresIn: number }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const REFRESH_KEY = 'marquee.refreshToken';
const USER_KEY = 'marquee.user';
let accessToken: string | null = null;
let user: User | null = null;
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function currentUser(): User | null {
  return user;
}
export function onSessionChange(fn: () => void): void {
  listeners.add(fn);
}
function setSession(u: User | null, t: Tokens | null): void {
  user = u;
  accessToken = t?.accessToken ?? null;
  const s = storage();
  if (u && t) {
    s?.setItem(REFRESH_KEY, t.refreshToken);
    s?.setItem(USER_KEY, JSON.stringify(u));
  } else {
    s?.removeItem(REFRESH_KEY);
    s?.removeItem(USER_KEY);
  }
  for (const fn of listeners) fn();
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `Request failed (${res.status})`);
  }
  return body as T;
}

let refreshing: Promise<boolean> | null = null;
/** Trades the stored refresh token for new tokens; false (and signed out) when it no longer works. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = storage()?.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      const t = await parse<Tokens>(res);
      const stored = storage()?.getItem(USER_KEY);
      setSession(stored ? (JSON.parse(stored) as User) : user, t);
      return true;
    } catch {
      setSession(null, null);
      return false;
    }
  })().finally(() => (refreshing = null));
  return refreshing;
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const send = () => {
    const headers = new Headers(init.headers);
    if (init.json !== undefined) headers.set('Content-Type', 'application/json');
    if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
    return fetch(path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  };
  let res = await send();
  if (res.status === 401 && accessToken && (await refreshSession())) res = await send();
  return parse<T>(res);
}

export async function signIn(mode: 'login' | 'register', body: { email: string; password: string; displayName?: string }): Promise<User> {
  const res = await fetch(`/api/v1/auth/${mode}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const out = await parse<Tokens & { user: User }>(res);
  setSession(out.user, out);
  return out.user;
}

export async function signOut(): Promise<void> {
  try {
    if (accessToken) await api('/api/v1/auth/logout', { method: 'POST' });
  } catch {
    // signed out locally either way
  }
  setSession(null, null);
}

/** On load: the tab had a session before (reload), so get a fresh access token. */
export async function restoreSession(): Promise<void> {
  if (storage()?.getItem(REFRESH_KEY)) await refreshSession();
}
