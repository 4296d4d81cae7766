/** Role order and who may act on whose records. Anonymous callers have no role at all. */
import type { Role } from '../../schemas/accounts';

const RANK: Record<Role, number> = { user: 1, premium: 2, admin: 3, super_admin: 4 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

export const isAdmin = (role: Role) => hasRole(role, 'admin');

/** A user reaches only their own records; admins reach everyone's. */
export function mayAccessUser(caller: { id: string; role: Role }, targetId: string): boolean {
  return caller.id === targetId || isAdmin(caller.role);
}

/** Changing or erasing an account needs a rank at least as high as the account's own. */
export function mayManage(callerRole: Role, targetRole: Role): boolean {
  return RANK[callerRole] >= RANK[targetRole];
}
