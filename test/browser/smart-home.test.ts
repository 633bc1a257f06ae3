/**
 * The smart-home demo in headless Chromium: rooms and devices with their retained state, the
 * device sessions (named, one serializer each) and their statuses, an activity log in words,
 * the live temperature chart, the thermostat's set-point procedure, a scene with progressive
 * results, the firmware update and its Cancel, unplugging and plugging a device back (seen via
 * the router's meta events), a router outage and its return, and a taken port. Screenshots go
 * to test-results/smart-home/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmartHome, type SmartHome } from '../../examples/smart-home/server.js';

const shots = fileURLToPath(new URL('../../test-results/smart-home/', import.meta.url));
/** expect.poll with room for a loaded machine (2 cores shared by many runs): 15 s, polled every 50 ms. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

let browser: Browser;
let home: SmartHome;
let page: Page;
const pageErrors: string[] = [];

const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();
const logText = (): Promise<string> => text('#log');
const stale = (selector: string): Promise<string | null> => page.getAttribute(selector, 'data-stale');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  home = await startSmartHome({ thermostatMs: 50 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${home.url}?stepMs=40&sceneStepMs=20&chartSeconds=10`);
  await page.waitForSelector('#app[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await home?.stop();
});

describe('smart-home dashboard', () => {
  it('shows rooms, the retained state of every device and a connected status bar', async () => {
    expect(pageErrors).toEqual([]);
    for (const room of ['Kitchen', 'Hall', 'Living room']) expect(await text('main')).toContain(room);
    await poll(() => text('#lamp-kitchen')).toBe('off');
    expect(await text('#lamp-hall')).toBe('off');
    await poll(async () => /^\d+\.\d °C$/.test(await text('#temperature'))).toBe(true);
    expect(await text('#set-point')).toBe('21 °C');
    expect(await text('#status')).toMatch(/^connected \(session \d+\)$/);
    expect(await page.isEnabled('#toggle-kitchen')).toBe(true);
    await poll(() => text('#plug-hall')).toBe('plugged in');
  });

  it('lists the device sessions by name, each with its own serializer and status', async () => {
    await poll(() => page.$$eval('#device-rows tr', (trs) => trs.length)).toBe(5);
    const table = await page.$$eval('#device-rows tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
    expect(table).toEqual([
      ['Kitchen lamp', 'Kitchen', 'json', 'established'],
      ['Hall lamp', 'Hall', 'msgpack', 'established'],
      ['Thermostat', 'Living room', 'cbor', 'established'],
      ['Firmware updater', 'Utility room', 'json', 'established'],
      ['Hub', 'Utility room', 'msgpack', 'established'],
    ]);
  });

  it('draws the temperature of the last minutes', async () => {
    await poll(() => page.getAttribute('#chart', 'data-points').then(Number)).toBeGreaterThan(5);
    const points = await page.$eval('#chart .temp', (p) => p.getAttribute('points') ?? '');
    expect(points.split(' ').length).toBeGreaterThan(5);
    expect(await text('#chart')).toContain('°C');
    expect(await text('#chart-window')).toBe('10 seconds');
  });

  it('toggles a lamp through an RPC and logs the action and the event', async () => {
    await page.click('#toggle-kitchen');
    await poll(() => text('#lamp-kitchen')).toBe('on');
    expect(await text('#lamp-hall')).toBe('off');
    await poll(logText).toContain('Kitchen lamp turned on');
    expect(await logText()).toContain('You toggled the kitchen lamp');
    await page.click('#toggle-kitchen');
    await poll(() => text('#lamp-kitchen')).toBe('off');
  });

  it('sets the thermostat through a registered procedure, and says in words when it refuses', async () => {
    await page.fill('#set-point-input', '23.5');
    await page.click('#set-point-apply');
    await poll(() => text('#set-point')).toBe('23.5 °C');
    await poll(logText).toContain('The thermostat accepted 23.5 °C');
    await page.fill('#set-point-input', '45');
    await page.click('#set-point-apply');
    await poll(logText).toContain('The thermostat refused: the set-point must be between 10 and 30 °C');
    expect(await text('#set-point')).toBe('23.5 °C');
    expect(await logText()).not.toMatch(/wamp\.error|home\.error/);
  });

  it('runs a scene: several calls, each step shown as it completes', async () => {
    await page.click('#scene-run');
    await poll(() => text('#scene-status')).toBe('done: 3 of 3 steps succeeded');
    expect(await page.$$eval('#scene-steps li', (lis) => lis.map((li) => li.textContent))).toEqual([
      'Kitchen lamp on: done',
      'Hall lamp on: done',
      'Thermostat to 22 °C: done',
    ]);
    await poll(() => text('#lamp-hall')).toBe('on');
    expect(await text('#lamp-kitchen')).toBe('on');
    await poll(() => text('#set-point')).toBe('22 °C');
    expect(await logText()).toContain('The evening scene finished: 3 of 3 steps succeeded');
    await page.screenshot({ path: `${shots}dashboard.png`, fullPage: true });
  });

  it('shows firmware progress and logs the completion', async () => {
    await page.click('#update');
    await poll(() => page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBeGreaterThan(0);
    await poll(() => text('#update-status')).toBe('firmware 2.0 installed');
    expect(await page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBe(100);
    expect(await logText()).toContain('Firmware update finished: firmware 2.0 installed');
  });

  it('cancels a firmware update half way: the bar goes back to 0 and the log says where it stopped', async () => {
    await page.click('#update');
    await poll(() => page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBeGreaterThanOrEqual(20);
    await page.click('#cancel');
    await poll(() => text('#update-status')).toBe('canceled');
    expect(await page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBe(0);
    expect(await logText()).toMatch(/Firmware update canceled at \d+ %/);
    expect(await logText()).toContain('You canceled the firmware update');
    expect(await page.isDisabled('#cancel')).toBe(true);
    expect(await page.isEnabled('#update')).toBe(true);
  });

  it('unplugs the hall lamp and plugs it back: its session leaves and rejoins (meta events)', async () => {
    await page.click('#unplug-hall');
    await poll(() => text('#plug-hall')).toBe('unplugged');
    await poll(logText).toMatch(/Hall lamp left the home \(session \d+\)/);
    await poll(() => text('#device-lamp-hall td:last-child')).toBe('closed (unplugged)');
    expect(await page.isDisabled('#toggle-hall')).toBe(true);
    // The scene now reports the unplugged lamp in words, and does the rest.
    await page.click('#scene-run');
    await poll(() => text('#scene-status')).toBe('done: 2 of 3 steps succeeded');
    expect(await text('#scene-steps')).toContain('Hall lamp on: the device is not connected (unplugged or offline)');
    await page.click('#plug-hall-in');
    await poll(() => text('#plug-hall')).toBe('plugged in');
    await poll(logText).toMatch(/Hall lamp joined the home \(session \d+\)/);
    await poll(() => text('#device-lamp-hall td:last-child')).toBe('established');
    expect(await page.isEnabled('#toggle-hall')).toBe(true);
    expect(await logText()).not.toMatch(/wamp\.error|home\.error/);
  });

  it('rides out a router outage: reconnecting…, controls greyed out, state stale, then all restored', async () => {
    await page.click('#toggle-kitchen'); // kitchen off (the scene turned it on)
    await poll(() => text('#lamp-kitchen')).toBe('off');
    await home.stopRouter();
    await poll(() => text('#status')).toMatch(/^reconnecting… \(attempt \d+\)$/);
    expect(await page.getAttribute('#status', 'data-state')).toMatch(/reconnecting|connecting/);
    expect(await page.isDisabled('#toggle-kitchen')).toBe(true);
    expect(await page.isDisabled('#set-point-apply')).toBe(true);
    expect(await page.isDisabled('#scene-run')).toBe(true);
    expect(await stale('#lamp-kitchen')).toBe('true');
    expect(await stale('#temperature')).toBe('true');
    expect(await page.isVisible('#stale-note')).toBe(true);
    await poll(logText).toContain('Lost the connection to the home router; reconnecting');
    await poll(() => text('#device-thermostat td:last-child')).toMatch(/^reconnecting \(attempt \d+\)$/);
    await page.screenshot({ path: `${shots}reconnecting.png`, fullPage: true });

    await home.startRouter();
    await poll(() => text('#status')).toMatch(/^connected \(session \d+\)$/);
    await poll(logText).toContain('The home router is back: subscriptions restored');
    expect(await page.isEnabled('#toggle-kitchen')).toBe(true);
    expect(await page.isVisible('#stale-note')).toBe(false);
    // Fresh values again: the retained state is read anew from the devices, which came back too.
    await poll(() => stale('#lamp-kitchen')).toBeNull();
    await poll(() => stale('#temperature')).toBeNull();
    expect(await text('#lamp-kitchen')).toBe('off');
    for (const name of ['lamp-kitchen', 'lamp-hall', 'thermostat', 'updater', 'hub']) {
      await poll(() => text(`#device-${name} td:last-child`)).toBe('established');
    }
    await poll(() => text('#plug-hall')).toBe('plugged in');
    // And it works: subscriptions and registrations are back.
    await page.click('#toggle-kitchen');
    await poll(() => text('#lamp-kitchen')).toBe('on');
    expect(pageErrors).toEqual([]);
  });
});

describe('smart-home dashboard opened while the router is away', () => {
  it('says reconnecting…, then shows the home once the router is up', async () => {
    await home.stopRouter();
    const late = await browser.newPage();
    const errors: string[] = [];
    late.on('pageerror', (e) => errors.push(e.message));
    try {
      await late.goto(home.url);
      await expect.poll(async () => (await late.textContent('#status')) ?? '', { timeout: 15_000 }).toMatch(/^reconnecting… \(attempt \d+\)$/);
      expect(await late.isDisabled('#toggle-kitchen')).toBe(true);
      await home.startRouter();
      await late.waitForSelector('#app[data-ready="true"]', { timeout: 15_000 });
      await expect.poll(async () => (await late.textContent('#status')) ?? '', { timeout: 15_000 }).toMatch(/^connected \(session \d+\)$/);
      await expect.poll(async () => (await late.textContent('#lamp-hall')) ?? '', { timeout: 15_000 }).toMatch(/^(on|off)$/);
      expect(await late.isEnabled('#toggle-kitchen')).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await late.close();
    }
  });
});

describe('smart-home server', () => {
  it('says in a sentence that the port is taken, without a stack, and exits 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../examples/smart-home/server.ts', import.meta.url))], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(`smart home: port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).toContain(`PORT=${port + 1} npm run demo:smart-home`);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr).not.toContain('EADDRINUSE');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
