/**
 * The smart home's devices, each a named wampkit session on the embedded router: two lamps, a
 * thermostat and a firmware updater.
 */
import { Result, Sessions, WampError, type Connector } from 'wampkit';

/** Starts the devices; returns their sessions (close them with `sessions.closeAll()`). */
export async function startDevices(transport: () => Connector, options: { thermostatMs?: number } = {}): Promise<{ sessions: Sessions; stop: () => Promise<void> }> {
  const sessions = new Sessions();
  const realm = 'home';

  for (const name of ['kitchen', 'hall']) {
    const lamp = await sessions.start(`lamp.${name}`, { transport: transport(), realm });
    let on = false;
    const publishState = () => lamp.publish(`home.lamp.${name}.state`, [], { on }, { retain: true, acknowledge: true });
    await lamp.register(`home.lamp.${name}.toggle`, async () => {
      on = !on;
      await publishState();
      return new Result([], { on });
    });
    await publishState();
  }

  const thermostat = await sessions.start('thermostat', { transport: transport(), realm });
  let temperature = 21;
  const tick = setInterval(() => {
    temperature = Math.round((temperature + (Math.random() - 0.5) * 0.6) * 10) / 10;
    void thermostat.publish('home.thermostat.temperature', [temperature], { unit: '°C' }, { retain: true });
  }, options.thermostatMs ?? 1000);
  await thermostat.publish('home.thermostat.temperature', [temperature], { unit: '°C' }, { retain: true, acknowledge: true });

  const updater = await sessions.start('updater', { transport: transport(), realm });
  await updater.register('home.updater.update_firmware', async (args, _kwargs, ctx) => {
    const steps = 20;
    const stepMs = typeof args[0] === 'number' ? args[0] : 150;
    for (let step = 1; step <= steps; step++) {
      await new Promise((resolve) => setTimeout(resolve, stepMs));
      if (ctx.signal.aborted) throw new WampError('home.error.update_canceled');
      ctx.progress([Math.round((step / steps) * 100)]);
    }
    return 'firmware 2.0 installed';
  });

  return {
    sessions,
    stop: async () => {
      clearInterval(tick);
      await sessions.closeAll();
    },
  };
}
