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
// Each session gets its own named connector, so the test can find its link after reconnects.
const device = await connect({ transport: router.connector('device'), realm: 'realm1', reconnect, heartbeat: false });
await startThermostat(device);
// The panel holds what the user does while the router is away (offline queue).
const panel = await connect({ transport: router.connector('panel'), realm: 'realm1', reconnect, heartbeat: false, offlineQueue: { maxAgeMs: 5_000 } });
const panelLink = router.lastLinkOf('panel')!;

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

router.lastLinkOf('panel')!.sever(); // the panel's connection drops
await waitForStatus(panel, 'reconnecting');
const whileAway = panel.call('home.thermostat.set', [17]);
assert.equal(panel.pending.length, 1);
assert.deepEqual((await whileAway).args, [17]);
console.log('ok - a set-point made while the panel reconnects waits and goes through once it is back');

await panel.close();
await device.close();
await router.close();
console.log('all ok');
