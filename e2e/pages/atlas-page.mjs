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

  feature(id) {
    return this.page.locator(`.map-svg [data-feature-id="${id}"]`);
  }

  /** Clicks a line feature on its stroke, at `fraction` of its length, as a reader would. */
  async clickLine(id, fraction = 0.5) {
    const point = await this.feature(id)
      .locator('path.line')
      .evaluate((path, f) => {
        const p = path.getPointAtLength(path.getTotalLength() * f);
        const m = path.getScreenCTM();
        return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
      }, fraction);
    await this.page.mouse.click(point.x, point.y);
  }

  async showSouthCaucasus() {
    await this.page.getByRole('button', { name: 'South Caucasus' }).click();
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
