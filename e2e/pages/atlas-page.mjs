// Page object for the atlas: stable selectors and the gestures a reader makes.
import { expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every feature id in data/layers, read the way a reviewer would. */
export function dataFeatureIds() {
  const dir = path.join(root, 'data', 'layers');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).features.map((x) => x.id));
}

export class AtlasPage {
  constructor(page) {
    this.page = page;
    this.map = page.locator('.map');
    this.popup = page.getByRole('dialog');
    this.reader = page.locator('aside.reader');
  }

  async open(hash = '') {
    await this.page.goto(`/${hash}`);
    await expect(this.page.locator('.map-svg .country').first()).toBeAttached();
    await expect(this.page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  }

  /** Opens the presenter's page (the reader with the story builder, Export and Embed) at `hash`. */
  async present(hash = '') {
    await this.page.goto(`/present${hash}`);
    await expect(this.page.locator('.map-svg .country').first()).toBeAttached();
    await expect(this.page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  }

  feature(id) {
    return this.page.locator(`.map-svg [data-feature-id="${id}"]`);
  }

  /**
   * Clicks a line feature on its stroke where nothing else covers it, as a reader
   * would: tries points along the line from `fraction` outwards.
   */
  async clickLine(id, fraction = 0.5) {
    const point = await this.feature(id)
      .locator('path.line')
      .evaluate((path, start) => {
        const id = path.closest('[data-feature-id]').dataset.featureId;
        const m = path.getScreenCTM();
        const total = path.getTotalLength();
        for (let step = 0; step <= 40; step++) {
          const f = start + (step % 2 ? 1 : -1) * Math.ceil(step / 2) * 0.02;
          if (f < 0 || f > 1) continue;
          const p = path.getPointAtLength(total * f);
          const x = p.x * m.a + p.y * m.c + m.e;
          const y = p.x * m.b + p.y * m.d + m.f;
          const hit = document.elementFromPoint(x, y)?.closest('[data-feature-id]');
          if (hit?.dataset.featureId === id) return { x, y };
        }
        return null;
      }, fraction);
    if (!point) throw new Error(`no uncovered point on ${id} to click`);
    await this.page.mouse.click(point.x, point.y);
  }

  async showSouthCaucasus() {
    await this.page.getByRole('button', { name: 'South Caucasus', exact: true }).click();
  }

  hash() {
    return this.page.evaluate(() => window.location.hash);
  }

  async screenshot(name) {
    const dir = path.join(root, 'e2e', 'artifacts');
    fs.mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
}
