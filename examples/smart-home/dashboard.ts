/**
 * The dashboard, in the browser: live lamp states and temperature, toggles, and a firmware update
 * with a progress bar and a Cancel button. Bundled by server.ts with esbuild.
 */
import { CanceledError, connect } from 'wampkit';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const log = (text: string): void => {
  $('log').textContent = `${new Date().toLocaleTimeString()} ${text}\n${$('log').textContent ?? ''}`.slice(0, 2000);
};

const session = await connect({ url: `ws://${location.hostname}:${$('app').dataset['wsPort']}/ws`, realm: 'home', serializers: ['json'] });
$('status').textContent = `established (session ${session.id})`;
session.onStatus((s) => ($('status').textContent = s.type));

for (const name of ['kitchen', 'hall']) {
  await session.subscribe(`home.lamp.${name}.state`, (_args, kwargs) => {
    $(`lamp-${name}`).textContent = kwargs['on'] ? 'on' : 'off';
    $(`lamp-${name}`).className = kwargs['on'] ? 'on' : 'off';
  }, { get_retained: true });
  $(`toggle-${name}`).addEventListener('click', () => {
    session.call(`home.lamp.${name}.toggle`).then(
      (r) => log(`${name} lamp is ${r.kwargs['on'] ? 'on' : 'off'}`),
      (e: Error) => log(`toggle failed: ${e.message}`),
    );
  });
}

await session.subscribe('home.thermostat.temperature', (args, kwargs) => {
  $('temperature').textContent = `${String(args[0])} ${String(kwargs['unit'] ?? '')}`;
}, { get_retained: true });

let update: AbortController | undefined;
$('update').addEventListener('click', async () => {
  update = new AbortController();
  ($('update') as HTMLButtonElement).disabled = true;
  ($('cancel') as HTMLButtonElement).disabled = false;
  $('update-status').textContent = 'updating…';
  ($('progress') as HTMLProgressElement).value = 0;
  const stepMs = Number(new URLSearchParams(location.search).get('stepMs') ?? 150);
  try {
    const result = await session.call('home.updater.update_firmware', [stepMs], {}, {
      signal: update.signal,
      cancelMode: 'kill',
      onProgress: ({ args }) => {
        ($('progress') as HTMLProgressElement).value = args[0] as number;
      },
    });
    ($('progress') as HTMLProgressElement).value = 100;
    $('update-status').textContent = String(result.args[0]);
  } catch (error) {
    $('update-status').textContent = error instanceof CanceledError ? 'canceled' : `failed: ${(error as Error).message}`;
  } finally {
    ($('update') as HTMLButtonElement).disabled = false;
    ($('cancel') as HTMLButtonElement).disabled = true;
  }
});
$('cancel').addEventListener('click', () => update?.abort());
$('app').dataset['ready'] = 'true';
