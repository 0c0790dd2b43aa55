// Page object for the Export and Embed dialogs (app/src/export/dialog.rs, app/src/embed.rs).
import { expect } from '@playwright/test';
import fs from 'node:fs';

export class ExportDialog {
  constructor(page) {
    this.page = page;
    this.dialog = page.getByRole('dialog', { name: 'Export this view' });
  }

  async open() {
    await this.page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(this.dialog).toBeVisible();
  }

  /** Exports with the given choices; answers the downloaded file's name and bytes. */
  async download({ format = 'png', size = null, double = false } = {}) {
    await this.dialog.getByRole('radio', { name: format === 'svg' ? 'SVG (vector)' : 'PNG image' }).check();
    if (size) await this.dialog.getByLabel('Size').selectOption({ label: size });
    if (double) await this.dialog.getByRole('checkbox', { name: /Twice the pixels/ }).check();
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    const file = await download.path();
    await expect(this.dialog.getByRole('status')).toContainText('Saved');
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  }
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error('no IHDR first');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
