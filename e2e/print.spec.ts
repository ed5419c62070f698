/**
 * The printed plan report (issue 15 item 9): "Print report" (and Ctrl+P) render every section,
 * wait until nothing is loading, then print; on paper (print media) each section's content is
 * there, not a placeholder. The browser's Print menu cannot wait (beforeprint is synchronous):
 * a section still loading then prints a note that names it.
 *
 * window.print() is replaced by a recorder: a headless browser's print dialog would not return.
 */
import { expect, test, type Page } from '@playwright/test';
import type { SectionId } from './sections';

/** One thing each section shows once it is loaded and analysed (its main content, not a placeholder). */
const CONTENT: Record<SectionId, string> = {
  server: '[data-testid="section-server"] .recharts-surface',
  app: '[data-testid="section-app"] input[type="radio"][name]',
  nginx: '#sec-nginx select',
  fleet: '[data-testid="fleet-servers"]',
  dynamodb: '[data-testid="ddb-field-enabled"]',
  export: '[data-testid="section-export"] [role="tab"]',
  saved: '[data-testid="save-name"]',
  calibrate: '[data-testid="calib-input"]',
};
const SECTION_IDS = Object.keys(CONTENT) as SectionId[];

async function recordPrints(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __prints: number };
    w.__prints = 0;
    window.print = () => {
      w.__prints += 1;
    };
  });
}

/** On paper: every section is laid out (visible under print media), none holds a part still loading, and each shows its content. */
async function expectWholeReport(page: Page) {
  await page.emulateMedia({ media: 'print' });
  for (const id of SECTION_IDS) {
    const section = page.getByTestId(`section-${id}`);
    await expect(section, id).toBeVisible();
    await expect(section.locator('[data-pending]'), id).toHaveCount(0);
    await expect(page.locator(CONTENT[id]).first(), id).toBeAttached();
  }
  await expect(page.getByTestId('verdict')).toBeVisible();
  await expect(page.getByTestId('print-incomplete')).toHaveCount(0);
  // The "why" explanations print open.
  const closed = await page.locator('details:not([open])').count();
  expect(closed).toBe(0);
}

test('"Print report" loads every section, then prints all of them', async ({ page }) => {
  test.setTimeout(60_000);
  await recordPrints(page);
  // Open on Export, where the button is, before the idle prefetch has fetched the other sections (3 s after load).
  await page.goto('/?s=export');
  await expect(page.getByTestId('print-report')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('print-report').click();
  await page.waitForFunction(() => (window as unknown as { __prints: number }).__prints === 1, null, { timeout: 30_000 });
  await expectWholeReport(page);
});

test('Ctrl+P right after load waits for every section too', async ({ page }) => {
  test.setTimeout(60_000);
  await recordPrints(page);
  await page.goto('/');
  await expect(page.locator('#root:not([data-prerendered])')).toBeAttached({ timeout: 15_000 });
  await page.keyboard.press('Control+p');
  await page.waitForFunction(() => (window as unknown as { __prints: number }).__prints === 1, null, { timeout: 30_000 });
  await expectWholeReport(page);
});

test('printing from the browser menu before a section has loaded prints a note naming it', async ({ page }) => {
  // The DynamoDB planner's chunk is held back until the end of the test.
  let release = () => {};
  const held = new Promise<void>((ok) => (release = ok));
  await page.route(/\/assets\/dynamo-section-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.locator('#root:not([data-prerendered])')).toBeAttached({ timeout: 15_000 });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const note = page.getByTestId('print-incomplete');
  await expect(note).toBeVisible();
  await expect(note).toContainText('DynamoDB');
  await expect(note).toContainText('Print report');
  await expect(page.getByTestId('section-dynamodb').locator('[data-pending]')).toBeVisible();
  // On screen the note is not shown.
  await page.emulateMedia({ media: 'screen' });
  await expect(note).toBeHidden();
  release();
});
