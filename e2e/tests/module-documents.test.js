// Documents a module reads from, in the real window (issue 18): a file
// added with the file dialog and one dropped on the Documents panel are
// kept in Kitchen; a question about one of them is answered from it, the
// reply's disclosure names the passage (document, page or heading) and
// opens it; Tutor does not get it. The panel and the passage dialog pass
// axe in both themes. With an embedding model, a question sharing no word
// with a document ("a vegetarian supper" for "everyone here is vegan")
// finds its passage by meaning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, tid, shot, axe, settle, createProfile, selectModule, lock, FILES, addEndpoint } from './helpers.js';

let browser, page, consoleErrors;

before(async () => {
  ({ browser, page, consoleErrors } = await launch());
});
after(async () => {
  await browser?.close();
});

const lastReply = () => page.locator(`${tid('message')}[data-role="assistant"]`).last();

async function ask(text) {
  const n = await page.locator(`${tid('message')}[data-role="assistant"][data-status="complete"]`).count();
  await page.fill(tid('composer'), text);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message"][data-role="assistant"][data-status="complete"]').length > n, n, { timeout: 60_000 });
}

test('a module answers from its document, cites it and opens the passage; another module does not get it', async () => {
  assert.ok(FILES, 'E2E_FILES_DIR is set (the file dialog answers from it)');
  await page.waitForSelector(tid('add-person'));
  await createProfile(page, { name: 'Dora' });

  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await addEndpoint(page);
  await page.click(tid('settings-close'));

  await selectModule(page, 'kitchen');
  await page.click(tid('toggle-documents'));
  await page.waitForSelector(tid('documents-empty'));

  // The file dialog (answered from E2E_FILES_DIR in test builds).
  fs.writeFileSync(path.join(FILES, 'grandmas-recipes.md'),
    '# Soups\n\n## Lentil soup\n\nSimmer the red lentils with cumin for exactly twenty-two minutes, then blend half.\n\n# Breads\n\nKnead the dough for ten minutes.\n');
  await page.click(tid('documents-add'));
  await page.waitForSelector(`${tid('document')}:has-text("grandmas-recipes.md")`);
  assert.match(await page.textContent(tid('documents-status')), /Added grandmas-recipes\.md \(2 passages\)/);

  // A file dropped on the panel: its bytes go through the window.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Bleed the radiators every October with the brass key.'], 'house-notes.txt', { type: 'text/plain' }));
    const el = document.querySelector('[data-testid="documents-panel"]');
    el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector(`${tid('document')}:has-text("house-notes.txt")`);
  assert.equal(await page.locator(tid('document')).count(), 2);
  await shot(page, 'documents-01-panel');
  const panelFindings = await axe(page, 'documents panel');
  assert.deepEqual(panelFindings, [], panelFindings.join('\n'));

  // Ask: the reply answers from the passage and cites it.
  await ask('How long do the lentils simmer?');
  const reply = await lastReply().textContent();
  assert.match(reply, /From your documents/, `reply: ${reply}`);
  assert.match(reply, /grandmas-recipes\.md, Soups > Lentil soup: Simmer the red lentils/, `reply: ${reply}`);
  const toggle = lastReply().locator(tid('used-memories-toggle'));
  assert.match(await toggle.textContent(), /Used (\d+ memor(y|ies) and )?1 passage\s*$/);
  await toggle.click();
  const link = lastReply().locator(tid('used-passage'));
  await link.waitFor();
  assert.match(await link.textContent(), /grandmas-recipes\.md, Soups > Lentil soup/);
  await link.click();
  await page.waitForSelector(tid('passage-dialog'));
  assert.match(await page.textContent(tid('passage-text')), /twenty-two minutes/);
  await settle(page); // the dialog's fade, or the shot catches it half drawn
  await shot(page, 'documents-02-passage');
  const dialogFindings = await axe(page, 'passage dialog');
  assert.deepEqual(dialogFindings, [], dialogFindings.join('\n'));
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('passage-dialog'), { state: 'detached' });

  // Another module: no document listed, no passage in its reply.
  await selectModule(page, 'tutor');
  await page.waitForSelector(tid('documents-empty'));
  await ask('How long do the lentils simmer?');
  const other = await lastReply().textContent();
  assert.doesNotMatch(other, /From your documents|twenty-two/, `tutor reply: ${other}`);
  assert.equal(await lastReply().locator(tid('used-memories-toggle')).count(), 0);
  await shot(page, 'documents-03-other-module');

  // Removing the document in Kitchen takes it out of the next answer.
  await selectModule(page, 'kitchen');
  await page.locator(`${tid('document')}:has-text("grandmas-recipes.md") ${tid('document-remove')}`).click();
  await page.click(tid('confirm-ok'));
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="document"]')].some((e) => e.textContent.includes('grandmas-recipes.md')));
  await ask('How long do the lentils simmer, again?');
  assert.doesNotMatch(await lastReply().textContent(), /twenty-two/);
  assert.deepEqual(consoleErrors, []);
  await lock(page);
});

test('a passage is found by meaning when the question shares no word with it', async () => {
  await page.waitForSelector(tid('add-person'));
  await createProfile(page, { name: 'Edith' });
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await addEndpoint(page);
  await page.fill(tid('embedding-model'), 'fake-embed');
  await page.click(tid('embedding-save'));
  await page.click(tid('settings-close'));

  await selectModule(page, 'kitchen');
  await page.click(tid('toggle-documents'));
  await page.waitForSelector(tid('documents-empty'));
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['# Diet\n\nEveryone in this house is vegan.\n\n# Pets\n\nThe dog is walked at seven.'], 'family.md', { type: 'text/markdown' }));
    const el = document.querySelector('[data-testid="documents-panel"]');
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector(`${tid('document')}:has-text("family.md")`);

  // The background worker embeds the passages (Settings shows how far it is).
  await page.click(tid('open-settings'));
  await page.click(tid('settings-tab-endpoints'));
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="embedding-progress"]');
    return el && Number(el.dataset.total) >= 2 && el.dataset.done === el.dataset.total;
  }, null, { timeout: 60_000 });
  await page.click(tid('settings-close'));

  await ask('Plan a vegetarian supper for Friday');
  const toggle = lastReply().locator(tid('used-memories-toggle'));
  assert.match(await toggle.textContent(), /1 passage\s*$/);
  await toggle.click();
  assert.match(await lastReply().locator(tid('used-passage')).textContent(), /family\.md, Diet/);
  assert.equal(await lastReply().locator(tid('keywords-only')).count(), 0);
  assert.match(await lastReply().textContent(), /From your documents/);
  await shot(page, 'documents-04-by-meaning');
  await lock(page);
});
