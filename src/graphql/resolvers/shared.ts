/** Dependencies the account resolvers share with the REST routes. */
import type { PersonalDataDeps } from '../../services/accounts/personal-data';
import type { GraphQLContext } from '../context';

export const personalDeps = (ctx: GraphQLContext): PersonalDataDeps => ({
  ...ctx.hono.var.services.accounts(),
  log: ctx.hono.var.log,
});
