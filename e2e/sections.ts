/**
 * The dashboard shows one section at a time (issue 15): a spec opens the section whose controls it
 * uses, by its nav link (as a user would) or by its deep link (`?s=<id>`).
 */
import { expect, type Page } from '@playwright/test';

export type SectionId = 'server' | 'app' | 'nginx' | 'fleet' | 'dynamodb' | 'export' | 'saved' | 'calibrate';

/** Wait until the open section's lazy panels have replaced their placeholders. */
export async function sectionLoaded(page: Page, id: SectionId): Promise<void> {
  const section = page.getByTestId(`section-${id}`);
  await expect(section).toBeVisible({ timeout: 15_000 });
  await expect(section.locator('text=/^Loading .*…$/')).toHaveCount(0, { timeout: 20_000 });
}

/**
 * Open a section with its nav link and wait for its panels. First wait for the live app: the
 * prerendered page's links are plain links (a click there loads `?s=<id>` as a new page).
 */
export async function openSection(page: Page, id: SectionId): Promise<void> {
  await expect(page.locator('#root:not([data-prerendered])')).toBeAttached({ timeout: 15_000 });
  await page.getByTestId(`nav-${id}`).click();
  await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page', { timeout: 15_000 });
  await sectionLoaded(page, id);
}
