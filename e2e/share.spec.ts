/**
 * Share links, saved plans, comparison and undo, in the production build:
 * - an edited plan's link (from the URL and from "Copy link") opens in a fresh browser context
 *   to the same outputs;
 * - bad links (truncated, random, unknown version, out-of-range, 100 KB) open a working dashboard
 *   with a banner that says what was dropped;
 * - a saved plan survives a reload and is compared with the edited current plan, differences
 *   highlighted, both latency curves drawn;
 * - Ctrl+Z / Ctrl+Shift+Z undo and redo plan edits;
 * - the first edit after a pause rewrites the link right after the frame that shows it: not
 *   inside the keypress's frame (issue 16), not 300 ms later (a reload must keep the edit).
 */
import { deflateRawSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { openSection, sectionLoaded } from './sections';

const linkFor = (json: string) => `/#p=${deflateRawSync(Buffer.from(json)).toString('base64url')}`;

/** The headline numbers, and the first screen's section (Server & workload) with its inputs. */
async function waitForNumbers(page: Page) {
  await expect(page.getByTestId('out-capacity')).toHaveText(/\d/);
  await expect(page.getByTestId('out-slo-max')).toHaveText(/\d/);
}

async function expectNoNaN(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\bNaN\b|Infinity|undefined/);
}

async function bumpCores(page: Page, presses: number) {
  const slider = page.getByTestId('slider-hardware.physicalCores');
  await slider.focus();
  for (let i = 0; i < presses; i++) await slider.press('ArrowRight');
}

test('one edit after a pause: the link is written right after its frame, not in the keypress task', async ({ page }) => {
  await page.goto('/');
  await waitForNumbers(page);
  await openSection(page, 'server');
  const field = page.getByTestId('field-workload.arrivalRps');
  // A first edit loads the link encoder; then a pause longer than the 300 ms debounce.
  await field.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => page.url()).toContain('#p=');
  await page.waitForTimeout(800);
  const seen = await page.evaluate(
    () =>
      new Promise<{ before: string; atFrame: string; afterFrame: string }>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="field-workload.arrivalRps"]')!;
        const before = location.hash;
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, cancelable: true }));
        // rAF callbacks run in the order they were requested: this one after the app's own.
        requestAnimationFrame(() => {
          const atFrame = location.hash;
          setTimeout(() => setTimeout(() => resolve({ before, atFrame, afterFrame: location.hash }), 0), 0);
        });
      }),
  );
  expect(seen.atFrame).toBe(seen.before);
  expect(seen.afterFrame).toMatch(/^#p=/);
  expect(seen.afterFrame).not.toBe(seen.before);
});

test('an edited plan opens from its link in a fresh browser context with identical outputs', async ({ page, browser }) => {
  await page.goto('/');
  await waitForNumbers(page);
  expect(page.url()).not.toContain('#p=');
  const historyLength = await page.evaluate(() => history.length);
  await bumpCores(page, 2);
  await page.getByTestId('field-workload.cpuMs').fill('40');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('8');
  // The URL follows the plan (debounced replaceState: no new history entry per change).
  await expect.poll(() => page.url()).toContain('#p=');
  expect(await page.evaluate(() => history.length)).toBe(historyLength);

  await page.getByTestId('copy-link').click();
  const field = page.getByTestId('share-link');
  await expect(field).toHaveValue(/#p=[A-Za-z0-9_-]+$/);
  const link = await field.inputValue();
  expect(link).toBe(page.url());
  await openSection(page, 'app');
  const workers = await page.getByTestId('out-workers').innerText();
  const capacity = await page.getByTestId('out-capacity').innerText();
  const p95 = await page.getByTestId('out-slo-latency').innerText();

  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(link);
  await waitForNumbers(other);
  await expect(other.getByTestId('out-capacity')).toHaveText(capacity);
  await expect(other.getByTestId('out-slo-latency')).toHaveText(p95);
  await expect(other.getByTestId('field-hardware.physicalCores')).toHaveValue('8');
  await expect(other.getByTestId('field-workload.cpuMs')).toHaveValue('40');
  await expect(other.getByTestId('link-banner')).toHaveCount(0);
  await openSection(other, 'app');
  await expect(other.getByTestId('out-workers')).toHaveText(workers);
  await context.close();
});

const BAD_LINKS: [string, string, RegExp][] = [
  ['truncated', `${linkFor(JSON.stringify({ v: 1, p: { hardware: { physicalCores: 8 }, workload: { cpuMs: 40 } } })).slice(0, -12)}`, /damaged|not base64url/],
  ['random text', '/#p=Zm9vYmFyIGlzIG5vdCBhIHBsYW4', /damaged/],
  ['unknown version', linkFor('{"v":42,"p":{}}'), /unknown link format version 42/],
  ['out-of-range and hostile keys', linkFor('{"v":1,"p":{"workload":{"cpuMs":-5,"sloMs":300},"__proto__":{"x":1},"theme":"dark"}}'), /cpuMs.*at least 0\.1/],
  ['100 KB', `/#p=${'A'.repeat(100_000)}`, /too long/],
];

for (const [name, link, reason] of BAD_LINKS) {
  test(`a bad link (${name}) opens a working dashboard with a banner`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(link);
    const banner = page.getByTestId('link-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(banner).toContainText(reason);
    await waitForNumbers(page);
    await expectNoNaN(page);
    // Still a working dashboard: an edit changes the numbers.
    const before = await page.getByTestId('out-capacity').innerText();
    await bumpCores(page, 4);
    await expect(page.getByTestId('out-capacity')).not.toHaveText(before);
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(banner).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test('the recoverable part of a partly bad link is kept', async ({ page }) => {
  await page.goto(linkFor('{"v":1,"p":{"workload":{"cpuMs":-5,"sloMs":300}}}'));
  await expect(page.getByTestId('link-banner')).toContainText('workload.cpuMs');
  await expect(page.getByTestId('field-workload.sloMs')).toHaveValue('300');
  await expect(page.getByTestId('field-workload.cpuMs')).toHaveValue('25');
});

test('a saved plan survives a reload and is compared with the edited current plan', async ({ page }) => {
  await page.goto('/?s=saved');
  await sectionLoaded(page, 'saved');
  await page.getByTestId('save-name').fill('Baseline');
  await page.getByTestId('save-plan').click();
  await expect(page.getByTestId('saved-name')).toHaveText(['Baseline']);

  await page.reload();
  await sectionLoaded(page, 'saved');
  await expect(page.getByTestId('saved-name')).toHaveText(['Baseline']);
  await expect(page.getByTestId('compare-summary')).toHaveText('The inputs are identical.');

  await openSection(page, 'server');
  await bumpCores(page, 4);
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('10');
  await openSection(page, 'saved');
  await expect(page.getByTestId('compare-b')).toHaveText(/Baseline/);
  await expect(page.getByTestId('compare-summary')).toHaveText(/inputs? differ/);
  const changedInput = page.getByTestId('compare-inputs').locator('tr[data-key="hardware.physicalCores"]');
  await expect(changedInput).toHaveAttribute('data-changed', 'true');
  await expect(changedInput.locator('td')).toHaveText(['10', '6']);
  const workersRow = page.getByTestId('compare-outputs').locator('tr[data-key="workers"]');
  await expect(workersRow).toHaveClass(/changed/);
  await expect(page.getByTestId('compare-outputs').locator('tr[data-key="planned"]')).not.toHaveClass(/changed/);
  await expect(page.getByTestId('compare-chart').locator('svg.recharts-surface').last()).toBeVisible();
  await expect(page.getByTestId('compare-chart').locator('path.recharts-curve')).toHaveCount(2);
  // Inputs carry the dashboard's label, not the plan key.
  await expect(changedInput.locator('th')).toHaveText('Hardware · Physical cores');
  // The exported files' diff: gunicorn.conf.py's workers line moves from B's value to A's.
  const [workersA, workersB] = await workersRow.locator('td').allInnerTexts();
  const conf = page.getByTestId('compare-file-gunicorn.conf.py');
  await expect(conf).toHaveAttribute('data-status', 'changed');
  // By keyboard: the sticky summary band may cover the summary line for a pointer.
  await conf.locator('summary').press('Enter');
  const diff = page.getByTestId('compare-diff-gunicorn.conf.py');
  await expect(diff.locator('[data-kind="del"]', { hasText: `workers = ${workersA}` })).toHaveCount(1);
  await expect(diff.locator('[data-kind="add"]', { hasText: `workers = ${workersB}` })).toHaveCount(1);
  await expect(page.getByTestId('compare-files-summary')).toHaveText(/^\d+ of \d+ exported files differ/);
  await expectNoNaN(page);
});

test('corrupt saved-plans storage is reported and does not break the app', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('headroom.saved.v1', '{"version":1,"plans":[42,{"id":"a","name":"Ok","savedAt":"x","plan":{}}]}'));
  await page.goto('/?s=saved');
  await waitForNumbers(page);
  await sectionLoaded(page, 'saved');
  await expect(page.getByTestId('saved-problems')).toContainText('saved plan #1');
  await expect(page.getByTestId('saved-name')).toHaveText(['Ok']);
});

test('Ctrl+Z / Ctrl+Shift+Z undo and redo plan edits, not while typing in a text field', async ({ page }) => {
  await page.goto('/');
  await waitForNumbers(page);
  await expect(page.getByTestId('undo')).toBeDisabled();
  // One key press = one undo step. (Merging quick moves of one slider into one step is timing-
  // dependent, so it is unit-tested in src/state/history.test.ts rather than here.)
  await bumpCores(page, 1);
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('6');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('6');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');

  // In the plan-name text field, Ctrl+Z is the browser's own text undo.
  const name = page.getByTestId('field-name');
  await name.fill('Typed');
  await name.press('Control+z');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
});
