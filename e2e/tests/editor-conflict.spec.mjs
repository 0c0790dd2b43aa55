// "Never lose work": two editors change the same feature; the second save
// finds the first and shows both side by side, field by field; the merge holds
// exactly the choices made.
import { test, expect } from '@playwright/test';
import { startAtlas } from '../support/atlas-server.mjs';
import { PASSWORD, editSelected, feature, formField, openEditor, saveForm, screenshots } from '../pages/editor-panels.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8091) + 2;
const ID = 'port-of-baku';
let atlas;

test.beforeAll(async () => {
  atlas = await startAtlas({ port: PORT, users: [{ name: 'ana', password: PASSWORD }, { name: 'ben', password: PASSWORD }] });
});
test.afterAll(async () => {
  await atlas?.stop();
});

/** Both editors open the feature; ana saves first; ben's save meets hers. */
async function meet(browser) {
  const ana = await browser.newContext();
  const ben = await browser.newContext();
  const pa = await openEditor(ana, atlas.base, 'ana', ID);
  const pb = await openEditor(ben, atlas.base, 'ben', ID);
  await editSelected(pa);
  await editSelected(pb);
  await formField(pa, 'Name').fill('Port of Baku at Alat');
  await formField(pa, 'Operator').fill('Baku Port Authority');
  await saveForm(pa);
  await expect(pa.locator('.save-status.saved')).toContainText('Saved');
  await formField(pb, 'Name').fill('Baku International Sea Trade Port');
  await formField(pb, 'Status').selectOption('under_construction');
  await saveForm(pb);
  await expect(pb.locator('.conflict-view')).toBeVisible();
  return { ana, ben, pb };
}

test('the second save shows both versions field by field and saves exactly the choices', async ({ browser }) => {
  const before = await feature(atlas.base, 'hubs', ID);
  const { ana, ben, pb } = await meet(browser);
  const view = pb.locator('.conflict-view');
  const row = (field) => view.locator(`tbody[data-field="${field}"]`);
  // Only the fields that differ are listed, each marked by who changed it.
  await expect(view.locator('tbody.conflict-row')).toHaveCount(3);
  await expect(row('name')).toHaveClass(/both-changed/);
  await expect(row('name')).toContainText('Port of Baku at Alat');
  await expect(row('name')).toContainText('Baku International Sea Trade Port');
  await expect(row('facts.operator').locator('.change-mark')).toHaveText('they changed it');
  await expect(row('status').locator('.change-mark')).toHaveText('you changed it');
  // A field both changed waits for a choice.
  const save = view.getByRole('button', { name: 'Save merged version' });
  await expect(save).toBeDisabled();
  await expect(view.locator('.form-status')).toHaveText('Choose a side for 1 field both of you changed.');
  // The others take the side that changed them.
  await expect(row('status').locator('td.chosen')).toContainText('under_construction');
  await expect(row('facts.operator').locator('td.chosen')).toContainText('Baku Port Authority');
  await row('name').getByLabel('Mine').check();
  await expect(save).toBeEnabled();
  await save.click();
  await expect(pb.locator('.conflict-view')).toHaveCount(0);
  // The form shows the merged feature as saved.
  await expect(pb.locator('.save-status.saved')).toContainText('Saved Baku International Sea Trade Port');
  await expect(formField(pb, 'Name')).toHaveValue('Baku International Sea Trade Port');
  await expect(formField(pb, 'Operator')).toHaveValue('Baku Port Authority');
  await expect(formField(pb, 'Status')).toHaveValue('under_construction');

  // The server holds both editors' work: ben's name and status, ana's operator.
  const after = await feature(atlas.base, 'hubs', ID);
  const p = after.body.properties;
  expect(p.name).toBe('Baku International Sea Trade Port');
  expect(p.status).toBe('under_construction');
  expect(p.facts.operator).toBe('Baku Port Authority');
  // Everything else is as it was.
  const untouched = (props) => {
    const { name, status, facts, ...rest } = props;
    const { operator, ...otherFacts } = facts;
    return { rest, otherFacts };
  };
  expect(untouched(p)).toEqual(untouched(before.body.properties));
  expect(after.body.geometry).toEqual(before.body.geometry);
  // And the history has both saves, by their editors.
  const history = await (await ben.request.get(`${atlas.base}/collections/hubs/items/${ID}/history`)).json();
  expect(history.revisions.map((r) => r.changed_by).slice(-2)).toEqual(['ana', 'ben']);
  await ana.close();
  await ben.close();
});

test('the side-by-side view, at two sizes, light and dark', async ({ browser }) => {
  let n = 0;
  await screenshots(browser, atlas.base, 'editor-conflict', async (context) => {
    // Each shot meets a fresh conflict: ana saves again, then ben.
    const ana = await browser.newContext();
    const pa = await openEditor(ana, atlas.base, 'ana', ID);
    const pb = await openEditor(context, atlas.base, 'ben', ID);
    n += 1;
    await editSelected(pa);
    await editSelected(pb);
    await formField(pa, 'Name').fill(`Port of Baku ${n}`);
    await saveForm(pa);
    await expect(pa.locator('.save-status.saved')).toContainText('Saved');
    await ana.close();
    await formField(pb, 'Name').fill(`Port of Baku, ben ${n}`);
    await formField(pb, 'Operator').fill(`Operator ${n}`);
    await saveForm(pb);
    await expect(pb.locator('.conflict-view')).toBeVisible();
    return pb;
  });
});
