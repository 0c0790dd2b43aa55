// Page object for the story player and its speaker view: stable selectors and
// the keys a presenter's clicker sends.
import { expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './atlas-page.mjs';

export const SHIPPED = 'middle-corridor-in-six-steps';

/** A story file of data/stories, read the way a reviewer would. */
export function storyFile(id = SHIPPED) {
  return JSON.parse(fs.readFileSync(path.join(root, 'data', 'stories', `${id}.json`), 'utf8'));
}

export class StoryPlayer {
  constructor(page, id = SHIPPED) {
    this.page = page;
    this.id = id;
    this.root = page.locator('.story-player');
    this.title = page.locator('.story-step-title');
    this.caption = page.locator('.story-caption');
  }

  async open(step = 1) {
    await this.page.goto(`/story/${this.id}/${step}`);
    await this.ready();
  }

  async ready() {
    await expect(this.root).toBeVisible();
    await expect(this.page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  }

  async expectStep(n, title) {
    await expect(this.root).toHaveAttribute('data-step', String(n));
    await expect(this.page).toHaveURL(new RegExp(`/story/${this.id}/${n}$`));
    if (title) await expect(this.title).toHaveText(title);
  }

  async screenshot(name) {
    const dir = path.join(root, 'e2e', 'artifacts');
    fs.mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
}

export class SpeakerView {
  constructor(page, id = SHIPPED) {
    this.page = page;
    this.id = id;
    this.root = page.locator('.speaker-view');
  }

  async open(step = 1) {
    await this.page.goto(`/story/${this.id}/${step}?speaker`);
    await expect(this.root).toBeVisible();
  }

  async expectStep(n) {
    await expect(this.root).toHaveAttribute('data-step', String(n));
  }
}
