/**
 * An application's own test written with `wampkit/testing`: a thermostat service and a client,
 * checked through a router whose links the test disturbs. Run: `npx tsx examples/app-test.ts`
 * (prints one "ok - …" line per check; exits non-zero on the first failure).
 */
import * as assert from 'node:assert/strict';
import { connect, TimeoutError, type Session } from 'wampkit';
import { TestRouter, waitForStatus } from 'wampkit/testing';

/** The application under test: a thermostat that registers its set-point procedure. */
async function startThermostat(session: Session): Promise<void> {
  let setPoint = 20;
  await session.register('home.thermostat.set', (args) => {
    setPoint = Number(args[0]);
    return setPoint;
  });
}

const router = new TestRouter();
const reconnect = { initialDelayMs: 10, jitter: 0, maxRetries: 20 };
const device = await connect({ transport: router.connector(), realm: 'realm1', reconnect, heartbeat: false });
await startThermostat(device);
const panel = await connect({ transport: router.connector(), realm: 'realm1', reconnect, heartbeat: false });
const panelLink = router.lastLink!;

assert.deepEqual((await panel.call('home.thermostat.set', [21.5])).args, [21.5]);
console.log('ok - the panel sets the thermostat');

panelLink.delay(30);
assert.deepEqual((await panel.call('home.thermostat.set', [22])).args, [22]);
panelLink.delay(0);
console.log('ok - a slow link only slows it down');

panelLink.freeze();
await assert.rejects(panel.call('home.thermostat.set', [23], {}, { timeoutMs: 50 }), TimeoutError);
panelLink.thaw();
console.log('ok - a frozen link: the call times out on time, nothing hangs');

await router.restart();
await waitForStatus(device, 'established');
await waitForStatus(panel, 'established');
assert.deepEqual((await panel.call('home.thermostat.set', [19])).args, [19]);
console.log('ok - after a router restart the thermostat is registered again and reachable');

for (const link of router.links) link.sever(); // the network goes away under both
await waitForStatus(device, 'established');
await waitForStatus(panel, 'established');
assert.deepEqual((await panel.call('home.thermostat.set', [18])).args, [18]);
console.log('ok - severed links: both reconnect by themselves, the registration restored');

await panel.close();
await device.close();
await router.close();
console.log('all ok');
