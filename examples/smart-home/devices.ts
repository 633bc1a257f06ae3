/**
 * The smart home's devices, each a named wampkit session (`Sessions`) with a serializer of its
 * own: two lamps, a thermostat with a set-point procedure, a firmware updater and a hub that
 * runs scenes and unplugs / plugs the hall lamp. Every device reconnects on its own and publishes
 * its retained state again when it is back (a restarted router has forgotten it).
 */
import { Result, Sessions, WampError, type Authenticator, type SerializerName, type Session, type SessionStatus } from 'wampkit';

/** Where the devices connect. */
export interface DeviceLink {
  /** The router's WebSocket URL. */
  readonly url: string;
  /** The realm. */
  readonly realm: string;
  /** The credentials of device `name` (default: none, anonymous). */
  readonly auth?: (name: string) => Authenticator | undefined;
}

/** What the dashboard shows of one device session. */
export interface DeviceStatus {
  readonly name: string;
  readonly label: string;
  readonly room: string;
  readonly serializer: SerializerName;
  /** `established`, `reconnecting`, `connecting`, `closed`, … (the session's status type). */
  readonly status: SessionStatus['type'];
  /** The reconnect attempt, while reconnecting or connecting again. */
  readonly attempt?: number;
  /** Why it is closed, in words (`unplugged`, `stopped`, …). */
  readonly note?: string;
}

/** The devices: name → room, label and serializer. The hall lamp is the one that can be unplugged. */
export const DEVICES = {
  'lamp.kitchen': { room: 'Kitchen', label: 'Kitchen lamp', serializer: 'json' },
  'lamp.hall': { room: 'Hall', label: 'Hall lamp', serializer: 'msgpack' },
  thermostat: { room: 'Living room', label: 'Thermostat', serializer: 'cbor' },
  updater: { room: 'Utility room', label: 'Firmware updater', serializer: 'json' },
  hub: { room: 'Utility room', label: 'Hub', serializer: 'msgpack' },
} as const satisfies Record<string, { room: string; label: string; serializer: SerializerName }>;

/** A device name. */
export type DeviceName = keyof typeof DEVICES;

/** The set-point range of the thermostat, in °C. */
export const SET_POINT = { min: 10, max: 30 } as const;

/** Running devices. */
export interface Devices {
  readonly sessions: Sessions;
  /** Every device's status now. */
  statuses(): DeviceStatus[];
  /** Calls `listener` on every status change; returns a function that stops it. */
  onChange(listener: () => void): () => void;
  /** Closes every device session. */
  stop(): Promise<void>;
}

const RECONNECT = { initialDelayMs: 200, maxDelayMs: 2_000 };

/** Starts the devices on `link`. `thermostatMs` is the thermostat's reporting period (default 1000). */
export async function startDevices(link: DeviceLink, options: { thermostatMs?: number } = {}): Promise<Devices> {
  const sessions = new Sessions();
  const statuses = new Map<DeviceName, DeviceStatus>();
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((l) => l());
  const setStatus = (name: DeviceName, status: SessionStatus['type'], extra: { attempt?: number; note?: string } = {}): void => {
    statuses.set(name, { name, ...DEVICES[name], status, ...extra });
    changed();
  };
  const quiet = (p: Promise<unknown>): void => void p.catch(() => undefined);

  /** Starts device `name`; `onUp` runs on the first establishment and after every reconnect. */
  const start = async (name: DeviceName, onUp: (s: Session) => Promise<void>): Promise<Session> => {
    setStatus(name, 'connecting', { attempt: 1 });
    const auth = link.auth?.(name);
    const session = await sessions.start(name, {
      url: link.url,
      realm: link.realm,
      serializers: [DEVICES[name].serializer],
      reconnect: RECONNECT,
      ...(auth ? { auth } : {}),
    });
    // Which session is which device, for routers whose anonymous authids are random.
    const announce = () => session.publish(`home.device.${name}.session`, [session.id], {}, { retain: true, acknowledge: true });
    session.onStatus((s) => {
      if (s.type === 'established') quiet(Promise.all([onUp(session), announce()]));
      const attempt = s.type === 'reconnecting' || s.type === 'connecting' ? s.attempt : undefined;
      if (statuses.get(name)?.note !== 'unplugged') setStatus(name, s.type, attempt === undefined ? {} : { attempt });
    });
    setStatus(name, 'established');
    await Promise.all([onUp(session), announce()]);
    return session;
  };

  // Lamps: retained state, toggle and set.
  const lamps: Record<string, boolean> = { kitchen: false, hall: false };
  const lamp = (room: 'kitchen' | 'hall') => {
    const publish = (s: Session) => s.publish(`home.lamp.${room}.state`, [], { on: lamps[room] }, { retain: true, acknowledge: true });
    return async (s: Session): Promise<void> => {
      if (!s.isEstablished) return;
      await publish(s);
    };
  };
  const startLamp = async (room: 'kitchen' | 'hall'): Promise<void> => {
    const up = lamp(room);
    const s = await start(`lamp.${room}`, up);
    const change = async (on: boolean): Promise<Result> => {
      lamps[room] = on;
      await up(s);
      return new Result([], { on });
    };
    await s.register(`home.lamp.${room}.toggle`, () => change(!lamps[room]));
    await s.register(`home.lamp.${room}.set`, (_a, kw) => change(kw['on'] === true));
  };
  await startLamp('kitchen');
  await startLamp('hall');

  // Thermostat: temperature drifting towards the set-point, the set-point a registered procedure.
  let temperature = 19;
  let setPoint = 21;
  const publishThermostat = (s: Session) =>
    s.publish('home.thermostat.temperature', [temperature], { unit: '°C', setPoint }, { retain: true, acknowledge: true });
  const thermostat = await start('thermostat', async (s) => {
    await publishThermostat(s);
  });
  await thermostat.register('home.thermostat.set_point', async (args) => {
    const value = args[0];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < SET_POINT.min || value > SET_POINT.max) {
      throw new WampError('home.error.out_of_range', { args: [value], kwargs: SET_POINT });
    }
    setPoint = Math.round(value * 10) / 10;
    quiet(publishThermostat(thermostat));
    return new Result([setPoint], { unit: '°C' });
  });
  const tick = setInterval(() => {
    temperature = Math.round((temperature + (setPoint - temperature) * 0.1 + (Math.random() - 0.5) * 0.2) * 10) / 10;
    if (thermostat.isEstablished) quiet(publishThermostat(thermostat));
  }, options.thermostatMs ?? 1000);

  // Firmware updater: a long call with progressive results that a caller can cancel.
  const updater = await start('updater', async () => undefined);
  await updater.register('home.updater.update_firmware', async (args, _kwargs, ctx) => {
    const steps = 20;
    const stepMs = typeof args[0] === 'number' ? Math.min(Math.max(args[0], 1), 1_000) : 150;
    for (let step = 1; step <= steps; step++) {
      await new Promise((resolve) => setTimeout(resolve, stepMs));
      if (ctx.signal.aborted) throw new WampError('home.error.update_canceled');
      ctx.progress([Math.round((step / steps) * 100)]);
    }
    return 'firmware 2.0 installed';
  });

  // Hub: scenes (several calls, one progressive result per step) and the hall lamp's plug.
  const hub = await start('hub', async () => undefined);
  const scene: Array<{ label: string; procedure: string; args: unknown[]; kwargs: Record<string, unknown> }> = [
    { label: 'Kitchen lamp on', procedure: 'home.lamp.kitchen.set', args: [], kwargs: { on: true } },
    { label: 'Hall lamp on', procedure: 'home.lamp.hall.set', args: [], kwargs: { on: true } },
    { label: 'Thermostat to 22 °C', procedure: 'home.thermostat.set_point', args: [22], kwargs: {} },
  ];
  await hub.register('home.scene.evening', async (args, _kwargs, ctx) => {
    const stepMs = typeof args[0] === 'number' ? Math.min(Math.max(args[0], 0), 1_000) : 300;
    let done = 0;
    for (const [i, step] of scene.entries()) {
      if (ctx.signal.aborted) throw new WampError('wamp.error.canceled');
      let outcome = 'done';
      try {
        await hub.call(step.procedure, step.args, step.kwargs, { timeoutMs: 5_000 });
        done++;
      } catch (error) {
        outcome = error instanceof WampError ? error.uri : 'failed';
      }
      ctx.progress([i + 1, scene.length], { label: step.label, outcome });
      if (stepMs > 0) await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
    return new Result([done, scene.length]);
  });
  await hub.register('home.hub.unplug', async () => {
    if (!sessions.has('lamp.hall')) return 'already unplugged';
    setStatus('lamp.hall', 'closed', { note: 'unplugged' });
    await sessions.close('lamp.hall');
    return 'unplugged';
  });
  await hub.register('home.hub.plug', async () => {
    if (sessions.has('lamp.hall')) return 'already plugged in';
    setStatus('lamp.hall', 'connecting', { attempt: 1 });
    try {
      await startLamp('hall');
    } catch (error) {
      setStatus('lamp.hall', 'closed', { note: 'could not connect' });
      throw error;
    }
    return 'plugged in';
  });

  return {
    sessions,
    statuses: () => (Object.keys(DEVICES) as DeviceName[]).flatMap((n) => statuses.get(n) ?? []),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      clearInterval(tick);
      for (const name of sessions.names()) setStatus(name as DeviceName, 'closed', { note: 'stopped' });
      listeners.clear();
      await sessions.closeAll();
    },
  };
}
