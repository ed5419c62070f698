/**
 * Dashboard journey: numbers appear, keyboard slider moves change them and the chart, invalid
 * input is reported inline while the last valid plan keeps driving the outputs, the layout holds
 * at 390 px and 1280 px, and an arrow key writes its box's text before the page's other changes.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openSection } from './sections';

const ARTIFACTS = 'e2e-artifacts';

/** The first screen: the Server & workload section is open. */
async function openDashboard(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('out-capacity')).toHaveText(/\d/);
  // The Recharts chunk is lazy: wait for the drawing, not just the placeholder.
  await expect(page.getByTestId('chart-latency').locator('svg.recharts-surface').first()).toBeVisible();
  // The input panels are their own chunk, loaded after the first paint.
  await expect(page.getByTestId('slider-workload.arrivalRps')).toBeVisible();
}

async function expectNoNaN(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\bNaN\b|Infinity|undefined/);
}

test('keyboard on the cores slider changes the worker count and the chart', async ({ page }) => {
  await openDashboard(page);
  const workers = page.getByTestId('out-workers');
  const chart = page.getByTestId('chart-latency');
  await openSection(page, 'app');
  const workersBefore = await workers.innerText();
  await openSection(page, 'server');
  const capacityBefore = await chart.getAttribute('data-capacity');
  const labelBefore = await chart.getAttribute('aria-label');
  expect(capacityBefore).toMatch(/^\d/);

  const slider = page.getByTestId('slider-hardware.physicalCores');
  await slider.focus();
  await expect(slider).toBeFocused();
  for (let i = 0; i < 4; i++) await slider.press('ArrowRight');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('10');
  // Editing a hardware number switches the preset picker to Custom.
  await expect(page.getByTestId('field-hardware.presetId')).toHaveValue('custom');

  await expect(chart).not.toHaveAttribute('data-capacity', capacityBefore ?? '');
  await expect(chart).not.toHaveAttribute('aria-label', labelBefore ?? '');
  expect(Number(await chart.getAttribute('data-capacity'))).toBeGreaterThan(Number(capacityBefore));

  // The arrival-rate slider (logarithmic) also moves with the keyboard and changes the planned load.
  const planned = page.getByTestId('out-planned');
  const plannedBefore = await planned.innerText();
  const rps = page.getByTestId('slider-workload.arrivalRps');
  await rps.focus();
  for (let i = 0; i < 10; i++) await rps.press('ArrowUp');
  await expect(planned).not.toHaveText(plannedBefore);
  await expectNoNaN(page);
  // The App server section sizes the pool for the new cores.
  await openSection(page, 'app');
  await expect(workers).not.toHaveText(workersBefore);
});

test('invalid numbers are reported inline and the last valid plan stays in use', async ({ page }) => {
  await openDashboard(page);
  const field = page.getByTestId('field-workload.cpuMs');
  const error = page.getByTestId('error-workload.cpuMs');
  const capacity = page.getByTestId('out-capacity');
  const capacityBefore = await capacity.innerText();
  const sloMaxBefore = await page.getByTestId('out-slo-max').innerText();

  const cases: Array<[string, RegExp]> = [
    ['-5', /CPU ms must be at least 0\.1/],
    ['abc', /CPU ms not a number.*0\.1.*60,000/],
    ['', /CPU ms required.*0\.1.*60,000/],
    ['70000', /CPU ms must be at most 60,000/],
  ];
  for (const [text, message] of cases) {
    await field.fill(text);
    await expect(error).toBeVisible();
    await expect(error).toHaveText(message);
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    // Outputs keep the last valid plan: same numbers, never NaN.
    await expect(capacity).toHaveText(capacityBefore);
    await expect(page.getByTestId('out-slo-max')).toHaveText(sloMaxBefore);
    await expectNoNaN(page);
  }

  // A valid value clears the message and updates the outputs.
  await field.fill('100');
  await expect(error).toHaveCount(0);
  await expect(capacity).not.toHaveText(capacityBefore);
  await expectNoNaN(page);

  // Percent fields state their limits in percent, pins accept empty = recommended.
  await page.getByTestId('field-workload.staticShare').fill('150');
  await expect(page.getByTestId('error-workload.staticShare')).toHaveText(/0 to 99%/);
  await openSection(page, 'app');
  const pin = page.getByTestId('pin-gunicornWorkers');
  await pin.fill('-1');
  await expect(page.getByTestId('error-pins.gunicornWorkers')).toHaveText(/at least 1/);
  await pin.fill('7');
  await expect(page.getByTestId('out-workers')).toHaveText('7');
  await pin.fill('');
  await expect(page.getByTestId('out-workers')).not.toHaveText('7');
});

test('screenshots at 1280 and 390 px, and no horizontal scroll on a phone', async ({ page }, testInfo) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openDashboard(page);
  await page.screenshot({ path: testInfo.outputPath('dashboard.png'), fullPage: true });
  await page.screenshot({ path: `${ARTIFACTS}/dashboard-1280.png`, fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('out-capacity')).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/dashboard-390.png`, fullPage: true });
  const scrollWidth = await page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(390 + 1);
  await expectNoNaN(page);
});

test('typing more cores than threads raises the threads (SMT ratio kept) instead of refusing the value', async ({ page }) => {
  await openDashboard(page);
  const cores = page.getByTestId('field-hardware.physicalCores');
  await cores.fill('');
  await cores.pressSequentially('16');
  await expect(cores).toHaveValue('16');
  await expect(page.getByTestId('field-hardware.hardwareThreads')).toHaveValue('32');
  await expect(page.getByTestId('error-hardware.physicalCores')).toHaveCount(0);
});

test('a slider move re-renders the numbers within one frame (median)', async ({ page }, testInfo) => {
  await openDashboard(page);
  // Time from the input event to React having committed the new numbers (React handles `input`
  // as a discrete event and renders synchronously). The Recharts redraw is scheduled after the
  // next paint on purpose, so it is not part of this budget.
  const result = await page.evaluate(async () => {
    const slider = document.querySelector<HTMLInputElement>('[data-testid="slider-workload.arrivalRps"]');
    const workers = document.querySelector('[data-testid="out-planned"]');
    if (!slider || !workers) throw new Error('slider or output missing');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    if (!setValue) throw new Error('no value setter');
    const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const times: number[] = [];
    let changed = 0;
    const start = Number(slider.value);
    for (let i = 1; i <= 25; i++) {
      await nextFrame();
      const before = workers.textContent;
      const t0 = performance.now();
      setValue.call(slider, String(start + i * 3));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      times.push(performance.now() - t0);
      if (workers.textContent !== before) changed++;
    }
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)] ?? Infinity, maxMs: times[times.length - 1] ?? Infinity, changed };
  });
  testInfo.annotations.push({ type: 'slider-render-ms', description: `median ${result.medianMs.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms` });
  console.log(`slider → numbers committed: median ${result.medianMs.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms`);
  expect(result.changed).toBeGreaterThan(20);
  // One 60 Hz frame. On a shared, overloaded runner raise it with E2E_FRAME_BUDGET_MS rather than
  // deleting the check.
  expect(result.medianMs).toBeLessThanOrEqual(Number(process.env.E2E_FRAME_BUDGET_MS ?? 16));
});

test('ArrowUp in a number box: the box shows its new text before any other part of the page changes', async ({ page }) => {
  await openDashboard(page);
  // Setting a focused input's value makes Chromium lay the page out at once (the caret moves); if
  // the tiles' new text is already in the page then, that is a forced layout of the whole page per
  // key (issue 16). So the box's value is written first, in the key handler, while the page is still
  // clean; React's commit finds it there and does not write it again.
  const seen = await page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="field-workload.arrivalRps"]')!;
    const tile = document.querySelector('[data-testid="out-planned"]')!;
    const desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
    const writes: { value: string; tileChanged: boolean }[] = [];
    const tileBefore = tile.textContent;
    // React's value tracker redefines `value` on the node itself; wrap whichever setter is in use.
    const own = Object.getOwnPropertyDescriptor(input, 'value') ?? desc;
    Object.defineProperty(input, 'value', {
      configurable: true,
      get: own.get,
      set(v: string) {
        writes.push({ value: v, tileChanged: tile.textContent !== tileBefore });
        own.set!.call(this, v);
      },
    });
    input.focus();
    const before = input.value;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, cancelable: true }));
    // React renders a discrete event's update in a microtask of the same task: let it commit.
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    return { before, after: input.value, writes, tileBefore, tileAfter: tile.textContent };
  });
  expect(Number(seen.after)).toBeGreaterThan(Number(seen.before));
  // The headline numbers followed in the same task.
  expect(seen.tileAfter).not.toBe(seen.tileBefore);
  expect(seen.writes.length).toBeGreaterThan(0);
  expect(seen.writes.every((w) => !w.tileChanged)).toBe(true);
  expect(seen.writes.at(-1)!.value).toBe(seen.after);
});
