/** The 10-move slider drag both UI scripts measure (bench-ui.ts, profile-ui.ts): a third to two thirds of the track, ~25 moves a second. */
import type { Locator, Page } from '@playwright/test';

export async function dragTenMoves(page: Page, slider: Locator): Promise<void> {
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 3, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + box.width / 3 + (i * box.width) / 30, y);
    await page.waitForTimeout(40);
  }
  await page.mouse.up();
}
