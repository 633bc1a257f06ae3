/**
 * The dashboard, in the browser: one reconnecting wampkit session that shows the rooms and their
 * devices, a live temperature chart, the device sessions' statuses, sessions joining and leaving
 * (the router's meta events), and an activity log. While the router is away it says so, greys
 * out the controls and marks what it shows as stale; when it is back, the subscriptions are
 * restored and the retained state read again. Bundled by server.ts with esbuild.
 */
import { CanceledError, Session, ticketAuth, webSocketConnector, type SessionStatus } from 'wampkit';
import { TemperatureChart } from './chart.js';
import { Presence } from './presence.js';
import { inWords, outcomeInWords } from './words.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const app = $('app');
const cfg = app.dataset;
const params = new URLSearchParams(location.search);
const stepMs = Number(params.get('stepMs') ?? 150);
const sceneStepMs = Number(params.get('sceneStepMs') ?? 300);

/** Appends a line to the activity log: `kind` is action, event, device, connection or error. */
function log(kind: 'action' | 'event' | 'device' | 'connection' | 'error', text: string): void {
  const li = document.createElement('li');
  li.dataset['kind'] = kind;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  li.append(time, text);
  $('log').prepend(li);
  while ($('log').children.length > 200) $('log').lastElementChild?.remove();
}

/** Shows a fresh value (it is no longer stale). */
function show(id: string, text: string, className?: string): void {
  const el = $(id);
  el.textContent = text;
  if (className !== undefined) el.className = `value ${className}`;
  delete el.dataset['stale'];
}

const controls = $<HTMLFieldSetElement>('controls');
const setConnected = (connected: boolean): void => {
  controls.disabled = !connected;
  $('stale-note').hidden = connected;
  if (!connected) document.querySelectorAll<HTMLElement>('.value').forEach((el) => (el.dataset['stale'] = 'true'));
};

// The session is made first and opened once its status is watched: a router that is away when
// the page loads shows as "reconnecting…" too, and the page waits for it.
const session = new Session({
  transport: webSocketConnector({ url: cfg['url'] || `ws://${location.host}/ws` }),
  realm: cfg['realm'] ?? 'home',
  serializers: ['json'],
  reconnect: { initialDelayMs: 200, maxDelayMs: 2_000 },
  ...(cfg['ticket'] ? { auth: ticketAuth(cfg['authid'] ?? 'dashboard', cfg['ticket']) } : {}),
});

function showStatus(s: SessionStatus): void {
  const status = $('status');
  status.dataset['state'] = s.type;
  switch (s.type) {
    case 'established':
      status.textContent = `connected (session ${s.sessionId})`;
      break;
    case 'reconnecting':
    case 'connecting':
      status.textContent = `reconnecting… (attempt ${s.attempt})`;
      break;
    default:
      status.textContent = s.type === 'failed' || s.type === 'closed' ? 'closed' : s.type;
  }
}
showStatus(session.status);
let lost = false;
session.onStatus((s) => {
  showStatus(s);
  if (s.type === 'established') {
    setConnected(true);
    if (lost) log('connection', 'The home router is back: subscriptions restored, reading the current state again');
    lost = false;
    if (app.dataset['ready']) void readPresence();
  } else if (s.type === 'reconnecting' && !lost) {
    lost = true;
    setConnected(false);
    log('connection', 'Lost the connection to the home router; reconnecting (controls are off, values are the last known)');
  } else if (s.type === 'closed' || s.type === 'failed') {
    setConnected(false);
    log('connection', 'The connection to the home router is closed; reload the page to connect again');
  }
});
await session.open();

// Lamps: retained state, toggles.
const lampOn: Record<string, boolean | undefined> = {};
for (const [name, label] of [['kitchen', 'Kitchen lamp'], ['hall', 'Hall lamp']] as const) {
  await session.subscribe(`home.lamp.${name}.state`, (_args, kwargs) => {
    const on = kwargs['on'] === true;
    show(`lamp-${name}`, on ? 'on' : 'off', on ? 'on' : 'off');
    if (lampOn[name] !== undefined && lampOn[name] !== on) log('event', `${label} turned ${on ? 'on' : 'off'}`);
    lampOn[name] = on;
  }, { get_retained: true });
  $(`toggle-${name}`).addEventListener('click', () => {
    log('action', `You toggled the ${label.toLowerCase()}`);
    session.call(`home.lamp.${name}.toggle`).catch((e: unknown) => log('error', `Could not toggle the ${label.toLowerCase()}: ${inWords(e)}`));
  });
}

// Thermostat: temperature, set-point, chart.
const chartSeconds = Number(params.get('chartSeconds') ?? 120);
const chart = new TemperatureChart($('chart') as unknown as SVGSVGElement, chartSeconds * 1000);
$('chart-window').textContent = chartSeconds >= 120 ? `${chartSeconds / 60} minutes` : `${chartSeconds} seconds`;
let setPoint: number | undefined;
await session.subscribe('home.thermostat.temperature', (args, kwargs) => {
  const t = Number(args[0]);
  show('temperature', `${t.toFixed(1)} ${String(kwargs['unit'] ?? '°C')}`);
  if (typeof kwargs['setPoint'] === 'number') {
    if (setPoint !== undefined && setPoint !== kwargs['setPoint']) log('event', `Thermostat set-point is now ${kwargs['setPoint']} °C`);
    setPoint = kwargs['setPoint'];
    show('set-point', `${setPoint} °C`);
  }
  chart.add(t, setPoint);
  $('chart').dataset['points'] = String(chart.size);
}, { get_retained: true });
$('set-point-apply').addEventListener('click', () => {
  const value = $<HTMLInputElement>('set-point-input').valueAsNumber;
  log('action', `You asked the thermostat for ${Number.isFinite(value) ? value : '(no number)'} °C`);
  session.call('home.thermostat.set_point', [Number.isFinite(value) ? value : null]).then(
    (r) => log('event', `The thermostat accepted ${String(r.args[0])} °C`),
    (e: unknown) => log('error', `The thermostat refused: ${inWords(e)}`),
  );
});

// Scene: several calls made by the hub, one progressive result per step.
$('scene-run').addEventListener('click', () => {
  const button = $<HTMLButtonElement>('scene-run');
  button.disabled = true;
  $('scene-steps').replaceChildren();
  $('scene-status').textContent = 'running…';
  log('action', 'You started the evening scene');
  session.call('home.scene.evening', [sceneStepMs], {}, {
    onProgress: ({ args, kwargs }) => {
      const li = document.createElement('li');
      const outcome = outcomeInWords(String(kwargs['outcome']));
      li.textContent = `${String(kwargs['label'])}: ${outcome}`;
      li.dataset['outcome'] = kwargs['outcome'] === 'done' ? 'done' : 'failed';
      $('scene-steps').append(li);
      $('scene-status').textContent = `step ${String(args[0])} of ${String(args[1])}`;
      log(kwargs['outcome'] === 'done' ? 'event' : 'error', `Scene step ${String(args[0])} of ${String(args[1])} (${String(kwargs['label'])}): ${outcome}`);
    },
  }).then(
    (r) => {
      $('scene-status').textContent = `done: ${String(r.args[0])} of ${String(r.args[1])} steps succeeded`;
      log('event', `The evening scene finished: ${String(r.args[0])} of ${String(r.args[1])} steps succeeded`);
    },
    (e: unknown) => {
      $('scene-status').textContent = 'failed';
      log('error', `The evening scene failed: ${inWords(e)}`);
    },
  ).finally(() => (button.disabled = false));
});

// Firmware update: progressive results, Cancel.
let update: AbortController | undefined;
const progress = $<HTMLProgressElement>('progress');
$('update').addEventListener('click', async () => {
  update = new AbortController();
  $<HTMLButtonElement>('update').disabled = true;
  $<HTMLButtonElement>('cancel').disabled = false;
  $('update-status').textContent = 'updating…';
  progress.value = 0;
  log('action', 'You started a firmware update');
  try {
    const result = await session.call('home.updater.update_firmware', [stepMs], {}, {
      signal: update.signal,
      cancelMode: 'kill',
      onProgress: ({ args }) => (progress.value = args[0] as number),
    });
    progress.value = 100;
    $('update-status').textContent = String(result.args[0]);
    log('event', `Firmware update finished: ${String(result.args[0])}`);
  } catch (error) {
    const at = progress.value;
    progress.value = 0;
    if (error instanceof CanceledError) {
      $('update-status').textContent = 'canceled';
      log('event', `Firmware update canceled at ${at} %`);
    } else {
      $('update-status').textContent = 'failed';
      log('error', `Firmware update failed: ${inWords(error)}`);
    }
  } finally {
    $<HTMLButtonElement>('update').disabled = false;
    $<HTMLButtonElement>('cancel').disabled = true;
  }
});
$('cancel').addEventListener('click', () => {
  log('action', 'You canceled the firmware update');
  update?.abort();
});

// The hall lamp's plug: the hub closes or restarts its session; the meta events tell us.
for (const [id, procedure, verb] of [['unplug-hall', 'home.hub.unplug', 'unplugged'], ['plug-hall-in', 'home.hub.plug', 'plugged in']] as const) {
  $(id).addEventListener('click', () => {
    log('action', `You ${verb} the hall lamp`);
    session.call(procedure).catch((e: unknown) => log('error', `Could not change the hall lamp's plug: ${inWords(e)}`));
  });
}
const labels: Record<string, string> = { 'lamp.kitchen': 'Kitchen lamp', 'lamp.hall': 'Hall lamp', thermostat: 'Thermostat', updater: 'Firmware updater', hub: 'Hub' };
const presence = new Presence(Object.keys(labels), {
  joined: (name, id) => log('device', `${labels[name]} joined the home (session ${id})`),
  left: (name, id) => log('device', `${labels[name]} left the home (session ${id})`),
  changed: () => {
    const plugged = presence.has('lamp.hall');
    show('plug-hall', plugged ? 'plugged in' : 'unplugged');
    $<HTMLButtonElement>('toggle-hall').disabled = !plugged;
    $<HTMLButtonElement>('unplug-hall').disabled = !plugged;
    $<HTMLButtonElement>('plug-hall-in').disabled = plugged;
  },
});
let meta = true;
try {
  await session.subscribe('wamp.session.on_join', (args) => {
    const info = (args[0] ?? {}) as { session?: unknown; authid?: unknown };
    if (typeof info.session === 'number') presence.join(info.session, typeof info.authid === 'string' ? info.authid : undefined);
  });
  await session.subscribe('wamp.session.on_leave', (args) => {
    if (typeof args[0] === 'number') presence.leave(args[0]);
  });
} catch (error) {
  meta = false;
  log('error', `Devices joining and leaving cannot be shown: ${inWords(error)}`);
}
for (const name of Object.keys(labels)) {
  await session.subscribe(`home.device.${name}.session`, (args) => {
    if (typeof args[0] === 'number') presence.announce(name, args[0]);
  }, { get_retained: true });
}
/** Who is there now (after a start or a reconnect): `wamp.session.list` and `wamp.session.get`. */
async function readPresence(): Promise<void> {
  if (!meta) return;
  // Devices join and leave while this reads (they reconnect too): those events win over the list.
  const read = presence.beginRead();
  try {
    const ids = (await session.call('wamp.session.list')).args[0] as number[];
    const infos = await Promise.all(ids.map((id) => session.call('wamp.session.get', [id]).then((r) => r.args[0] as { session: number; authid?: string }, () => ({ session: id }))));
    presence.reset(infos, read);
  } catch (error) {
    presence.endRead();
    log('error', `Could not read which devices are connected: ${inWords(error)}`);
  }
}
await readPresence();

// The device sessions, as the process hosting them sees them (live even while the router is away).
let last: Record<string, string> = {};
new EventSource('/devices').onmessage = (m: MessageEvent<string>) => {
  const rows = JSON.parse(m.data) as Array<{ name: string; label: string; room: string; serializer: string; status: string; attempt?: number; note?: string }>;
  const next: Record<string, string> = {};
  $('device-rows').replaceChildren(...rows.map((d) => {
    const tr = document.createElement('tr');
    tr.id = `device-${d.name.replace('.', '-')}`;
    const text = d.status === 'reconnecting' || (d.status === 'connecting' && (d.attempt ?? 1) > 1)
      ? `reconnecting (attempt ${d.attempt ?? '?'})`
      : d.note ? `${d.status} (${d.note})` : d.status;
    for (const [i, cell] of [d.label, d.room, d.serializer, text].entries()) {
      const td = document.createElement('td');
      td.textContent = cell;
      if (i === 3) td.dataset['status'] = d.status === 'connecting' ? 'reconnecting' : d.status;
      tr.append(td);
    }
    const kind = text.replace(/ \(attempt \d+\)/, '');
    next[d.name] = kind;
    if (last[d.name] !== undefined && last[d.name] !== kind) log('device', `${d.label} session: ${text}`);
    return tr;
  }));
  last = next;
};

setConnected(session.isEstablished);
app.dataset['ready'] = 'true';
