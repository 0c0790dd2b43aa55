// The story player: a presenter's clicker and keys walk the shipped story, each
// step has an address that reloads into it, and the room sees captions as text.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';
import { StoryPlayer, storyFile } from '../pages/story-page.mjs';

const story = storyFile();
const titles = story.steps.map((s) => s.title);

test('the shipped story advances with ArrowRight and PageDown and goes back with PageUp', async ({ page }) => {
  const player = new StoryPlayer(page);
  await player.open(1);
  await player.expectStep(1, titles[0]);
  await page.keyboard.press('ArrowRight');
  await player.expectStep(2, titles[1]);
  await page.keyboard.press('PageDown');
  await player.expectStep(3, titles[2]);
  await page.keyboard.press('PageUp');
  await player.expectStep(2, titles[1]);
  await page.keyboard.press('Space');
  await player.expectStep(3);
  await page.keyboard.press('Shift+Space');
  await player.expectStep(2);
  await page.keyboard.press('End');
  await player.expectStep(titles.length, titles[titles.length - 1]);
  // Past the end a clicker changes nothing.
  await page.keyboard.press('PageDown');
  await player.expectStep(titles.length);
  await page.keyboard.press('Home');
  await player.expectStep(1, titles[0]);
});

test('arrow keys step through the story even when the map has the focus', async ({ page }) => {
  const player = new StoryPlayer(page);
  await player.open(1);
  await page.locator('.map').focus();
  await page.keyboard.press('ArrowRight');
  await player.expectStep(2);
});

test("each step's address reloads into that step, and Back and Forward walk the steps", async ({ page }) => {
  const player = new StoryPlayer(page);
  for (let n = 1; n <= titles.length; n++) {
    await player.open(n);
    await player.expectStep(n, titles[n - 1]);
    for (const id of story.steps[n - 1].highlight ?? []) {
      await expect(page.locator(`.map-svg [data-feature-id="${id}"]`), `step ${n}: ${id}`).toHaveClass(/selected/);
    }
    await page.reload();
    await player.ready();
    await player.expectStep(n, titles[n - 1]);
  }
  await player.open(1);
  await page.getByRole('button', { name: 'Next step' }).click();
  await player.expectStep(2);
  await page.getByRole('button', { name: `Step 4: ${titles[3]}` }).click();
  await player.expectStep(4);
  await page.goBack();
  await player.expectStep(2, titles[1]);
  await page.goBack();
  await player.expectStep(1, titles[0]);
  await page.goForward();
  await player.expectStep(2, titles[1]);
});

test('a step shows only its layers and fits its box on the screen', async ({ page }) => {
  const player = new StoryPlayer(page);
  await player.open(2);
  const step = story.steps[1];
  // A feature on a layer the step leaves out is hidden; its highlights are drawn.
  const hiddenLayer = (await page.request.get('/collections').then((r) => r.json())).collections
    .map((c) => c.id)
    .find((id) => !step.layers.includes(id));
  expect(hiddenLayer).toBeTruthy();
  const items = await page.request.get(`/collections/${hiddenLayer}/items?limit=1`).then((r) => r.json());
  await expect(page.locator(`.map-svg [data-feature-id="${items.features[0].id}"]`)).toHaveClass(/hidden/);
  // The fitted box lies on screen, clear of the caption card and the controls.
  const caption = await page.locator('.story-caption').boundingBox();
  const controls = await page.locator('.story-controls').boundingBox();
  for (const id of ['port-of-baku', 'port-of-aktau']) {
    const at = await page.locator(`.map-svg [data-feature-id="${id}"] .symbol`).boundingBox();
    expect(at.x, id).toBeGreaterThan(caption.x + caption.width);
    expect(at.y + at.height, id).toBeLessThan(controls.y);
    expect(at.y, id).toBeGreaterThan(0);
  }
});

test('the quote is verbatim and attributed, and links back to the report in the reader', async ({ page }) => {
  const player = new StoryPlayer(page);
  await player.open(1);
  const quote = page.locator('.step-quote');
  await expect(quote.locator('blockquote')).toContainText(story.steps[0].passage.quote.exact);
  await expect(quote.locator('figcaption')).toContainText('Matteo Meloni');
  await expect(quote.locator('figcaption')).toContainText('SpecialEurasia');
  await expect(quote.locator('cite')).toContainText('Azerbaijan Deepens Ties with China');
  await quote.getByRole('link', { name: 'Read it in the report' }).click();
  await expect(page.locator(`#passage-${story.steps[0].passage.passage}`)).toBeVisible();
});

test('Esc leaves the story for the reader map at that view', async ({ page }) => {
  const player = new StoryPlayer(page);
  await player.open(3);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/#map=/);
  const atlas = new AtlasPage(page);
  await expect(page.locator(".app > header.topbar")).toBeVisible();
  for (const id of story.steps[2].highlight) {
    await expect(atlas.feature(id)).toHaveClass(/selected/);
  }
  expect(await atlas.hash()).toContain(`passage=${story.steps[2].passage.report}/${story.steps[2].passage.passage}`);
});

test('B blacks the screen out and back; F asks for full screen', async ({ page }) => {
  const player = new StoryPlayer(page);
  await player.open(1);
  const black = page.locator('.story-black');
  await expect(black).not.toHaveClass(/\bon\b/);
  await page.keyboard.press('b');
  await expect(black).toHaveClass(/\bon\b/);
  await page.keyboard.press('.');
  await expect(black).not.toHaveClass(/\bon\b/);
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
});

test('a caption with HTML and script shows them as text', async ({ page }) => {
  const draft = {
    id: 'x',
    title: 'Unsafe',
    author: 'Tester',
    steps: [
      {
        title: 'One',
        caption: '<script>window.hacked = 1</script> and <img src=x onerror="window.hacked = 2"> [bad](javascript:alert(1)) [good](https://example.org/)',
        camera: { view: { zoom: 5, lat: 40.4, lon: 49.9 } },
      },
    ],
  };
  await page.goto('/');
  await page.evaluate((text) => localStorage.setItem('atlas-story-draft', text), JSON.stringify(draft));
  const player = new StoryPlayer(page, 'draft');
  await player.open(1);
  const caption = page.locator('.story-caption-text');
  await expect(caption).toContainText('<script>window.hacked = 1</script>');
  await expect(caption).toContainText('<img src=x onerror="window.hacked = 2">');
  await expect(caption.locator('script, img')).toHaveCount(0);
  await expect(caption.locator('a')).toHaveCount(1);
  await expect(caption.locator('a')).toHaveAttribute('href', 'https://example.org/');
  expect(await page.evaluate(() => window.hacked)).toBeUndefined();
});

test("the reader's page loads none of the player's code, and the story page none of the reader's", async ({ page, request }) => {
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/');
  await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  expect(requested.filter((p) => p.startsWith('/story/'))).toEqual([]);
  const readerWasm = requested.find((p) => p.endsWith('_bg.wasm'));
  expect(readerWasm).toMatch(/^\/atlas-app-[0-9a-f]+_bg\.wasm$/);

  requested.length = 0;
  await new StoryPlayer(page).open(2);
  const wasms = requested.filter((p) => p.endsWith('_bg.wasm'));
  expect(wasms).toHaveLength(1);
  expect(wasms[0]).toMatch(/^\/story\/atlas-story-[0-9a-f]+_bg\.wasm$/);
  // The story page is a page of its own, with no first map drawn by the server.
  const html = await (await request.get(`/story/${story.id}/2`)).text();
  expect(html).not.toContain('first-map');
  expect(html).not.toContain('atlas-app-');

  // The reader's wasm has none of the player's and the speaker view's words; the story page's has them.
  const words = ['Make this story available offline', 'No notes for this step.', 'The end of the story.'];
  const text = async (path) => Buffer.from(await (await request.get(path)).body()).toString('latin1');
  const reader = await text(readerWasm);
  const player = await text(wasms[0]);
  for (const word of words) {
    expect(reader.includes(word), `reader wasm has "${word}"`).toBe(false);
    expect(player.includes(word), `story wasm has "${word}"`).toBe(true);
  }
});

test("the story page at an address that is no story's (a static host's fallback page) opens the map", async ({ page }) => {
  await page.goto('/story/index.html#map=5/41.0/48.0');
  await expect(page).toHaveURL(/\/#map=5\/41(\.0+)?\/48(\.0+)?(\D|$)/);
  await expect(page.locator('.app > header.topbar')).toBeVisible();
});

test('the map credit stays in sight above the control bar, on a laptop and on a phone', async ({ page }) => {
  for (const size of [{ width: 1024, height: 768 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await new StoryPlayer(page).open(2);
    const credit = page.locator('.story-player .attribution');
    await expect(credit).toBeVisible();
    await expect(credit).toContainText('Natural Earth');
    const box = await credit.boundingBox();
    const onTop = await page.evaluate(
      ([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest('.attribution')),
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(onTop, `credit uncovered at ${size.width}x${size.height}`).toBe(true);
  }
});
