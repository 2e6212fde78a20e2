// Shared helpers for the browser end-to-end tests: one Debian chromium
// driven by playwright-core against `wails dev` (real Go bindings).
import { chromium } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = createRequire(import.meta.url)('axe-core').source;

export const BASE = process.env.E2E_BASE_URL ?? 'http://localhost:34115';
export const FAKE = process.env.E2E_FAKE_URL ?? 'http://127.0.0.1:18181/v1';
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.resolve('../test-artifacts');
export const FILES = process.env.E2E_FILES_DIR ?? '';

export async function launch() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const { page, consoleErrors } = await openPage(browser);
  return { browser, page, consoleErrors };
}

// openPage opens the app in a new browser context. A zoom of 2 is the window at 200 %:
// half the CSS pixels, twice the device pixels (what Ctrl+Plus does in the real window).
export async function openPage(browser, { width = 1180, height = 760, zoom = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width: Math.round(width / zoom), height: Math.round(height / zoom) }, deviceScaleFactor: zoom });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(BASE);
  return { page, consoleErrors };
}

// settle waits for the finite animations and transitions (fade-ins, theme changes) to end,
// so screenshots and colour checks see the final colours.
export async function settle(page) {
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => {}))));
}

// axe runs axe-core on the current screen in the light and the dark theme and returns its
// serious and critical findings, one line each.
export async function axe(page, name) {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of res.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      for (const n of v.nodes) found.push(`${name} [${scheme}] ${v.id} (${v.impact}): ${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await settle(page);
  return found;
}

// focused describes the element that has focus.
export function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    return { tag: a?.tagName ?? '', testid: a?.getAttribute('data-testid') ?? '', id: a?.id ?? '', text: (a?.textContent ?? '').trim().slice(0, 80) };
  });
}

// waitForFocus waits until the element matching selector has focus.
export async function waitForFocus(page, selector, timeout = 5000) {
  try {
    await page.waitForFunction((sel) => document.activeElement?.matches(sel), selector, { timeout });
  } catch {
    throw new Error(`focus is not on ${selector} but on ${JSON.stringify(await focused(page))}`);
  }
}

// tabTo presses Tab (or Shift+Tab) until the element matching selector has focus.
export async function tabTo(page, selector, { max = 40, back = false } = {}) {
  for (let i = 0; i <= max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab did not reach ${selector}`);
}

export const tid = (id) => `[data-testid="${id}"]`;

export async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`) });
}

// createProfile runs the wizard from the picker and opens the profile.
export async function createProfile(page, { name, protection = 'keychain', secret = '' }) {
  await page.click(tid('add-person'));
  await page.fill(tid('create-name'), name);
  await page.click(tid('create-next'));
  await page.check(tid(`protection-${protection}`));
  if (secret) {
    await page.fill(tid('create-secret'), secret);
    await page.fill(tid('create-secret2'), secret);
  }
  await page.click(tid('create-submit'));
  const key = (await page.textContent(tid('recovery-key'))).trim();
  await shot(page, `recovery-key-${name.toLowerCase()}`);
  await page.check(tid('recovery-saved'));
  await page.click(tid('recovery-continue'));
  await page.waitForSelector(tid('main-window'));
  return key;
}

// addEndpoint adds a model server in the open Settings' AI endpoints tab.
export async function addEndpoint(page, { name = 'Test server', url = FAKE, model = 'fake-model' } = {}) {
  await page.click(tid('endpoint-add'));
  await page.fill(tid('endpoint-name'), name);
  await page.fill(tid('endpoint-url'), url);
  await page.fill(tid('endpoint-model'), model);
  await page.click(tid('endpoint-save'));
  await page.waitForSelector(tid('endpoint-item'));
}

export async function selectModule(page, id) {
  await page.click(`${tid('module-item')}[data-module-id="${id}"]`);
  await page.waitForSelector(`${tid('module-item')}[data-module-id="${id}"][aria-current="page"]`);
}

export async function lock(page) {
  await page.click(tid('lock'));
  await page.waitForSelector(tid('add-person'));
}

/** Shows the profile picker, locking first if an earlier scenario left a profile open. */
export async function toPicker(page) {
  await page.waitForSelector(`${tid('add-person')}, ${tid('main-window')}`);
  if (await page.locator(tid('main-window')).count()) await lock(page);
  await page.waitForSelector(tid('add-person'));
}
