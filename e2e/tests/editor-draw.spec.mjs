// Drawing on the map in the editor: a new solar plant placed by a click and
// saved once its form is right, a route whose end snaps onto a site, undo and
// redo, and a draft that survives a reload.
import { test, expect } from '@playwright/test';
import { startAtlas } from '../support/atlas-server.mjs';
import { EditorPage } from '../pages/editor-page.mjs';
import { AtlasPage } from '../pages/atlas-page.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8091) + 2;
const EDITOR = { name: 'arman', password: 'middle-corridor-42', role: 'editor' };
let server;

test.beforeAll(async () => {
  server = await startAtlas({ port: PORT, users: [EDITOR] });
});
test.afterAll(() => server?.stop());
test.use({ baseURL: `http://127.0.0.1:${PORT}` });

/** A signed-in editor on /edit, looking at the South Caucasus. */
async function signedIn(page) {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.signIn(EDITOR.name, EDITOR.password);
  await editor.caucasus();
  return editor;
}

test('an editor places a solar plant, fixes its missing source, saves, and a reader sees it', async ({ page, browser }) => {
  const editor = await signedIn(page);
  await editor.tools.getByRole('button', { name: 'Add a site' }).click();
  await editor.clickMapAt(0.62, 0.7);
  await expect(editor.vertices).toHaveCount(1);
  const [[lon, lat]] = await editor.positions();

  await editor.field('Name').fill('Shirvan Solar Park');
  await editor.field('What it is').selectOption('solar');
  await editor.field('Status').selectOption('planned');
  // A solar plant goes where the other plants are.
  await expect(editor.field('Layer')).toHaveValue('energy');
  await editor.field('Capacity').fill('120');

  await editor.panel.getByRole('button', { name: 'Save' }).click();
  await expect(editor.errorOf('properties.sources')).toHaveText('must list at least one source');
  expect((await page.request.get('/collections/energy/items/shirvan-solar-park')).status()).toBe(404);

  await editor.panel.getByRole('button', { name: 'Add a source' }).click();
  await editor.panel.getByLabel('Title').fill('Ministry of Energy of Azerbaijan');
  await editor.panel.getByLabel('Address').fill('https://minenergy.gov.az/');
  await expect(editor.errorOf('properties.sources')).toHaveCount(0);
  await editor.panel.getByRole('button', { name: 'Save' }).click();
  await expect(editor.panel.getByText('Saved Shirvan Solar Park.')).toBeVisible();
  // The map shows it at once, selected.
  await expect(page.locator('.map-svg [data-feature-id="shirvan-solar-park"]')).toBeAttached();

  const stored = await (await page.request.get('/collections/energy/items/shirvan-solar-park')).json();
  expect(stored.geometry.coordinates).toEqual([lon, lat]);
  expect(stored.properties.facts.capacity_mw).toBe(120);
  expect(stored.properties.sources).toEqual([{ title: 'Ministry of Energy of Azerbaijan', url: 'https://minenergy.gov.az/' }]);

  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  await readerPage.goto('/');
  await readerPage.reload();
  await expect(readerPage.locator('.map-svg [data-feature-id="shirvan-solar-park"]')).toBeAttached();

  // The editor changes the plant, then brings the first revision back from its history.
  await editor.panel.locator('.selected-feature').getByRole('button', { name: 'Edit' }).click();
  await expect(editor.field('Capacity')).toHaveValue('120');
  await editor.field('Capacity').fill('150');
  await editor.panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(editor.panel.getByText('Saved Shirvan Solar Park.')).toBeVisible();
  const item = async () => (await page.request.get('/collections/energy/items/shirvan-solar-park')).json();
  expect((await item()).properties.facts.capacity_mw).toBe(150);
  await editor.panel.getByRole('tab', { name: 'History' }).click();
  const history = editor.panel.locator('.history-panel');
  await expect(history.locator('li.revision').first()).toHaveAttribute('data-revision', '2');
  await expect(history.locator('li.revision').first().locator('.field-change')).toHaveText('facts.capacity_mw: 120 → 150');
  await history.locator('li.revision[data-revision="1"]').getByRole('button', { name: 'Restore this version' }).click();
  await expect(history.locator('.form-status')).toHaveText('Revision 1 restored.');
  await expect(history.locator('li.revision').first()).toHaveAttribute('data-revision', '3');
  expect((await item()).properties.facts.capacity_mw).toBe(120);
  await reader.close();
});

test('a route of five clicks has five vertices, its end snapped onto a site; undo and redo step the last', async ({ page, request }) => {
  const editor = await signedIn(page);
  const tbilisi = (await (await request.get('/collections/places/items/tbilisi')).json()).geometry.coordinates;
  await editor.tools.getByRole('button', { name: 'Draw a route' }).click();
  // A few pixels off Tbilisi: the first vertex snaps onto it.
  const site = await editor.siteCentre('tbilisi');
  await page.mouse.click(site.x + 5, site.y - 4);
  for (const [fx, fy] of [[0.3, 0.3], [0.4, 0.25], [0.5, 0.35], [0.6, 0.3]]) {
    await editor.clickMapAt(fx, fy);
  }
  await page.keyboard.press('Enter');
  await expect(editor.vertices).toHaveCount(5);
  const positions = await editor.positions();
  expect(positions[0]).toEqual(tbilisi);
  await expect(editor.panel.locator('.geometry-summary')).toHaveText('Route: 5 vertices');

  await page.keyboard.press('Control+z');
  await expect(editor.vertices).toHaveCount(4);
  await page.keyboard.press('Control+Shift+z');
  await expect(editor.vertices).toHaveCount(5);
  expect(await editor.positions()).toEqual(positions);
  // The buttons do the same.
  await editor.tools.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.vertices).toHaveCount(4);
  await editor.tools.getByRole('button', { name: 'Redo' }).click();
  await expect(editor.vertices).toHaveCount(5);
});

test('a vertex drags, and the selected one nudges with the arrows and goes with Delete', async ({ page }) => {
  const editor = await signedIn(page);
  await editor.tools.getByRole('button', { name: 'Draw a route' }).click();
  for (const [fx, fy] of [[0.3, 0.5], [0.45, 0.55], [0.6, 0.5]]) {
    await editor.clickMapAt(fx, fy);
  }
  await page.keyboard.press('Enter');
  const before = await editor.positions();
  const box = await editor.vertices.nth(1).boundingBox();
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 30, { steps: 5 });
  await page.mouse.up();
  const dragged = await editor.positions();
  expect(dragged[1]).not.toEqual(before[1]);
  expect(dragged[0]).toEqual(before[0]);

  await page.keyboard.press('ArrowRight');
  const nudged = await editor.positions();
  expect(nudged[1][0]).toBeGreaterThan(dragged[1][0]);
  await page.keyboard.press('Delete');
  await expect(editor.vertices).toHaveCount(2);
  // A midpoint dragged adds a vertex.
  const mid = await page.locator('.sketch-midpoint').first().boundingBox();
  await page.mouse.move(mid.x + mid.width / 2, mid.y + mid.height / 2);
  await page.mouse.down();
  await page.mouse.move(mid.x + 10, mid.y + 40, { steps: 5 });
  await page.mouse.up();
  await expect(editor.vertices).toHaveCount(3);
});

test('an unsaved draft survives a reload and is offered back', async ({ page }) => {
  const editor = await signedIn(page);
  await editor.tools.getByRole('button', { name: 'Draw a zone' }).click();
  for (const [fx, fy] of [[0.4, 0.4], [0.5, 0.4], [0.5, 0.5]]) {
    await editor.clickMapAt(fx, fy);
  }
  await page.keyboard.press('Enter');
  await editor.field('Name').fill('Kars Logistics Zone');
  const drawn = await editor.positions();

  await page.reload();
  await expect(page.getByText('Restore your unsaved draft?')).toBeVisible();
  await expect(page.locator('.draft-offer')).toContainText('Kars Logistics Zone (new zone)');
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(editor.vertices).toHaveCount(3);
  expect(await editor.positions()).toEqual(drawn);
  await expect(editor.field('Name')).toHaveValue('Kars Logistics Zone');
});

test('a stored route opens for editing, moves, and saves over its version', async ({ page, request }) => {
  const editor = await signedIn(page);
  const before = await (await request.get('/collections/corridors/items/baku-tbilisi-kars-railway')).json();
  await new AtlasPage(page).clickLine('baku-tbilisi-kars-railway');
  await expect(editor.panel.getByRole('heading', { name: before.properties.name })).toBeVisible();
  await editor.panel.getByRole('button', { name: 'Edit' }).click();
  const count = before.geometry.coordinates.length;
  await expect(editor.vertices).toHaveCount(count);
  const box = await editor.vertices.nth(1).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 30, box.y + 25, { steps: 4 });
  await page.mouse.up();
  await editor.panel.getByRole('button', { name: 'Save' }).click();
  await expect(editor.panel.getByText(`Saved ${before.properties.name}.`)).toBeVisible();
  const after = await (await request.get('/collections/corridors/items/baku-tbilisi-kars-railway')).json();
  expect(after.revision).toBe(before.revision + 1);
  expect(after.geometry.coordinates[1]).not.toEqual(before.geometry.coordinates[1]);
  expect(after.geometry.coordinates[0]).toEqual(before.geometry.coordinates[0]);
});

test.describe('on a touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('taps draw a route and the Finish button ends it', async ({ page }) => {
    const editor = await signedIn(page);
    await editor.tools.getByRole('button', { name: 'Draw a route' }).tap();
    // Between the tools at the top and the sheet below.
    for (const [x, y] of [[110, 260], [200, 320], [290, 280]]) {
      await page.touchscreen.tap(x, y);
    }
    await expect(editor.vertices).toHaveCount(3);
    await editor.tools.getByRole('button', { name: 'Finish' }).tap();
    await expect(editor.tools.getByRole('button', { name: 'Finish' })).toHaveCount(0);
    await expect(editor.panel.locator('.geometry-summary')).toHaveText('Route: 3 vertices');
  });
});

test("the server's refusal shows beside its field, as the browser's own checks do", async ({ page }) => {
  const editor = await signedIn(page);
  await editor.tools.getByRole('button', { name: 'Add a site' }).click();
  await editor.clickMapAt(0.55, 0.62);
  // "Baku" makes the slug of a feature the server already has.
  await editor.field('Name').fill('Baku');
  await editor.field('What it is').selectOption('city');
  await editor.field('Status').selectOption('operating');
  await editor.panel.getByRole('button', { name: 'Add a source' }).click();
  await editor.panel.getByLabel('Title').fill('City of Baku');
  await editor.panel.getByLabel('Address').fill('https://baku.az/');
  await editor.panel.getByRole('button', { name: 'Save' }).click();
  await expect(editor.errorOf('id')).toHaveText('is taken by another feature: choose another slug');
  await editor.field('Slug (in links)').fill('baku-old-town');
  await expect(editor.errorOf('id')).toHaveCount(0);
  await editor.panel.getByRole('button', { name: 'Save' }).click();
  await expect(editor.panel.getByText('Saved Baku.')).toBeVisible();
});

test('while drawing, a drag still pans the map and adds no vertex', async ({ page }) => {
  const editor = await signedIn(page);
  await editor.tools.getByRole('button', { name: 'Draw a route' }).click();
  await editor.clickMapAt(0.3, 0.4);
  await editor.clickMapAt(0.45, 0.45);
  const before = await editor.vertices.first().boundingBox();
  const box = await editor.map.boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6 + 80, box.y + box.height * 0.6 + 40, { steps: 8 });
  await page.mouse.up();
  await expect(editor.vertices).toHaveCount(2);
  await expect.poll(async () => Math.round((await editor.vertices.first().boundingBox()).x - before.x)).toBeGreaterThan(60);
});

test('a save over a newer version shows both side by side, and mine chosen saves over it', async ({ page, playwright }) => {
  const editor = await signedIn(page);
  const path = '/collections/corridors/items/middle-corridor-black-sea-ferry';
  const base = `http://127.0.0.1:${PORT}`;
  const before = await (await page.request.get(path)).json();
  await new AtlasPage(page).clickLine('middle-corridor-black-sea-ferry');
  await editor.panel.getByRole('button', { name: 'Edit' }).click();
  await expect(editor.vertices).toHaveCount(before.geometry.coordinates.length);
  await editor.field('Status as of').fill('2026-10');

  // Someone else saves the feature meanwhile.
  const other = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { Origin: base } });
  expect((await other.post('/api/session', { data: { name: EDITOR.name, password: EDITOR.password } })).status()).toBe(200);
  const current = await other.get(path);
  const patched = await other.patch(path, {
    headers: { 'If-Match': current.headers().etag, 'Content-Type': 'application/merge-patch+json' },
    data: JSON.stringify({ properties: { status_as_of: '2026-11' } }),
  });
  expect(patched.status()).toBe(200);
  await other.dispose();

  await editor.panel.getByRole('button', { name: 'Save' }).click();
  const view = editor.panel.locator('.conflict-view');
  await expect(view).toContainText('Someone else saved this feature first');
  // Only the field both changed differs, and it waits for a choice.
  await expect(view.locator('tbody.conflict-row')).toHaveCount(1);
  const row = view.locator('tbody[data-field="status_as_of"]');
  await expect(row).toHaveClass(/both-changed/);
  await row.getByLabel('Mine').check();
  await view.getByRole('button', { name: 'Save merged version' }).click();
  await expect(editor.panel.getByText(`Saved ${before.properties.name}.`)).toBeVisible();
  await expect(editor.field('Status as of')).toHaveValue('2026-10');
  const after = await (await page.request.get(path)).json();
  expect(after.revision).toBe(before.revision + 2);
  expect(after.properties.status_as_of).toBe('2026-10');
});

test('undo steps back through the form too, a typed name as one step', async ({ page }) => {
  const editor = await signedIn(page);
  await editor.tools.getByRole('button', { name: 'Add a site' }).click();
  await editor.clickMapAt(0.5, 0.6);
  await editor.field('Name').pressSequentially('Alat Solar');
  await editor.field('Status').selectOption('proposed');
  await page.locator('.map').focus();
  await page.keyboard.press('Control+z');
  await expect(editor.field('Status')).toHaveValue('');
  await expect(editor.field('Name')).toHaveValue('Alat Solar');
  await page.keyboard.press('Control+z');
  await expect(editor.field('Name')).toHaveValue('');
  await expect(editor.vertices).toHaveCount(1);
  await page.keyboard.press('Control+y');
  await expect(editor.field('Name')).toHaveValue('Alat Solar');
});
