// The speaker view in a second window: notes, the step shown and the next one,
// a timer; it follows the player and drives it.
import { test, expect } from '@playwright/test';
import { SpeakerView, StoryPlayer, storyFile } from '../pages/story-page.mjs';

const story = storyFile();

test('the speaker window follows the main one, and the main one follows it', async ({ context }) => {
  const main = new StoryPlayer(await context.newPage());
  await main.open(1);
  const speaker = new SpeakerView(await context.newPage());
  await speaker.open(1);
  await expect(speaker.page.locator('.speaker-notes')).toContainText(story.steps[0].notes.slice(0, 40));
  await expect(speaker.page.locator('.speaker-next-title')).toContainText(story.steps[1].title);
  await expect(speaker.page.getByRole('timer')).toHaveText(/^\d+:\d\d$/);

  await main.page.bringToFront();
  await main.page.keyboard.press('ArrowRight');
  await main.expectStep(2);
  await speaker.expectStep(2);
  await expect(speaker.page.locator('.speaker-step-title')).toContainText(story.steps[1].title);
  await expect(speaker.page).toHaveURL(/\/story\/middle-corridor-in-six-steps\/2\?speaker$/);

  await main.page.keyboard.press('PageDown');
  await speaker.expectStep(3);

  await speaker.page.bringToFront();
  await speaker.page.getByRole('button', { name: 'Next step' }).click();
  await speaker.expectStep(4);
  await main.expectStep(4, story.steps[3].title);
  await speaker.page.keyboard.press('PageUp');
  await main.expectStep(3, story.steps[2].title);
});

test('a speaker view opened late asks the player where it is', async ({ context }) => {
  const main = new StoryPlayer(await context.newPage());
  await main.open(5);
  const speaker = new SpeakerView(await context.newPage());
  await speaker.open(1);
  await speaker.expectStep(5);
});
