/**
 * The smart-home demo on a real router: Crossbar.io (`WAMP_URL`/`WAMP_REALM` mode, anonymous
 * sessions with random authids, so devices are matched by the session id they announce), driven
 * in Debian's Chromium: device sessions with their serializers, retained state, set-point, scene,
 * unplug and plug back through the meta events, and a restart of the Crossbar.io process.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmartHome, type SmartHome } from '../../examples/smart-home/server.js';
import { allTargets } from './real-routers.js';

/** expect.poll with room for a loaded machine (2 cores shared by many runs): 15 s, polled every 50 ms. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

const crossbar = allTargets().find((t) => t.name === 'crossbar')!;
const root = fileURLToPath(new URL('../../', import.meta.url));
const wanted = process.env['WAMPKIT_ROUTERS']?.split(',').map((s) => s.trim()) ?? ['crossbar'];

describe.runIf(wanted.includes('crossbar'))('smart-home demo on Crossbar.io', () => {
  let browser: Browser;
  let home: SmartHome;
  let page: Page;
  const pageErrors: string[] = [];
  const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();

  beforeAll(async () => {
    await promisify(execFile)('bash', [`${root}scripts/install-chromium.sh`], { timeout: 300_000 });
    await crossbar.start();
    home = await startSmartHome({ thermostatMs: 100, wampUrl: crossbar.urls.websocket!, realm: 'realm1' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${home.url}?stepMs=20&sceneStepMs=10`);
    await page.waitForSelector('#app[data-ready="true"]');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await home?.stop();
    await crossbar.stop();
  });

  it('shows the devices, their retained state and runs the controls', async () => {
    expect(pageErrors).toEqual([]);
    await poll(() => page.$$eval('#device-rows td:last-child', (tds) => tds.map((td) => td.textContent))).toEqual(Array(5).fill('established'));
    expect(await page.$$eval('#device-rows td:nth-child(3)', (tds) => tds.map((td) => td.textContent))).toEqual(['json', 'msgpack', 'cbor', 'json', 'msgpack']);
    await poll(() => text('#lamp-kitchen')).toMatch(/^(on|off)$/);
    await poll(() => text('#plug-hall')).toBe('plugged in');
    await page.fill('#set-point-input', '18');
    await page.click('#set-point-apply');
    await poll(() => text('#set-point')).toBe('18 °C');
    await page.click('#scene-run');
    await poll(() => text('#scene-status')).toBe('done: 3 of 3 steps succeeded');
    await poll(() => text('#lamp-hall')).toBe('on');
  });

  it('sees the hall lamp leave and rejoin through the meta events', async () => {
    await page.click('#unplug-hall');
    await poll(() => text('#plug-hall')).toBe('unplugged');
    await poll(() => text('#log')).toMatch(/Hall lamp left the home \(session \d+\)/);
    await page.click('#plug-hall-in');
    await poll(() => text('#plug-hall')).toBe('plugged in');
    await poll(() => text('#log')).toMatch(/Hall lamp joined the home \(session \d+\)/);
  });

  it('rides out a restart of the Crossbar.io process', async () => {
    await crossbar.stop();
    await poll(() => text('#status')).toMatch(/^reconnecting…/);
    expect(await page.isDisabled('#toggle-kitchen')).toBe(true);
    expect(await page.getAttribute('#lamp-kitchen', 'data-stale')).toBe('true');
    await crossbar.start();
    await poll(() => text('#status')).toMatch(/^connected \(session \d+\)$/);
    await poll(() => page.getAttribute('#lamp-kitchen', 'data-stale')).toBeNull();
    await poll(() => page.$$eval('#device-rows td:last-child', (tds) => tds.map((td) => td.textContent))).toEqual(Array(5).fill('established'));
    const before = await text('#lamp-kitchen');
    await page.click('#toggle-kitchen');
    await poll(() => text('#lamp-kitchen')).toBe(before === 'on' ? 'off' : 'on');
    expect(pageErrors).toEqual([]);
  });
});
