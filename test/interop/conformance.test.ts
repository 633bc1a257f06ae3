/**
 * The conformance suite: every case against every router (embedded, Crossbar.io, Nexus), over
 * every transport and serializer the router offers. A case the router lacks the feature for is
 * skipped with the router and feature named. `npm run interop:table` turns the results into the
 * README's router × feature table.
 */
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { advancedPubSubCases } from './cases/advanced-pubsub.js';
import { advancedRpcCases } from './cases/advanced-rpc.js';
import { basicCases } from './cases/basic.js';
import { conformance, type Conformance } from './conformance-context.js';
import { selectedTargets } from './real-routers.js';
import type { TransportName } from './targets.js';

const TRANSPORTS: readonly TransportName[] = ['websocket', 'rawsocket'];

for (const target of selectedTargets()) {
  describe(`router ${target.name}`, () => {
    beforeAll(() => target.start(), 120_000);
    afterAll(() => target.stop());
    for (const transport of TRANSPORTS) {
      for (const serializer of target.serializers) {
        describe(`${target.name} ${transport} ${serializer}`, () => {
          let c: Conformance | undefined;
          const get = (): Conformance => (c ??= conformance(target, transport, serializer));
          afterEach(async () => {
            await c?.cleanup();
            c = undefined;
          });
          basicCases(get);
          advancedRpcCases(get);
          advancedPubSubCases(get);
        });
      }
    }
  });
}
