/**
 * Screenshot tests (issue 15): the first screen and each section at 390×844 and 1280×800, against
 * baselines generated on the project's machine (Debian's Chromium, e2e/screens.spec.ts-snapshots/).
 * Fonts and anti-aliasing differ a little between runs and machines, so each comparison allows a
 * small share of differing pixels; a layout change (a panel moving, a section overflowing)
 * changes far more than that. Regenerate with `--update-snapshots` after a deliberate change and
 * read the new images before committing them.
 */
import { expect, test, type Page } from '@playwright/test';
import { sectionLoaded, type SectionId } from './sections';

const SECTIONS: SectionId[] = ['server', 'app', 'nginx', 'fleet', 'dynamodb', 'export', 'saved', 'calibrate'];
const VIEWPORTS = [
  { name: '390', width: 390, height: 844 },
  { name: '1280', width: 1280, height: 800 },
] as const;
/** Up to 2 % of the pixels may differ (text rendering), each by more than the default colour threshold. */
const TOLERANCE = { maxDiffPixelRatio: 0.02, animations: 'disabled', caret: 'hide' } as const;

/** Open a section by its deep link and wait until it and the overview are drawn (charts included). */
async function openForShot(page: Page, id: SectionId) {
  await page.goto(`/?s=${id}`);
  await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 15_000 });
  await sectionLoaded(page, id);
  await expect(page.locator('.chart-placeholder')).toHaveCount(0, { timeout: 20_000 });
  // Fonts and the lazy charts settle; the catalog and prices arrive (react-query).
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
}

for (const vp of VIEWPORTS) {
  test.describe(`${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test('first screen', async ({ page }) => {
      await openForShot(page, 'server');
      await page.evaluate(() => window.scrollTo(0, 0));
      await expect(page).toHaveScreenshot(`first-screen-${vp.name}.png`, TOLERANCE);
    });

    for (const id of SECTIONS) {
      test(`section ${id}`, async ({ page }) => {
        test.setTimeout(60_000);
        await openForShot(page, id);
        // The section from its heading down, one screen of it.
        await page.locator(`#sec-${id}-h`).evaluate((h) => h.scrollIntoView({ block: 'start' }));
        await expect(page).toHaveScreenshot(`section-${id}-${vp.name}.png`, TOLERANCE);
      });
    }
  });
}
