/**
 * The share link follows the plan: written at a burst's first step, then again after its pause
 * (debounced, src/features/share/url-sync.ts). Once it has stopped changing it is the final plan's.
 */
import { expect, type Page } from '@playwright/test';

export async function settledLink(page: Page, timeoutMs = 10_000): Promise<string> {
  let url = '';
  await expect
    .poll(
      async () => {
        const prev = url;
        await page.waitForTimeout(400);
        url = page.url();
        return url === prev && /#p=/.test(url);
      },
      { timeout: timeoutMs },
    )
    .toBe(true);
  return url;
}
