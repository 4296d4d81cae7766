import type { RequestServices } from './container';
import type { Logger } from './lib/logger';

export interface AppVariables {
  requestId: string;
  log: Logger;
  services: RequestServices;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
