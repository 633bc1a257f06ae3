/** The Node service: implements the contract. Handlers get checked, typed arguments. */
import type { Session } from 'wampkit';
import { heatUp, reading, setTarget } from './contract.js';

export async function startThermostat(session: Session): Promise<void> {
  let current = 19;
  await session.register(setTarget, ([target], { unit = 'C' }) => ({ target, unit }));
  await session.register(heatUp, async ([to], _kwargs, ctx) => {
    while (current < to) ctx.progress(++current);
    return 'reached' as const;
  });
  await session.publish(reading, [current], { unit: 'C' }, { acknowledge: true });
}
