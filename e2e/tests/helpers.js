// Shared helpers for the browser end-to-end tests: one Debian chromium
// driven by playwright-core against `wails dev` (real Go bindings).
import { chromium } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';

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
  const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
  page.setDefaultTimeout(20_000);
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(BASE);
  return { browser, page, consoleErrors };
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

export async function selectModule(page, id) {
  await page.click(`${tid('module-item')}[data-module-id="${id}"]`);
  await page.waitForSelector(`${tid('module-item')}[data-module-id="${id}"][aria-current="page"]`);
}

export async function lock(page) {
  await page.click(tid('lock'));
  await page.waitForSelector(tid('add-person'));
}
