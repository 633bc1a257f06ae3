/**
 * The smart-home demo in headless Chromium: the dashboard shows the retained lamp states and the
 * temperature, toggles a lamp through an RPC, and runs a firmware update with a progress bar
 * that a click on Cancel stops.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmartHome, type SmartHome } from '../../examples/smart-home/server.js';

let browser: Browser;
let home: SmartHome;
let page: Page;

beforeAll(async () => {
  home = await startSmartHome({ thermostatMs: 50 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${home.url}?stepMs=40`);
  await page.waitForSelector('#app[data-ready="true"]');
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await home?.stop();
});

describe('smart-home dashboard', () => {
  it('shows the retained state of every device', async () => {
    await expect.poll(() => page.textContent('#lamp-kitchen')).toBe('off');
    expect(await page.textContent('#lamp-hall')).toBe('off');
    await expect.poll(async () => /^\d+(\.\d)? °C$/.test((await page.textContent('#temperature')) ?? '')).toBe(true);
    expect(await page.textContent('#status')).toMatch(/^established \(session \d+\)$/);
  });

  it('toggles a lamp through an RPC and sees the event', async () => {
    await page.click('#toggle-kitchen');
    await expect.poll(() => page.textContent('#lamp-kitchen')).toBe('on');
    expect(await page.textContent('#lamp-hall')).toBe('off');
    await page.click('#toggle-kitchen');
    await expect.poll(() => page.textContent('#lamp-kitchen')).toBe('off');
  });

  it('shows firmware progress and finishes', async () => {
    await page.click('#update');
    await expect.poll(() => page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('#update-status'), { timeout: 10_000 }).toBe('firmware 2.0 installed');
    expect(await page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBe(100);
  });

  it('cancels a firmware update half way with the Cancel button', async () => {
    await page.click('#update');
    await expect.poll(() => page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBeGreaterThanOrEqual(20);
    await page.click('#cancel');
    await expect.poll(() => page.textContent('#update-status')).toBe('canceled');
    const at = await page.$eval('#progress', (p) => (p as HTMLProgressElement).value);
    expect(at).toBeLessThan(100);
    expect(await page.isDisabled('#cancel')).toBe(true);
    expect(await page.isEnabled('#update')).toBe(true);
  });
});
