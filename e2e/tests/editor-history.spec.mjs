// A feature's history in the editor: who changed what and when, the old
// geometry ghosted on the map, a restore of the previous revision; and a
// deleted feature brought back from the layer's deleted list.
import { test, expect } from '@playwright/test';
import path from 'node:path';
import { startAtlas } from '../support/atlas-server.mjs';
import { root } from '../pages/atlas-page.mjs';
import { PASSWORD, editSelected, feature, formField, openEditor, screenshots, showTab } from '../pages/editor-panels.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8091) + 1;
const ID = 'port-of-baku';
const DELETED = 'port-of-kuryk';
let atlas;

test.beforeAll(async () => {
  atlas = await startAtlas({ port: PORT, users: [{ name: 'ana', password: PASSWORD }] });
});
test.afterAll(async () => {
  await atlas?.stop();
});

/** Moves the port 0.05° east and renames it, through the API, as `page`'s editor. */
async function moveAndRename(page) {
  return page.evaluate(async (id) => {
    const answer = await fetch(`/collections/hubs/items/${id}`);
    const etag = answer.headers.get('etag');
    const body = await answer.json();
    body.properties.name = 'Port of Baku (moved)';
    body.geometry.coordinates[0] += 0.05;
    const put = await fetch(`/collections/hubs/items/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/geo+json', 'If-Match': etag },
      body: JSON.stringify(body),
    });
    return put.status;
  }, ID);
}

/** Deletes a feature through the API, as `page`'s editor. */
async function remove(page, id) {
  return page.evaluate(async (id) => {
    const etag = (await fetch(`/collections/hubs/items/${id}`)).headers.get('etag');
    return (await fetch(`/collections/hubs/items/${id}`, { method: 'DELETE', headers: { 'If-Match': etag } })).status;
  }, id);
}

test('an editor reads a change, ghosts the old geometry and restores the previous revision', async ({ browser }) => {
  const original = await feature(atlas.base, 'hubs', ID);
  const context = await browser.newContext();
  let page = await openEditor(context, atlas.base, 'ana', ID);
  expect(await moveAndRename(page)).toBe(200);
  await page.reload();
  // The form open on the feature, as it is now.
  await editSelected(page);
  await expect(formField(page, 'Name')).toHaveValue('Port of Baku (moved)');
  await showTab(page, 'History');
  const panel = page.locator('.history-panel');
  const latest = panel.locator('li.revision').first();
  await expect(latest).toHaveAttribute('data-revision', '2');
  await expect(latest.locator('.revision-head')).toContainText('changed by ana');
  await expect(latest.locator('.field-change')).toHaveText('name: Port of Baku (Baku International Sea Trade Port, Alat) → Port of Baku (moved)');
  await expect(latest.locator('.geometry-change')).toHaveText(/^moved 4\.\d km$/);

  // The geometry it replaced, ghosted over the map.
  await expect(page.locator('.ghost-svg .ghost')).toHaveCount(0);
  await latest.getByRole('button', { name: 'Show old geometry' }).click();
  await expect(page.locator('.ghost-svg .ghost-point')).toHaveCount(1);

  // Revision 1 brought back as revision 3.
  const first = panel.locator('li.revision[data-revision="1"]');
  await first.getByRole('button', { name: 'Restore this version' }).click();
  await expect(panel.locator('.form-status')).toHaveText('Revision 1 restored.');
  await expect(panel.locator('li.revision').first()).toHaveAttribute('data-revision', '3');
  await expect(panel.locator('li.revision').first().locator('.revision-head')).toContainText('restored revision 1 by ana');
  const restored = await feature(atlas.base, 'hubs', ID);
  expect(restored.body.properties).toEqual(original.body.properties);
  expect(restored.body.geometry).toEqual(original.body.geometry);
  expect(restored.etag).not.toBe(original.etag);
  // The form holds the restored version, ready to save over it (its new ETag).
  await showTab(page, 'Feature');
  await expect(formField(page, 'Name')).toHaveValue(original.body.properties.name);
  await formField(page, 'Operator').fill('Baku Port Authority');
  await page.locator('form.feature-form').getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.save-status.saved')).toContainText('Saved');
  expect((await feature(atlas.base, 'hubs', ID)).body.properties.facts.operator).toBe('Baku Port Authority');
  await context.close();
});

test('a deleted feature comes back from the layer\'s deleted list', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await openEditor(context, atlas.base, 'ana', ID);
  expect(await remove(page, DELETED)).toBe(204);
  expect((await feature(atlas.base, 'hubs', DELETED)).status).toBe(404);
  await page.reload();
  await showTab(page, 'History');
  const item = page.locator(`.deleted-list li[data-feature-id="${DELETED}"]`);
  await expect(item).toContainText('deleted by ana');
  await item.getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('.deleted-panel .form-status')).toHaveText(`${DELETED} restored.`);
  await expect(item).toHaveCount(0);
  const back = await feature(atlas.base, 'hubs', DELETED);
  expect(back.status).toBe(200);
  expect(back.body.properties.id).toBe(DELETED);
  // The map has it again, selected.
  await showTab(page, 'Feature');
  await expect(page.locator('.selected-feature h2')).toHaveText(back.body.properties.name);
  await context.close();
});

test('the history panel, at two sizes, light and dark', async ({ browser }) => {
  await screenshots(browser, atlas.base, 'editor-history', async (context) => {
    const page = await openEditor(context, atlas.base, 'ana', ID);
    await moveAndRename(page);
    await page.reload();
    await showTab(page, 'History');
    await page.locator('.history-panel li.revision').first().getByRole('button', { name: 'Show old geometry' }).click();
    await expect(page.locator('.ghost-svg .ghost-point')).toHaveCount(1);
    return page;
  });
});

test('with no feature in view, the history says what to do and the deleted list asks for a layer', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  const page = await openEditor(context, atlas.base, 'ana');
  await showTab(page, 'History');
  await expect(page.locator('.history-panel')).toContainText('Select a feature on the map to see its history.');
  const layer = page.locator('.history-tab').getByLabel('Layer');
  await layer.selectOption('hubs');
  await expect(page.locator('.history-tab h3').nth(1)).toHaveText('Deleted from Ports, zones and crossings');
  // The earlier test's deletion was restored: the layer has none left.
  await expect(page.locator('.deleted-panel')).toContainText('Nothing has been deleted from this layer.');
  await page.screenshot({ path: path.join(root, 'e2e', 'artifacts', 'editor-history-empty-390x844-dark.png') });
  await context.close();
});
