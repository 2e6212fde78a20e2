// Import a backup as a new profile, from the household picker, through the
// real backend. Runs after household.test.js on the same backend: Alice (PIN,
// locked) is there, Bob was deleted, and household's export left a readable
// .zip of Bob in the test dialog folder (HEARTH_TEST_DIALOG_DIR), which the
// open dialog returns as the newest file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, tid, shot, lock } from './helpers.js';

let browser, page, consoleErrors;

before(async () => {
  ({ browser, page, consoleErrors } = await launch());
});

after(async () => {
  await browser?.close();
});

const railNames = () => page.$$eval('[data-testid="module-item"] .name', (els) => els.map((e) => e.textContent.trim()));

test('the picker offers "Import from a backup"', async () => {
  await page.waitForSelector(tid('profile-tile'));
  assert.equal(await page.locator(tid('profile-tile')).count(), 1, 'only Alice is left after household');
  await page.click(tid('import-person'));
  await page.waitForSelector(tid('import-profile'));
  await shot(page, '20-import-start');
});

test('Bob\'s zip export becomes "Bob again" with keychain protection', async () => {
  await page.click(tid('import-pick-file'));
  const file = (await page.textContent(tid('import-file'))).trim();
  assert.match(file, /\.zip$/, 'the open dialog returned household\'s zip export');
  await shot(page, '21-import-file');
  await page.click(tid('import-file-next'));

  // A readable zip has no passphrase step: straight to name and look.
  await page.waitForSelector(tid('import-name'));
  assert.equal(await page.locator(tid('import-bundle-passphrase')).count(), 0);
  await page.fill(tid('import-name'), 'Bob again');
  await page.click(tid('import-next'));
  await page.check(tid('protection-keychain'));
  await shot(page, '22-import-protection');
  await page.click(tid('import-submit'));

  const key = (await page.textContent(tid('recovery-key'), { timeout: 60_000 })).trim();
  assert.match(key, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$/);
  assert.match(await page.textContent(tid('import-summary')), /Imported \d+ modules?/);
  await shot(page, '23-import-recovery-key');
  assert.ok(await page.isDisabled(tid('recovery-continue')), 'Open profile waits for "I saved it"');
  await page.check(tid('recovery-saved'));
  await page.click(tid('recovery-continue'));

  await page.waitForSelector(tid('main-window'));
  assert.match(await page.textContent(tid('current-profile')), /Bob again/);
  await page.waitForSelector(tid('module-item'));
  const names = await railNames();
  for (const n of ['Tutor', 'Kitchen']) {
    assert.equal(names.filter((x) => x === n).length, 1, `${n} is in the rail once (rail: ${names.join(', ')})`);
  }
  const body = await page.textContent('body');
  assert.ok(!body.includes('grade 5') && !body.includes('zebracanary'), 'the imported profile shows Alice\'s data');
  await shot(page, '24-import-main');
});

test('after locking, the picker shows both profiles', async () => {
  await lock(page);
  await page.waitForSelector(`${tid('profile-tile')}[data-profile-name="Bob again"]`);
  assert.equal(await page.locator(tid('profile-tile')).count(), 2);
  // Keychain protection: no lock icon on Bob again's tile.
  assert.equal(await page.locator(`${tid('profile-tile')}[data-profile-name="Bob again"] ${tid('profile-lock')}`).count(), 0);
  await shot(page, '25-import-picker');
  assert.deepEqual(consoleErrors, [], 'no uncaught errors in the page');
});
