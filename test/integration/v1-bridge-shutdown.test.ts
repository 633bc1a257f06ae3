/** The router's v1 bridge when the router shuts down (its own file: see test/integration/v1-bridge.test.ts). */
import { describe, expect, it } from 'vitest';
import { Router } from 'wampkit/router';
import { connect as connectV1 } from 'wampkit/v1';

describe('router v1 bridge at shutdown', () => {
  it('the bridge answers GOODBYE for its v1 client and closes the WebSocket', async () => {
    const router = new Router({ realms: ['realm1'], shutdownTimeoutMs: 10_000 });
    const { url } = await router.listenWebSocket({ port: 0, v1: { realm: 'realm1' } });
    const s = await connectV1({ url });
    const started = Date.now();
    await router.close();
    expect((await s.closed()).type).toBe('closed');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
