/** Named sessions: several sessions in one process, each under a unique name. */
import { afterEach, describe, expect, it } from 'vitest';
import { Router } from '../../src/router/index.js';
import { SessionAbortedError, Sessions, connect } from '../../src/index.js';
import { deferred } from './harness.js';

describe('Sessions (named sessions)', () => {
  let router: Router;
  afterEach(() => router.close());

  it('starts, finds, uses and closes sessions by name', async () => {
    router = new Router({ realms: ['home', 'office'] });
    const sessions = new Sessions();
    const kitchen = await sessions.start('kitchen', { transport: router.connector(), realm: 'home' });
    await sessions.start('hall', { transport: router.connector(), realm: 'home', serializers: ['msgpack'] });
    await sessions.start('desk', { transport: router.connector(), realm: 'office' });
    expect(sessions.names().sort()).toEqual(['desk', 'hall', 'kitchen']);
    expect(sessions.get('kitchen')).toBe(kitchen);

    const seen = deferred<unknown[]>();
    await sessions.get('hall').subscribe('home.kitchen.light', (args) => seen.resolve(args));
    await sessions.get('kitchen').publish('home.kitchen.light', [true], {}, { acknowledge: true });
    expect(await seen.promise).toEqual([true]);
    // Realms are separate: the office session does not see the home procedure.
    await kitchen.register('home.kitchen.temp', () => 21);
    await expect(sessions.get('desk').call('home.kitchen.temp')).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });

    await expect(sessions.start('kitchen', { transport: router.connector(), realm: 'home' })).rejects.toThrow(/exists already/);
    expect(await sessions.close('hall')).toMatchObject({ type: 'closed' });
    expect(sessions.has('hall')).toBe(false);
    expect(() => sessions.get('hall')).toThrow(/no session named/);
    await sessions.closeAll();
    expect(sessions.names()).toEqual([]);
    expect(kitchen.status.type).toBe('closed');
  });

  it('frees the name when a session fails to open', async () => {
    router = new Router({ realms: ['home'] });
    const sessions = new Sessions();
    await expect(sessions.start('lamp', { transport: router.connector(), realm: 'nowhere' })).rejects.toBeInstanceOf(SessionAbortedError);
    expect(sessions.has('lamp')).toBe(false);
    await sessions.start('lamp', { transport: router.connector(), realm: 'home' });
    expect(sessions.has('lamp')).toBe(true);
    await sessions.closeAll();
  });

  it('sessions of one router share its WELCOME roles (frozen), and keep their own details, id and realm', async () => {
    router = new Router({ realms: ['home', 'office'] });
    const a = await connect({ transport: router.connector(), realm: 'home' });
    const b = await connect({ transport: router.connector(), realm: 'office', serializers: ['msgpack'] });
    expect(a.details['roles']).toBe(b.details['roles']);
    expect(Object.isFrozen(a.details['roles'])).toBe(true);
    expect(Object.isFrozen((a.details['roles'] as { dealer: object }).dealer)).toBe(true);
    expect(a.supports('dealer', 'call_canceling')).toBe(true);
    expect([a.details['realm'], b.details['realm']]).toEqual(['home', 'office']);
    expect(a.id).not.toBe(b.id);
    expect(a.details).not.toBe(b.details);
    await Promise.all([a.close(), b.close()]);
  });
});

