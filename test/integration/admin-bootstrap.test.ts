/** The first admin: ADMIN_EMAILS (set to bootstrap-admin@marquee.test in vitest.config.ts) makes that account admin at sign-in. */
import { describe, expect, it } from 'vitest';
import { logIn, PASSWORD, send, signUp } from './auth-helpers';
import { expectErrorShape } from './helpers';

const EMAIL = 'bootstrap-admin@marquee.test';

describe('ADMIN_EMAILS bootstrap', () => {
  it('the listed account is admin from its first token, and reaches the operator routes', async () => {
    // Registered by this run, or by an earlier run against the same database: then it signs in.
    const reg = await send('POST', '/api/v1/auth/register', {
      body: { email: EMAIL, password: PASSWORD },
    });
    const session = reg.status === 201 ? reg : await logIn(EMAIL);
    expect(session.status).toBeLessThan(300);
    expect(session.body.user.role).toBe('admin');
    const ops = await send('GET', '/api/v1/admin/platforms', { token: session.body.accessToken });
    expect(ops.status).toBe(200);
    // And again at a later sign-in (the role is stored, not only in that token).
    const again = await logIn(EMAIL);
    expect(again.body.user.role).toBe('admin');
  });

  it('any other account stays a user', async () => {
    const other = await signUp('not-bootstrap');
    const ops = await send('GET', '/api/v1/admin/platforms', { token: other.accessToken });
    expect(ops.status).toBe(403);
    expectErrorShape(ops.body, 'FORBIDDEN');
  });
});
