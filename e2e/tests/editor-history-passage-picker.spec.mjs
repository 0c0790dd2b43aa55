// The passage picker: a passage found by searching the reports is linked to
// the feature with a quote selector, which the server checks and keeps.
import { test, expect } from '@playwright/test';
import { startAtlas } from '../support/atlas-server.mjs';
import { PASSWORD, editSelected, feature, openEditor, saveForm, screenshots } from '../pages/editor-panels.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8091) + 3;
const ID = 'port-of-baku';
let atlas;

test.beforeAll(async () => {
  atlas = await startAtlas({ port: PORT, users: [{ name: 'ana', password: PASSWORD }] });
});
test.afterAll(async () => {
  await atlas?.stop();
});

async function search(page) {
  await page.locator('form.feature-form .picker-box summary').click();
  const picker = page.locator('.passage-picker');
  await picker.getByRole('searchbox', { name: 'Search the reports' }).fill('strategic infrastructure ports');
  await picker.getByRole('button', { name: 'Search' }).click();
  await expect(picker.locator('li.passage-candidate[data-passage="scenario-3"]')).toBeVisible();
  return picker;
}

test('a searched passage is linked with its quote and saved', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await openEditor(context, atlas.base, 'ana', ID);
  await editSelected(page);
  const links = page.locator('form.feature-form .linked-passages');
  await expect(links.locator('li.linked-passage')).toHaveCount(0);
  const picker = await search(page);
  await picker.locator('li[data-passage="scenario-3"]').getByRole('button', { name: 'Link this passage' }).click();
  // The link shows in the form, with its quote.
  await expect(links.locator('li.linked-passage[data-passage="scenario-3"]')).toContainText('azerbaijan-china-partnership-2025');
  await expect(links.locator('li.linked-passage blockquote')).toContainText('As Azerbaijan’s economic ties with China deepen');
  // A linked passage is not offered again.
  await expect(picker.locator('li[data-passage="scenario-3"]')).toHaveCount(0);
  await saveForm(page);
  await expect(page.locator('.save-status.saved')).toContainText('Saved');
  const saved = await feature(atlas.base, 'hubs', ID);
  const [link] = saved.body.properties.passages;
  expect(link.report).toBe('azerbaijan-china-partnership-2025');
  expect(link.passage).toBe('scenario-3');
  // No sentence names the port, so the passage's first twelve words are quoted.
  expect(link.quote.exact).toBe('As Azerbaijan’s economic ties with China deepen, it may come under greater');
  expect(link.quote.suffix).toBe(' pressure to align with ');
  await context.close();
});

test('the passage picker, at two sizes, light and dark', async ({ browser }) => {
  await screenshots(browser, atlas.base, 'editor-passage-picker', async (context) => {
    const page = await openEditor(context, atlas.base, 'ana', 'alat-free-economic-zone');
    await editSelected(page);
    await search(page);
    return page;
  });
});
