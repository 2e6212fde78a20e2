// Family mode through the real window (issue 17): a guardian creates a
// child profile with Tutor only, local servers only, memory off; the child
// sees only Tutor and its rules in plain words; quiet hours (set around the
// current time) keep the profile closed with a clear message on the unlock
// screen; a policy file edited by hand stops the profile, naming the
// guardian, until the guardian saves the rules again; the guardian sets a
// new PIN. The file name sorts it last, so the other scenarios find the
// picker as they expect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, tid, shot, axe, createProfile, lock, toPicker, addEndpoint } from './helpers.js';

const DATA = process.env.E2E_DATA_DIR ?? '';
let browser, page, consoleErrors;

before(async () => {
  ({ browser, page, consoleErrors } = await launch());
});

after(async () => {
  await browser?.close();
});

const tile = (name) => `${tid('profile-tile')}[data-profile-name="${name}"]`;

async function openFamily() {
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-family'));
  await page.waitForSelector(tid('family-tab'));
}

// tryUnlock unlocks name with secret and returns '' when the main window
// opened, else the unlock screen's message.
async function tryUnlock(name, secret) {
  await page.click(tile(name));
  await page.waitForSelector(tid('unlock'));
  await page.fill(tid('unlock-input'), secret);
  await page.click(tid('unlock-submit'));
  await page.waitForSelector(`${tid('main-window')}, ${tid('unlock-error')}:not(:empty)`);
  if (await page.locator(tid('main-window')).count()) return '';
  return (await page.textContent(tid('unlock-error'))).trim();
}

async function backToPicker() {
  await page.click(`${tid('unlock')} .back`);
  await page.waitForSelector(tid('add-person'));
}

function hhmm(d) {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function childPolicyFile(name) {
  const reg = JSON.parse(fs.readFileSync(path.join(DATA, 'profiles.json'), 'utf8'));
  const p = reg.profiles.find((x) => x.name === name);
  assert.ok(p, `profile ${name} in profiles.json`);
  return path.join(DATA, 'profiles', p.id, 'family-policy.json');
}

test('Gwen creates Robin with Tutor only, local servers only, memory off', async () => {
  await toPicker(page);
  await createProfile(page, { name: 'Gwen', protection: 'pin', secret: '135790' });
  await openFamily();
  await page.click(tid('family-new-child'));
  await page.fill(tid('family-child-name'), 'Robin');
  await page.fill(tid('family-child-pin'), '864200');
  await page.fill(tid('family-child-pin2'), '864200');
  await page.check(tid('new-module-tutor'));
  await page.check(tid('new-local-only'));
  await page.uncheck(tid('new-memory'));
  await page.uncheck(tid('new-temporary'));
  await page.fill(tid('new-instruction'), 'Explain, do not give homework answers.');
  assert.deepEqual(await axe(page, 'family-create'), []);
  await shot(page, 'family-01-create-child');
  await page.click(tid('family-create'));
  const key = (await page.textContent(tid('family-recovery-key'))).trim();
  assert.match(key, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$/);
  const card = await page.textContent(tid('family-child'));
  assert.match(card, /Modules you can use: tutor/);
  assert.match(card, /Memory is off/);
  assert.match(card, /cannot read your chats/);
  await shot(page, 'family-02-child-created');
  await page.click(tid('settings-close'));
  await lock(page);
});

test('Robin sees only Tutor and the rules Gwen set, in plain words', async () => {
  assert.equal(await tryUnlock('Robin', '864200'), '');
  const rail = await page.$$eval(tid('module-item'), (els) => els.map((e) => e.dataset.moduleId));
  assert.deepEqual(rail, ['tutor']);
  await openFamily();
  const rules = await page.textContent(tid('family-rules'));
  assert.match(rules, /Family rules set by Gwen/);
  assert.match(rules, /Only model servers on this computer/);
  assert.match(rules, /Every module is also told: Explain, do not give homework answers\./);
  assert.deepEqual(await axe(page, 'family-child-rules'), []);
  await shot(page, 'family-03-child-rules');

  // A cloud server can be added but is not offered once the profile reopens.
  await page.click(tid('settings-tab-endpoints'));
  await addEndpoint(page, { name: 'Home' });
  await page.click(tid('endpoint-add'));
  await page.fill(tid('endpoint-name'), 'Cloud');
  await page.fill(tid('endpoint-url'), 'https://llm.example.invalid/v1');
  await page.fill(tid('endpoint-model'), 'big');
  await page.click(tid('endpoint-save'));
  await page.click(tid('settings-close'));
  await lock(page);
  assert.equal(await tryUnlock('Robin', '864200'), '');
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await page.waitForSelector(tid('endpoint-item'));
  const names = await page.$$eval(tid('endpoint-item'), (els) => els.map((e) => e.textContent));
  assert.equal(names.length, 1, `endpoints offered: ${names.join(' | ')}`);
  assert.match(names[0], /Home/);
  await page.click(tid('settings-close'));
  await lock(page);
});

test('quiet hours keep Robin\'s profile closed with a clear message', async () => {
  assert.equal(await tryUnlock('Gwen', '135790'), '');
  await openFamily();
  await page.click(tid('family-edit'));
  const child = await page.getAttribute(tid('family-child') + ' h4', 'id');
  const id = child.replace(/^child-/, '');
  const now = new Date();
  await page.check(tid(`edit-${id}-quiet-on`));
  await page.fill(tid(`edit-${id}-quiet-from`), hhmm(new Date(now.getTime() - 60 * 60_000)));
  await page.fill(tid(`edit-${id}-quiet-to`), hhmm(new Date(now.getTime() + 60 * 60_000)));
  await page.click(tid('family-policy-save'));
  await page.waitForSelector(tid('family-edit'));
  await page.click(tid('settings-close'));
  await lock(page);

  const msg = await tryUnlock('Robin', '864200');
  assert.match(msg, /Quiet hours/);
  assert.match(msg, /set by Gwen/);
  await shot(page, 'family-04-quiet-hours');
  await backToPicker();

  assert.equal(await tryUnlock('Gwen', '135790'), '');
  await openFamily();
  await page.click(tid('family-edit'));
  await page.uncheck(tid(`edit-${id}-quiet-on`));
  await page.click(tid('family-policy-save'));
  await page.waitForSelector(tid('family-edit'));
  await page.click(tid('settings-close'));
  await lock(page);
});

test('a policy file edited by hand stops Robin\'s profile until Gwen saves the rules again', async () => {
  const file = childPolicyFile('Robin');
  const b = fs.readFileSync(file);
  const i = b.indexOf('"sealed": "') + 20;
  b[i] = b[i] === 0x41 ? 0x42 : 0x41;
  fs.writeFileSync(file, b);
  const msg = await tryUnlock('Robin', '864200');
  assert.match(msg, /family rules, set by Gwen/);
  assert.match(msg, /Gwen unlocks Hearth/);
  await shot(page, 'family-05-policy-broken');
  await backToPicker();

  assert.equal(await tryUnlock('Gwen', '135790'), '');
  await openFamily();
  await page.click(tid('family-edit'));
  await page.click(tid('family-policy-save'));
  await page.waitForSelector(tid('family-edit'));

  // Robin forgot the PIN: Gwen sets a new one.
  await page.fill(tid('family-new-pin'), '975310');
  await page.click(tid('family-reset-pin'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.value === '', tid('family-new-pin'));
  await page.click(tid('settings-close'));
  await lock(page);

  assert.match(await tryUnlock('Robin', '864200'), /not right/);
  await page.fill(tid('unlock-input'), '975310');
  await page.click(tid('unlock-submit'));
  await page.waitForSelector(tid('main-window'));
  await lock(page);
  assert.deepEqual(consoleErrors, []);
});
