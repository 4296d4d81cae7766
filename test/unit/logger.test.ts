import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../src/lib/logger';

describe('structured logs', () => {
  it('masks emails and never writes passwords or tokens', () => {
    const lines: string[] = [];
    const log = createLogger({ requestId: 'r1' }, 'info', (l) => lines.push(l));
    log.info('login for jane.doe@example.com', {
      body: { email: 'jane.doe@example.com', password: 'hunter2', refreshToken: 'abc' },
      headers: { authorization: 'Bearer eyJhbGciOi.x.y' },
      note: 'sent Bearer eyJabc.def.ghi to the client',
    });
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 'info',
      requestId: 'r1',
      msg: 'login for j***@example.com',
    });
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).not.toContain('jane.doe');
    expect(lines[0]).not.toContain('eyJ');
    expect(entry.body.password).toBe('[REDACTED]');
  });

  it('respects the level', () => {
    const lines: string[] = [];
    createLogger({}, 'warn', (l) => lines.push(l)).info('quiet');
    expect(lines).toHaveLength(0);
  });

  it('redacts errors to name and message', () => {
    expect(redact(new Error('bad for a@b.co'))).toEqual({
      name: 'Error',
      message: 'bad for a***@b.co',
    });
  });
});
