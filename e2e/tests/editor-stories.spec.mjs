// A story made in the reader's briefing mode is saved to the atlas from the
// editor, then plays at /story/{id}/1; a save that meets a newer version asks
// before replacing it.
import { test, expect } from '@playwright/test';
import { startAtlas } from '../support/atlas-server.mjs';
import { StoryPlayer } from '../pages/story-page.mjs';
import { PASSWORD, openEditor, screenshots } from '../pages/editor-panels.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8091) + 1;
const STORY = 'caspian-ports';
let atlas;

test.beforeAll(async () => {
  atlas = await startAtlas({ port: PORT, users: [{ name: 'ana', password: PASSWORD }] });
});
test.afterAll(async () => {
  await atlas?.stop();
});

/** Makes a two-step draft in the reader of `page`. */
async function makeDraft(page) {
  await page.goto(`${atlas.base}/present`);
  await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  await page.getByRole('button', { name: 'Make a story' }).click();
  const builder = page.getByRole('complementary', { name: 'Story draft' });
  await builder.getByLabel('Title', { exact: true }).fill('Caspian ports');
  await builder.getByLabel('Author', { exact: true }).fill('Ana Editor');
  const add = builder.getByRole('button', { name: 'Add this view as a step' });
  await add.click();
  await add.click();
  await builder.getByLabel('Step 1 title').fill('The corridor');
  await builder.getByLabel('Step 2 title').fill('Across the sea');
  await expect(builder.locator('.story-draft-step')).toHaveCount(2);
}

async function openStories(page) {
  await page.getByRole('tab', { name: 'Stories' }).click();
  const panel = page.locator('.story-save');
  await expect(panel.locator('.story-title')).toHaveText('Caspian ports');
  await expect(panel.locator('.check.ok')).toHaveText('Checked: no problems found.');
  return panel;
}

test('a draft from the reader is saved to the atlas and plays; a newer version is not overwritten unasked', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: atlas.base });
  const reader = await context.newPage();
  await makeDraft(reader);
  const page = await openEditor(context, atlas.base, 'ana');
  const panel = await openStories(page);
  await panel.getByRole('button', { name: 'Save to the atlas' }).click();
  await expect(panel.locator('.form-status.saved')).toContainText('Saved to the atlas.');
  await expect(panel.locator(`.server-story[data-story-id="${STORY}"]`)).toBeVisible();
  const saved = await (await context.request.get(`${atlas.base}/api/stories/${STORY}`)).json();
  expect(saved.steps.map((s) => s.title)).toEqual(['The corridor', 'Across the sea']);

  // Someone changes the story on the server; the next save asks first.
  const etag = (await context.request.get(`${atlas.base}/api/stories/${STORY}`)).headers()['etag'];
  const changed = await page.evaluate(async ([id, etag, story]) => {
    story.title = 'Caspian ports, revised';
    return (await fetch(`/api/stories/${id}`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json', 'If-Match': etag }, body: JSON.stringify(story),
    })).status;
  }, [STORY, etag, saved]);
  expect(changed).toBe(200);
  await panel.getByRole('button', { name: 'Save to the atlas' }).click();
  const choice = panel.locator('.story-choice');
  await expect(choice).toContainText('Someone saved this story after you last did: “Caspian ports, revised” by Ana Editor, 2 steps.');
  await choice.getByRole('button', { name: 'Replace theirs with my draft' }).click();
  await expect(panel.locator('.form-status.saved')).toBeVisible();
  expect((await (await context.request.get(`${atlas.base}/api/stories/${STORY}`)).json()).title).toBe('Caspian ports');

  // Its history lists the three saves.
  const item = panel.locator(`.server-story[data-story-id="${STORY}"]`);
  await item.getByRole('button', { name: 'History' }).click();
  await expect(item.locator('.revision-list li')).toHaveCount(3);
  await expect(item.locator('.revision-list li').first()).toContainText('by ana');

  // And it plays.
  await panel.getByRole('link', { name: 'Play it' }).click();
  const player = new StoryPlayer(page, STORY);
  await player.ready();
  await player.expectStep(1, 'The corridor');
  await context.close();
});

test('the stories panel, at two sizes, light and dark', async ({ browser }) => {
  await screenshots(browser, atlas.base, 'editor-stories', async (context) => {
    // Stories are made on a desktop-sized reader; the editor is shot at each size.
    const reader = await context.newPage();
    await reader.setViewportSize({ width: 1024, height: 768 });
    await makeDraft(reader);
    const page = await openEditor(context, atlas.base, 'ana');
    await openStories(page);
    return page;
  });
});
