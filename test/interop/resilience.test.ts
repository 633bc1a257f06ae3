/**
 * Resilience against real router processes: the router is stopped and started again under a
 * session with a reconnect policy; the session reconnects and restores its subscriptions and
 * registrations, and what was outstanding settled instead of hanging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Result, SessionClosedError, connect, type SessionStatus } from '../../src/index.js';
import { skipWith } from './cases/advanced-rpc.js';
import { deferred } from './conformance-context.js';
import { selectedTargets } from './real-routers.js';

for (const target of selectedTargets()) {
  describe(`router ${target.name} resilience`, () => {
    beforeAll(() => target.start(), 120_000);
    afterAll(() => target.stop());

    it('[reconnect] a router restart: the session reconnects and restores subscriptions and registrations', async (ctx) => {
      if (!target.restart) skipWith(ctx, `${target.name} lacks reconnect: no way to restart it`);
      const url = target.urls.websocket!;
      const resilient = await connect({ url, realm: 'realm1', reconnect: { initialDelayMs: 100, maxDelayMs: 500, jitter: 0.1, maxRetries: 200 } });
      const statuses: SessionStatus['type'][] = [];
      const back = deferred<void>();
      resilient.onStatus((s) => {
        statuses.push(s.type);
        if (s.type === 'established') back.resolve();
      });
      await resilient.register('com.wampkit.resilience.ping', () => new Result(['pong']));
      let got = deferred<unknown[]>();
      await resilient.subscribe('com.wampkit.resilience.feed', (args) => got.resolve(args));
      await expect(resilient.call('com.wampkit.resilience.never')).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });

      const t0 = performance.now();
      await target.restart!();
      await back.promise;
      const ms = Math.round(performance.now() - t0);
      expect(statuses[0]).toBe('reconnecting');
      expect(statuses.at(-1)).toBe('established');

      const other = await connect({ url, realm: 'realm1' });
      expect((await other.call('com.wampkit.resilience.ping')).args).toEqual(['pong']);
      got = deferred<unknown[]>();
      await other.publish('com.wampkit.resilience.feed', ['after restart'], {}, { acknowledge: true });
      expect(await got.promise).toEqual(['after restart']);
      console.log(`${target.name}: restart to restored session in ${ms} ms (${statuses.length} status changes)`);
      await other.close();
      await resilient.close();
    }, 120_000);

    it('[reconnect] a call in flight when the router goes away rejects with SessionClosedError', async (ctx) => {
      if (!target.restart) skipWith(ctx, `${target.name} lacks reconnect: no way to restart it`);
      const url = target.urls.websocket!;
      const callee = await connect({ url, realm: 'realm1' });
      const caller = await connect({ url, realm: 'realm1' });
      const invoked = deferred<void>();
      await callee.register('com.wampkit.resilience.slow', () => {
        invoked.resolve();
        return new Promise(() => undefined);
      });
      const pending = caller.call('com.wampkit.resilience.slow').catch((e: unknown) => e);
      await invoked.promise;
      await target.restart!();
      expect(await pending).toBeInstanceOf(SessionClosedError);
      expect((await caller.closed()).type).toBe('closed');
    }, 120_000);
  });
}
