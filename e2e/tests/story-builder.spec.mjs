// Making a story from the reader's map: three captured views become a draft that
// survives a reload, is edited, plays in the player and downloads as a story
// file that `atlas check` accepts beside the shipped data.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasPage, root } from '../pages/atlas-page.mjs';
import { StoryPlayer } from '../pages/story-page.mjs';
import { copyOfData } from '../support/atlas-server.mjs';

const BTK = 'baku-tbilisi-kars-railway';

test('a draft from three captured views plays and downloads as a file atlas check accepts', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.present();
  await page.getByRole('button', { name: 'Make a story' }).click();
  const builder = page.getByRole('complementary', { name: 'Story draft' });
  await expect(builder).toBeVisible();
  await builder.getByLabel('Title', { exact: true }).fill('Caspian crossings');
  await builder.getByLabel('Author', { exact: true }).fill('An e2e presenter');
  const add = builder.getByRole('button', { name: 'Add this view as a step' });

  // 1: the whole corridor as the map opens.
  await add.click();
  // 2: the South Caucasus with the railway selected.
  await atlas.showSouthCaucasus();
  await atlas.clickLine(BTK, 0.35);
  await expect(atlas.popup).toBeVisible();
  await add.click();
  // 3: a report passage open in the reader.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Read the report' }).click();
  await page.locator('#passage-background-4 .passage-text').click();
  await add.click();
  await expect(builder.locator('.story-draft-step')).toHaveCount(3);
  await expect(builder.getByLabel('Step 2 title')).toHaveValue(/Baku.Tbilisi.Kars/);

  // The draft survives a reload.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Story draft (3)' })).toBeVisible();
  await page.getByRole('button', { name: 'Story draft (3)' }).click();

  // Titled, captioned, given notes, reordered; a fourth step added and deleted.
  await builder.getByLabel('Step 1 title').fill('The whole corridor');
  await builder.getByLabel('Step 1 caption').fill('The **route** from *China* to Europe.');
  await builder.getByLabel('Step 1 speaker notes').fill('Start slowly.');
  await builder.getByLabel('Step 3 title').fill('What the report says');
  await builder.getByRole('button', { name: 'Move step 3 up' }).click();
  await expect(builder.getByLabel('Step 2 title')).toHaveValue('What the report says');
  await add.click();
  await expect(builder.locator('.story-draft-step')).toHaveCount(4);
  await builder.getByRole('button', { name: 'Delete step 4' }).click();
  await expect(builder.locator('.story-draft-step')).toHaveCount(3);

  // The download is the story file.
  const downloading = page.waitForEvent('download');
  await builder.getByRole('button', { name: 'Download' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('caspian-crossings.json');
  const text = fs.readFileSync(await download.path(), 'utf8');
  const file = JSON.parse(text);
  expect(file.id).toBe('caspian-crossings');
  expect(file.steps.map((s) => s.title)).toEqual(['The whole corridor', 'What the report says', expect.stringMatching(/Baku.Tbilisi.Kars/)]);
  expect(file.steps[2].highlight).toContain(BTK);
  expect(file.steps[1].passage).toMatchObject({ report: 'azerbaijan-china-partnership-2025', passage: 'background-4' });

  // atlas check accepts it beside the shipped data.
  const data = copyOfData();
  fs.writeFileSync(path.join(data, 'stories', download.suggestedFilename()), text);
  const out = execFileSync(path.join(root, 'target', 'debug', 'atlas'), ['check', data], { encoding: 'utf8', stdio: 'pipe' });
  expect(out + '').toMatch(/ok: .* 2 stories/);

  // It plays with the same player.
  await builder.getByRole('link', { name: 'Play' }).click();
  const player = new StoryPlayer(page, 'draft');
  await player.ready();
  await player.expectStep(1, 'The whole corridor');
  await expect(page.locator('.story-caption-text strong')).toHaveText('route');
  await page.keyboard.press('ArrowRight');
  await player.expectStep(2, 'What the report says');
  await expect(page.locator('.step-quote')).toContainText('Matteo Meloni');
  await page.keyboard.press('PageDown');
  await player.expectStep(3);
  await expect(atlas.feature(BTK)).toHaveClass(/selected/);
});

test('a story file opens into the draft to go on with', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.present();
  await page.getByRole('button', { name: 'Make a story' }).click();
  const builder = page.getByRole('complementary', { name: 'Story draft' });
  await builder.getByLabel('Open a story file').setInputFiles(path.join(root, 'data', 'stories', 'middle-corridor-in-six-steps.json'));
  await expect(builder.locator('.story-draft-step')).toHaveCount(6);
  await expect(builder.getByLabel('Title', { exact: true })).toHaveValue('The Middle Corridor in six steps');
  await expect(page.getByRole('button', { name: 'Story draft (6)' })).toBeVisible();
});

test('the stories the atlas serves are offered to present', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.present();
  await page.getByRole('button', { name: 'Make a story' }).click();
  const list = page.getByRole('region', { name: 'Stories to present' });
  await list.getByRole('link', { name: 'The Middle Corridor in six steps' }).click();
  const player = new StoryPlayer(page);
  await player.ready();
  await player.expectStep(1, 'From China to Europe');
});

test("on a phone the presenter's page offers 'Make a story' beside Export and Embed, and the draft takes a view", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const atlas = new AtlasPage(page);
  await atlas.present('#map=6/40.9/46.5');
  const header = page.locator('header.topbar');
  const make = header.getByRole('button', { name: 'Make a story' });
  await expect(make).toBeVisible();
  // In the tools' row, not squeezed into the title's.
  const tools = await header.locator('.topbar-tools').boundingBox();
  const button = await make.boundingBox();
  expect(button.y).toBeGreaterThanOrEqual(tools.y - 1);
  expect(button.x + button.width).toBeLessThanOrEqual(390);
  await make.click();
  const builder = page.getByRole('complementary', { name: 'Story draft' });
  await expect(builder).toBeVisible();
  await builder.getByRole('button', { name: 'Add this view as a step' }).click();
  await expect(builder.locator('.story-draft-step')).toHaveCount(1);
  await expect(header.getByRole('button', { name: 'Story draft (1)' })).toBeVisible();
});
