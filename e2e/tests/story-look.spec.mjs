// The projector look: the player at projector, laptop and phone sizes, light
// and dark, with captions large enough to read from the back of a room.
import { test, expect } from '@playwright/test';
import { StoryPlayer } from '../pages/story-page.mjs';

const sizes = [
  ['projector-720', 1280, 720, 24],
  ['projector-1080', 1920, 1080, 34],
  ['laptop', 1024, 768, 22],
  ['phone', 390, 844, 19],
];

for (const [name, width, height, least] of sizes) {
  for (const scheme of ['light', 'dark']) {
    test(`the player at ${width}x${height}, ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      const player = new StoryPlayer(page);
      await player.open(3);
      await expect(player.caption).toBeVisible();
      await expect(page.locator('.step-quote')).toBeVisible();
      // Captions in large type: the step title larger still.
      const size = await player.caption.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(least - 1);
      const title = await player.title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(title).toBeGreaterThan(size);
      // The controls and the caption stay inside the screen.
      for (const part of [player.caption, page.locator('.story-controls')]) {
        const box = await part.boundingBox();
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
        expect(box.y + box.height).toBeLessThanOrEqual(height + 0.5);
      }
      await player.screenshot(`story-${name}-${scheme}`);
    });
  }
}

test('the speaker view, light and dark', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/story/middle-corridor-in-six-steps/2?speaker');
    await expect(page.locator('.speaker-notes')).toBeVisible();
    await page.screenshot({ path: `e2e/artifacts/story-speaker-${scheme}.png` });
  }
});
