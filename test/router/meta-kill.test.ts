/** wamp.session.kill is opt-in: the embedded router has no authorizer to restrict it. */
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

describe('wamp.session.kill', () => {
  it('is not offered by default', async () => {
    const router = new Router({ info: false });
    const a = await connect({ transport: router.connector(), realm: 'realm1' });
    const b = await connect({ transport: router.connector(), realm: 'realm1' });
    await expect(a.call('wamp.session.kill', [b.id])).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });
    expect(b.status.type).toBe('established');
    await router.close();
  });

  it('ends another session with metaKill: true', async () => {
    const router = new Router({ info: false, metaKill: true });
    const a = await connect({ transport: router.connector(), realm: 'realm1' });
    const b = await connect({ transport: router.connector(), realm: 'realm1' });
    await a.call('wamp.session.kill', [b.id], { reason: 'com.example.bye' });
    expect(await b.closed()).toMatchObject({ type: 'closed', reason: 'com.example.bye' });
    await router.close();
  });
});
