/**
 * The lagged panels are computed in the analysis worker (src/workers/analysis-worker.ts): after a
 * quick burst of edits they show the final plan's numbers — the same as a fresh page opened on
 * that plan's link — and never stay on an intermediate plan.
 */
import { expect, test, type Page } from '@playwright/test';
import { openSection } from './sections';
import { settledLink } from './settled-link';

/** The curves (Server & workload), the fleet totals (Fleet & balancing) and nginx.conf (Export): one section shows at a time. */
async function lagged(page: Page) {
  await openSection(page, 'server');
  const chart = page.getByTestId('chart-latency');
  await expect(chart).toHaveAttribute('data-capacity', /\d/, { timeout: 45_000 });
  const curvesCapacity = await chart.getAttribute('data-capacity');
  await openSection(page, 'fleet');
  await expect(page.getByTestId('fleet-capacity-rps')).toHaveText(/\d/, { timeout: 45_000 });
  const fleetCapacity = await page.getByTestId('fleet-capacity-rps').innerText();
  const fleetServing = await page.getByTestId('fleet-serving').innerText();
  await openSection(page, 'export');
  const preview = page.locator('.export-preview');
  await expect(preview).toContainText('worker_processes', { timeout: 45_000 });
  const nginxConf = (await preview.innerText()).replace(/^# Generated: .*$/m, '').replace(/\s*\(changed\)/g, '');
  await openSection(page, 'server');
  return { curvesCapacity, fleetCapacity, fleetServing, nginxConf };
}

async function openAndSettle(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('chart-latency')).toHaveAttribute('data-capacity', /\d/, { timeout: 45_000 });
}

test('after a burst of edits the worker-computed panels show the final plan', async ({ page, context }) => {
  test.setTimeout(240_000);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await openAndSettle(page, '/');
  // The browser computes the lagged sections in the worker, not on the main thread.
  expect(workers.some((u) => /analysis-worker/.test(u))).toBe(true);
  const before = await lagged(page);

  // Ten quick steps, each superseding the last (no waiting for the panels in between).
  const cores = page.getByTestId('field-hardware.physicalCores');
  await cores.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowUp');
  await expect(cores).toHaveValue('16');
  // Wait until the share link has settled: then it is the final plan.
  await settledLink(page);
  await expect.poll(async () => page.getByTestId('chart-latency').getAttribute('data-capacity'), { timeout: 10_000 }).not.toBe(before.curvesCapacity);

  // A fresh page on the final plan's link computes its panels from scratch: the same numbers.
  const fresh = await context.newPage();
  await openAndSettle(fresh, page.url());
  await expect(fresh.getByTestId('field-hardware.physicalCores')).toHaveValue('16', { timeout: 45_000 });
  const expected = await lagged(fresh);
  expect(expected.fleetCapacity).not.toBe(before.fleetCapacity);
  await expect.poll(() => lagged(page), { timeout: 60_000 }).toEqual(expected);
});
