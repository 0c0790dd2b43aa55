// The passage picker: a passage found by searching the reports is linked to
// the feature with a quote selector, which the server checks and keeps.
import { test, expect } from '@playwright/test';
import { startAtlas } from '../support/atlas-server.mjs';
import { PASSWORD, feature, openEditor, screenshots } from '../pages/editor-panels.mjs';

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
  await page.locator('.picker-box summary').click();
  const picker = page.locator('.passage-picker');
  await picker.getByRole('searchbox', { name: 'Search the reports' }).fill('strategic infrastructure ports');
  await picker.getByRole('button', { name: 'Search' }).click();
  await expect(picker.locator('li.passage-candidate[data-passage="scenario-3"]')).toBeVisible();
  return picker;
}

test('a searched passage is linked with its quote and saved', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await openEditor(context, atlas.base, 'ana', ID);
  const picker = await search(page);
  await expect(page.locator('.quick-edit')).toContainText('0 passage links');
  await picker.locator('li[data-passage="scenario-3"]').getByRole('button', { name: 'Link this passage' }).click();
  await expect(page.locator('.quick-edit')).toContainText('1 passage links');
  // A linked passage is not offered again.
  await expect(picker.locator('li[data-passage="scenario-3"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.quick-edit .form-status')).toHaveText('Saved.');
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
    await search(page);
    return page;
  });
});
