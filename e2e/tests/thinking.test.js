// A thinking model in the real window: its thinking streams into a collapsed
// "Thinking…" block apart from the answer, is never the answer, the title or
// history. The fake server speaks llama.cpp's dialect in the DeepSeek-R1 form,
// where the thinking arrives as ordinary text until a lone </think>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, tid, shot, createProfile, selectModule, lock, addEndpoint } from './helpers.js';

const THINK_URL = process.env.E2E_FAKE_THINK_URL ?? 'http://127.0.0.1:18182/v1';
const THOUGHT = 'Let me count the slices of the pizza first.';
let browser, page;

before(async () => {
  ({ browser, page } = await launch());
});
after(async () => browser?.close());

test('a thinking model shows its thinking apart from the answer', async () => {
  await page.waitForSelector(tid('add-person'));
  await createProfile(page, { name: 'Theo' });
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await addEndpoint(page, { name: 'Thinker', url: THINK_URL, model: 'qwen3:8b' });
  await page.click(tid('settings-close'));

  await selectModule(page, 'tutor');
  await page.fill(tid('composer'), 'How many slices does half a pizza have?');
  await page.keyboard.press('Enter');
  const done = `${tid('message')}[data-role="assistant"][data-status="complete"]`;
  await page.waitForSelector(done, { timeout: 60_000 });
  const box = page.locator(`${done} ${tid('thinking')}`);
  assert.equal(await box.count(), 1, 'a thinking block');
  assert.equal(await box.evaluate((el) => el.open), false, 'collapsed by default');
  const answer = await page.textContent(`${done} .md`);
  assert.ok(answer.includes('How many slices'), `the answer (an echo): ${answer}`);
  assert.ok(!answer.includes(THOUGHT) && !answer.includes('think>'), `thinking in the answer: ${answer}`);
  await page.click(`${done} ${tid('thinking')} summary`);
  assert.ok((await page.textContent(`${done} ${tid('thinking-text')}`)).includes(THOUGHT));
  // The model's title (the fake echoes the request, after its own thinking) replaces "New chat".
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="session-item"]')?.textContent.trim() ?? '';
    return t !== '' && !t.startsWith('New chat');
  }, null, { timeout: 30_000 });
  const title = await page.textContent(tid('session-item'));
  assert.ok(!title.includes('Let me count') && !title.includes('think'), `title: ${title}`);
  await shot(page, '20-thinking-model');
  await lock(page); // the next scenario starts at the picker
});
