// Page object for the editor (/edit): signing in, the drawing tools, the form.
import { expect } from '@playwright/test';

export class EditorPage {
  constructor(page) {
    this.page = page;
    this.map = page.locator('.map');
    this.tools = page.getByRole('toolbar', { name: 'Drawing tools' });
    this.panel = page.locator('aside.editor-panel');
    this.vertices = page.locator('.sketch-vertex');
  }

  /** Opens /edit and waits for the map's countries and features. */
  async open() {
    await this.page.goto('/edit');
    await expect(this.page.locator('.map-svg .country').first()).toBeAttached();
    await expect(this.page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  }

  /** Signs in through the panel's form and waits for the tools. */
  async signIn(name, password) {
    await this.panel.getByLabel('Account name').fill(name);
    await this.panel.getByLabel('Password').fill(password);
    await this.panel.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.tools).toBeVisible();
  }

  /** Zooms the map to the South Caucasus, where the sites stand apart (a phone's editor has no place buttons). */
  async caucasus() {
    const button = this.page.locator('.fit-caucasus');
    if (await button.isVisible()) await button.click();
  }

  /** Where a site of the map is on screen: the centre of its symbol. */
  async siteCentre(id) {
    const box = await this.page.locator(`.map-svg [data-feature-id="${id}"] .symbol`).first().boundingBox();
    if (!box) throw new Error(`site ${id} is not on screen`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Clicks the map at a fraction of its width and height. */
  async clickMapAt(fx, fy) {
    const box = await this.map.boundingBox();
    await this.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  }

  /** The form's field labelled `label`. */
  field(label) {
    return this.panel.getByLabel(label, { exact: true });
  }

  /** The error line under the field whose path is `field` (`properties.sources`). */
  errorOf(field) {
    return this.panel.locator(`#error-${field.replace(/[^A-Za-z0-9_]+/g, '-')}`);
  }

  /** The vertices' positions, `[lon, lat]` as the sketch holds them. */
  async positions() {
    return this.vertices.evaluateAll((els) => els.map((e) => [Number(e.dataset.lon), Number(e.dataset.lat)]));
  }
}
