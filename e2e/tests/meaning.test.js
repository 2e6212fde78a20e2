// Retrieval by meaning in the real window (issue 18): with an embedding
// model chosen in Settings, a memory whose words do not appear in the
// question ("I'm vegetarian" for "plan a meat-free dinner") is used for
// the reply; with the fake's embeddings taken down (chat still up), the
// reply searches by keywords only and says so quietly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, tid, shot, createProfile, selectModule, lock, FAKE, addEndpoint } from './helpers.js';

const CONTROL = `${new URL(FAKE).origin}/_control/embeddings`;
let browser, page;

before(async () => {
  ({ browser, page } = await launch());
});
after(async () => {
  await fetch(`${CONTROL}?down=0`, { method: 'POST' }).catch(() => {});
  await browser?.close();
});

const lastReply = () => page.locator(`${tid('message')}[data-role="assistant"]`).last();

async function ask(text, n) {
  await page.fill(tid('composer'), text);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message"][data-role="assistant"][data-status="complete"]').length >= n, n, { timeout: 60_000 });
}

test('a memory is found by meaning, and the fallback says so when embeddings are down', async () => {
  await page.waitForSelector(tid('add-person'));
  await createProfile(page, { name: 'Vera' });

  // Memories through the window's own bindings: the one that matters, and
  // enough recent ones that neither keywords nor recency would find it.
  await page.evaluate(async () => {
    const add = (t) => window.go.api.Memory.Add('kitchen', t, 'fact', 'normal');
    await add("I'm vegetarian");
    const topics = ['The wifi password is on the router', 'Drives a blue car', 'Plays the piano on Sundays',
      'The boiler was serviced in March', 'Prefers tea to coffee'];
    for (let i = 0; i < 25; i++) await add(`${topics[i % topics.length]} (${i})`);
  });

  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await addEndpoint(page);
  await page.fill(tid('embedding-model'), 'fake-embed');
  await page.click(tid('embedding-save'));
  await page.waitForSelector(`${tid('embedding-progress')}[data-done="26"][data-total="26"]`, { timeout: 60_000 });
  await shot(page, 'meaning-01-settings-embedding');
  await page.click(tid('settings-close'));

  await selectModule(page, 'kitchen');
  await ask('Plan a meat-free dinner for tonight', 1);
  await lastReply().locator(tid('used-memories-toggle')).click();
  await lastReply().locator(`${tid('used-memories')} li`).first().waitFor();
  const used = await lastReply().locator(tid('used-memories')).textContent();
  assert.ok(used.includes("I'm vegetarian"), `used memories: ${used}`);
  assert.equal(await lastReply().locator(tid('keywords-only')).count(), 0);
  await shot(page, 'meaning-02-found-by-meaning');

  // Embeddings down, chat up: the turn answers by keywords and says so.
  const r = await fetch(`${CONTROL}?down=1`, { method: 'POST' });
  assert.equal(r.status, 204);
  await ask('Plan a meat-free lunch as well', 2);
  await lastReply().locator(tid('keywords-only')).waitFor();
  assert.match(await lastReply().locator(tid('keywords-only')).textContent(), /Searched by keywords only/);
  await shot(page, 'meaning-03-keywords-only');

  // Settings shows the pause once the worker has tried (a new memory to embed).
  await page.evaluate(() => window.go.api.Memory.Add('kitchen', 'Goes to bed at nine', 'fact', 'normal'));
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await page.waitForSelector(tid('embedding-offline'), { timeout: 30_000 });
  await shot(page, 'meaning-04-settings-offline');
  await fetch(`${CONTROL}?down=0`, { method: 'POST' });
  await page.click(tid('embedding-save')); // saving again wakes the worker at once
  await page.waitForSelector(`${tid('embedding-progress')}[data-done="27"][data-total="27"]`, { timeout: 60_000 });
  await page.click(tid('settings-close'));
  await lock(page);
});
