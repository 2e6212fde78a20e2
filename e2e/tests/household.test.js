// The household scenario of issue 7, end to end through the real backend:
// two members (one with a PIN), streaming chat in Tutor against the
// OpenAI-protocol test server, memory, module and profile isolation, wrong
// PIN delay, export and delete from Settings. Screenshots of every screen
// go to the artifacts folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, tid, shot, createProfile, selectModule, lock, FILES, addEndpoint } from './helpers.js';

let browser, page, consoleErrors;

before(async () => {
  ({ browser, page, consoleErrors } = await launch());
});

after(async () => {
  await browser?.close();
});

test('picker is the first screen and shows no profile data', async () => {
  await page.waitForSelector(tid('add-person'));
  assert.equal(await page.locator(tid('profile-tile')).count(), 0);
  await shot(page, '01-picker-empty');

  // Diagnostics from the picker: the machine checks pass (a real keychain
  // daemon runs under the test), the endpoint check waits for a profile.
  await page.click(tid('open-diagnostics'));
  await page.waitForSelector(tid('diagnostics-summary'));
  const states = await page.$$eval(tid('diagnostics-check'), (els) => els.map((e) => `${e.textContent.trim().split('\n')[0]}=${e.dataset.state}`));
  assert.equal(states.filter((x) => x.endsWith('=fail')).length, 0, `checks: ${states.join(', ')}`);
  assert.ok(states.some((x) => x.includes('OS keychain') && x.endsWith('=ok')), `checks: ${states.join(', ')}`);
  assert.ok(states.some((x) => x.includes('AI endpoints') && x.endsWith('=skip')), `checks: ${states.join(', ')}`);
  await page.waitForTimeout(300); // let the dialog's fade-in finish for the screenshot
  await shot(page, '01b-diagnostics-picker');
  await page.click(`${tid('diagnostics')} .foot .btn.primary`);
  await page.waitForSelector(tid('diagnostics'), { state: 'detached' });
});

test('Alice (PIN) chats in Tutor with streaming and adds a memory', async () => {
  const key = await createProfile(page, { name: 'Alice', protection: 'pin', secret: '246824' });
  assert.match(key, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$/);
  await shot(page, '02-main-empty');

  // Settings > Endpoints: add the test server and test it.
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await addEndpoint(page);
  await page.click(tid('endpoint-test'));
  await page.waitForSelector(`${tid('endpoint-test-result')}[data-ok="true"]`);
  await shot(page, '03-settings-endpoints');

  // Diagnostics now also checks the profile's endpoint.
  await page.click(tid('settings-diagnostics'));
  await page.waitForSelector(tid('diagnostics-summary'));
  const checks = await page.$$eval(tid('diagnostics-check'), (els) => els.map((e) => `${e.textContent.trim().split('\n')[0]}=${e.dataset.state}`));
  assert.ok(checks.some((x) => x.includes('Test server') && x.endsWith('=ok')), `checks: ${checks.join(', ')}`);
  assert.equal(await page.textContent(tid('diagnostics-summary')), 'Everything needed works.');
  await page.waitForTimeout(300);
  await shot(page, '03b-diagnostics-settings');
  await page.click(`${tid('diagnostics')} .foot .btn.primary`);
  await page.waitForSelector(tid('diagnostics'), { state: 'detached' });
  await page.click(tid('settings-close'));

  await selectModule(page, 'tutor');
  await page.fill(tid('composer'), 'Explain fractions with a pizza, please. zebracanary');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${tid('message')}[data-role="user"]`);
  // The reply streams: first a streaming bubble, then a complete one.
  await page.waitForSelector(`${tid('message')}[data-role="assistant"][data-status="complete"]`, { timeout: 60_000 });
  const reply = await page.textContent(`${tid('message')}[data-role="assistant"]`);
  assert.ok(reply.trim().length > 0, 'the assistant replied');
  assert.equal(await page.locator(tid('session-item')).count(), 1);
  await shot(page, '04-chat-tutor');

  // Memory panel: add a memory in Tutor.
  await page.click(tid('toggle-memory'));
  await page.waitForSelector(tid('memory-panel'));
  await page.click(tid('memory-add'));
  await page.fill(tid('memory-add-text'), 'Alice is in grade 5 and loves pizza');
  await page.click(tid('memory-add-save'));
  await page.waitForSelector(`${tid('memory-item')}[data-scope="tutor"]`);

  // Edit it, see the history, undo the edit.
  await page.click(tid('memory-edit'));
  await page.fill(tid('memory-edit-text'), 'Alice is in grade 6 and loves pizza');
  await page.click(tid('memory-edit-save'));
  await page.waitForFunction(() => document.querySelector('[data-testid="memory-item"]')?.textContent.includes('grade 6'));
  await page.click(tid('memory-history'));
  await page.waitForSelector(tid('memory-history-list'));
  await shot(page, '05-memory-tutor-history');
  await page.click(tid('memory-undo'));
  await page.waitForFunction(() => document.querySelector('[data-testid="memory-item"]')?.textContent.includes('grade 5'));
  await shot(page, '05-memory-tutor');
});

test('Kitchen shows none of Tutor\'s sessions or memories', async () => {
  await selectModule(page, 'kitchen');
  await page.waitForFunction(() => !document.querySelector('[data-testid="session-item"]'));
  assert.equal(await page.locator(tid('session-item')).count(), 0);
  assert.equal(await page.locator(tid('memory-item')).count(), 0);
  const body = await page.textContent('body');
  assert.ok(!body.includes('grade 5'), 'Kitchen shows a Tutor memory');
  assert.ok(!body.includes('zebracanary'), 'Kitchen shows a Tutor message');
  await shot(page, '06-kitchen-isolated');

  // A second module streams its own chat.
  await page.fill(tid('composer'), 'A quick lentil soup for four?');
  await page.click(tid('send'));
  await page.waitForSelector(`${tid('message')}[data-role="assistant"][data-status="complete"]`, { timeout: 60_000 });
  assert.equal(await page.locator(tid('session-item')).count(), 1);
  assert.ok(!(await page.textContent(tid('message-list'))).includes('zebracanary'), 'Kitchen chat shows Tutor text');
  await shot(page, '06-kitchen-chat');

  // Search across the profile finds the Tutor message and opens it.
  await page.keyboard.press('Control+k');
  await page.waitForSelector(tid('search-dialog'));
  await page.fill(tid('search-input'), 'zebracanary');
  await page.waitForSelector(tid('search-hit'));
  await shot(page, '07-search');
  await page.click(tid('search-hit'));
  await page.waitForSelector(`${tid('module-item')}[data-module-id="tutor"][aria-current="page"]`);
});

test('Bob (keychain) sees none of Alice\'s data', async () => {
  await lock(page);
  assert.equal(await page.locator(tid('profile-tile')).count(), 1);
  assert.equal(await page.locator(tid('profile-lock')).count(), 1, 'Alice\'s tile shows a lock');
  await createProfile(page, { name: 'Bob' });
  await selectModule(page, 'tutor');
  assert.equal(await page.locator(tid('session-item')).count(), 0);
  await page.click(tid('toggle-memory'));
  await page.waitForSelector(tid('memory-panel'));
  assert.equal(await page.locator(tid('memory-item')).count(), 0);
  const body = await page.textContent('body');
  assert.ok(!body.includes('grade 5') && !body.includes('zebracanary'), 'Bob sees Alice\'s data');
  assert.match(await page.textContent(tid('current-profile')), /Bob/);
  await shot(page, '08-bob-tutor-empty');
});

test('export and delete work from Settings', async () => {
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-data'));
  await page.check(tid('export-format-zip'));
  await page.waitForSelector(tid('zip-warning'));
  await page.click(tid('export-start'));
  await page.waitForSelector(tid('export-result'), { timeout: 60_000 });
  await shot(page, '09-export');
  if (FILES) {
    const files = fs.readdirSync(FILES).filter((f) => f.endsWith('.zip'));
    assert.equal(files.length, 1, 'one zip written');
  }

  await page.click(tid('settings-tab-profile'));
  await page.click(tid('delete-profile'));
  assert.ok(await page.isDisabled(tid('delete-profile-submit')));
  await page.fill(tid('delete-confirm-input'), 'Bob');
  await page.click(tid('delete-profile-submit'));
  await page.waitForSelector(tid('delete-report'), { timeout: 30_000 });
  const report = await page.textContent(tid('delete-report'));
  assert.match(report, /hearth\.db/);
  await shot(page, '10-delete-report');
  await page.click(tid('delete-report-done'));
  await page.waitForSelector(tid('add-person'));
  assert.equal(await page.locator(tid('profile-tile')).count(), 1);
});

test('Alice unlocks with her PIN and finds her data again', async () => {
  await page.click(`${tid('profile-tile')}[data-profile-name="Alice"]`);
  await page.waitForSelector(tid('unlock'));
  await page.fill(tid('unlock-input'), '246824');
  await page.click(tid('unlock-submit'));
  await page.waitForSelector(tid('main-window'));
  await selectModule(page, 'tutor');
  await page.waitForSelector(tid('session-item'));
  assert.equal(await page.locator(tid('session-item')).count(), 1);
  await shot(page, '11-alice-again');
  await lock(page);
});

test('a wrong PIN is refused and the delay is shown', async () => {
  await page.click(`${tid('profile-tile')}[data-profile-name="Alice"]`);
  await page.waitForSelector(tid('unlock'));
  let countdown = false;
  for (let i = 0; i < 8 && !countdown; i++) {
    await page.fill(tid('unlock-input'), '1111');
    await page.click(tid('unlock-submit'));
    await page.waitForSelector(`${tid('unlock-error')}, ${tid('unlock-countdown')}`);
    countdown = (await page.locator(tid('unlock-countdown')).count()) > 0;
  }
  assert.ok(countdown, 'the lock-out countdown appeared');
  assert.equal(await page.locator(tid('main-window')).count(), 0);
  await shot(page, '12-wrong-pin-delay');
  assert.deepEqual(consoleErrors, [], 'no uncaught errors in the page');
});
