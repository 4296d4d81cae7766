import type { RequestServices } from './container';
import type { Logger } from './lib/logger';
import type { RequestTrace } from './lib/trace';
import type { Role } from './schemas/accounts';

/** The caller proved by a valid bearer token; absent for anonymous requests. */
export interface AuthUser {
  id: string;
  role: Role;
  jti: string;
  /** Session (refresh-token family) the token belongs to. */
  sid: string;
  /** Expiry, seconds since epoch. */
  exp: number;
}

export interface AppVariables {
  requestId: string;
  log: Logger;
  /** This request's span in its W3C trace. */
  trace: RequestTrace;
  services: RequestServices;
  user?: AuthUser;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
