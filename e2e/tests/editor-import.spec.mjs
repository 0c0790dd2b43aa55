// Importing a CSV from the editor: the dry run shows every row, the bad one
// rejected with its reason; "Apply the N good rows" adds the others.
import { test, expect } from '@playwright/test';
import { startAtlas } from '../support/atlas-server.mjs';
import { PASSWORD, feature, openEditor, screenshots } from '../pages/editor-panels.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8091) + 3;
let atlas;

const CSV = [
  'id,name,kind,status,lon,lat,source_title,source_url',
  'alyat-dry-port,Alyat dry port,hub,planned,49.40,39.94,Port of Baku,https://example.org/alyat',
  'sangachal-yard,Sangachal yard,hub,planned,49.48,40.18,Port of Baku,https://example.org/sangachal',
  'nowhere-depot,Nowhere depot,hub,planned,,40.10,Port of Baku,https://example.org/nowhere',
  'kuryk-yard,Kuryk yard,hub,operating,51.60,43.20,Kuryk port,https://example.org/kuryk',
].join('\r\n') + '\r\n';

test.beforeAll(async () => {
  atlas = await startAtlas({ port: PORT, users: [{ name: 'ana', password: PASSWORD }] });
});
test.afterAll(async () => {
  await atlas?.stop();
});

async function dryRun(page) {
  await page.getByRole('tab', { name: 'Import' }).click();
  const panel = page.locator('.import-panel');
  await panel.getByLabel('Layer').selectOption('hubs');
  await panel.getByLabel('File (GeoJSON or CSV)').setInputFiles({ name: 'yards.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await panel.getByRole('button', { name: 'Try it (dry run)' }).click();
  await expect(panel.locator('tr.import-row')).toHaveCount(4);
  return panel;
}

test('a CSV with one bad row: the row is rejected with its reason and the others apply', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await openEditor(context, atlas.base, 'ana');
  const panel = await dryRun(page);
  await expect(panel.locator('.import-summary')).toHaveText('Dry run of yards.csv: 3 to create, 0 to change, 0 unchanged, 1 rejected.');
  const bad = panel.locator('tr.import-row.rejected');
  await expect(bad).toHaveCount(1);
  await expect(bad).toHaveAttribute('data-row', '4');
  await expect(bad.locator('td').nth(1)).toHaveText('nowhere-depot');
  await expect(bad.locator('.reasons')).toHaveText('lon: is required');
  await expect(panel.locator('tr.import-row.create')).toHaveCount(3);
  // Nothing is written by the dry run.
  expect((await feature(atlas.base, 'hubs', 'alyat-dry-port')).status).toBe(404);

  await panel.getByRole('button', { name: 'Apply the 3 good rows' }).click();
  await expect(panel.getByRole('status')).toHaveText('Applied to hubs: 3 created, 0 changed, 0 unchanged.');
  for (const id of ['alyat-dry-port', 'sangachal-yard', 'kuryk-yard']) {
    const added = await feature(atlas.base, 'hubs', id);
    expect(added.status, id).toBe(200);
  }
  expect((await feature(atlas.base, 'hubs', 'sangachal-yard')).body.geometry.coordinates).toEqual([49.48, 40.18]);
  expect((await feature(atlas.base, 'hubs', 'nowhere-depot')).status).toBe(404);
  // The map shows the layer as it is now, the new features in it.
  for (const id of ['alyat-dry-port', 'sangachal-yard', 'kuryk-yard']) {
    await expect(page.locator(`.map-svg [data-feature-id="${id}"]`), id).toBeAttached();
  }
  // The history names the editor.
  const history = await (await context.request.get(`${atlas.base}/collections/hubs/items/kuryk-yard/history`)).json();
  expect(history.revisions[0].changed_by).toBe('ana');

  // Every layer downloads as GeoJSON, CSV and KML.
  const links = panel.locator('.downloads a');
  await expect(links).toHaveCount(3);
  for (const [name, type] of [['GeoJSON', 'geo+json'], ['CSV', 'text/csv'], ['KML', 'kml']]) {
    const href = await panel.getByRole('link', { name, exact: true }).getAttribute('href');
    const answer = await context.request.get(`${atlas.base}${href}`);
    expect(answer.status(), name).toBe(200);
    expect(answer.headers()['content-type'], name).toContain(type);
  }
  await context.close();
});

test('the import panel, at two sizes, light and dark', async ({ browser }) => {
  await screenshots(browser, atlas.base, 'editor-import', async (context) => {
    const page = await openEditor(context, atlas.base, 'ana');
    await dryRun(page);
    return page;
  });
});
