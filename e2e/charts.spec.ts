/**
 * The load curves redraw when the input pauses, one chart per frame (src/features/charts/chart-pacer.ts):
 * a drag of the CPU-time slider (every move changes both curves) redraws the curves after the
 * pointer is released, not with every worker result during the drag, the two charts in different
 * frames, and what they show then is the final plan's curves (those a fresh page on its link draws).
 */
import { expect, test, type Page } from '@playwright/test';
import { dragTenMoves } from '../scripts/ui-drag';
import { settledLink } from './settled-link';

interface Redraw {
  chart: string;
  frame: number;
  t: number;
}

/** Count each redraw of a chart's curves (the `d` of its line paths), with the animation frame it happened in. */
async function watchCurves(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __redraws: Redraw[]; __frame: number; __pressedAt: number | null; __releasedAt: number | null; __moves: number[] };
    w.__redraws = [];
    w.__moves = [];
    w.__pressedAt = null;
    w.__frame = 0;
    w.__releasedAt = null;
    const tick = () => {
      w.__frame++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    window.addEventListener('pointerdown', () => (w.__pressedAt = performance.now()), { capture: true });
    window.addEventListener('pointermove', () => w.__moves.push(performance.now()), { capture: true });
    window.addEventListener('pointerup', () => (w.__releasedAt = performance.now()), { capture: true });
    for (const chart of ['chart-latency', 'chart-closed']) {
      const box = document.querySelector(`[data-testid="${chart}"]`)!;
      // A redraw changes a line's `d`, or replaces its path (Recharts re-creates it when a line's points change length).
      const isCurve = (n: Node) => n instanceof Element && (n.matches('path.recharts-curve') || n.querySelector('path.recharts-curve') !== null);
      new MutationObserver((records) => {
        if (records.some((r) => (r.type === 'attributes' && isCurve(r.target)) || [...r.addedNodes].some(isCurve))) w.__redraws.push({ chart, frame: w.__frame, t: performance.now() });
      }).observe(box, { subtree: true, childList: true, attributes: true, attributeFilter: ['d'] });
    }
  });
}

const curvePaths = (page: Page, chart: string) => page.getByTestId(chart).locator('path.recharts-curve').evaluateAll((ps) => ps.map((p) => p.getAttribute('d')));

test('a slider drag redraws the curves once, after the release, one chart per frame, with the final plan', async ({ page, context }) => {
  await page.goto('/');
  for (const chart of ['chart-latency', 'chart-closed']) await expect(page.getByTestId(chart).locator('path.recharts-curve').first()).toBeVisible({ timeout: 20_000 });
  const slider = page.getByTestId('slider-workload.cpuMs');
  await expect(slider).toBeVisible();
  await watchCurves(page);
  // The page's own first redraws (the worker's first result replacing the main thread's) are over:
  // nothing redrew for a second. Then count only the drag's.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __redraws: Redraw[] }).__redraws.at(-1)?.t ?? 0).then(async (last) => (await page.evaluate(() => performance.now())) - last), { timeout: 20_000 })
    .toBeGreaterThan(1000);
  await page.evaluate(() => ((window as unknown as { __redraws: Redraw[] }).__redraws = []));
  const before = await curvePaths(page, 'chart-closed');

  await dragTenMoves(page, slider);
  const url = await settledLink(page, 15_000);
  await expect.poll(() => curvePaths(page, 'chart-closed')).not.toEqual(before);

  const { redraws, pressedAt, releasedAt, moves } = await page.evaluate(() => {
    const w = window as unknown as { __redraws: Redraw[]; __pressedAt: number | null; __releasedAt: number | null; __moves: number[] };
    return { redraws: w.__redraws, pressedAt: w.__pressedAt, releasedAt: w.__releasedAt, moves: w.__moves };
  });
  expect(pressedAt).not.toBeNull();
  expect(releasedAt).not.toBeNull();
  // Held down, the moves come far less than 300 ms apart: no redraw until the release. (The
  // pointerdown's own jump is a move too.) Before the pacer: one per curves result, every ≤ 150 ms.
  // A pause of 300 ms mid-drag redraws by design: on a loaded machine a move can come that late.
  const held = [pressedAt!, ...moves.filter((t) => t > pressedAt! && t < releasedAt!)];
  const pausedBefore = (t: number) => held.some((m, i) => m < t && Math.min(held[i + 1] ?? t, t) - m >= 300);
  expect(redraws.filter((r) => r.t >= pressedAt! && r.t < releasedAt! && !pausedBefore(r.t)), `moves at ${held.map((m) => Math.round(m - pressedAt!)).join(', ')} ms`).toEqual([]);
  // After it: each chart once (the last worker result), in two different frames.
  const after = redraws.filter((r) => r.t >= releasedAt!);
  const latency = after.filter((r) => r.chart === 'chart-latency');
  const closed = after.filter((r) => r.chart === 'chart-closed');
  expect(latency).toHaveLength(1);
  expect(closed).toHaveLength(1);
  expect(closed[0]!.frame).not.toBe(latency[0]!.frame);

  // What they show is the final plan's curves: the same as a fresh page on the final link draws.
  const fresh = await context.newPage();
  await fresh.goto(url);
  for (const chart of ['chart-latency', 'chart-closed']) {
    await expect(fresh.getByTestId(chart).locator('path.recharts-curve').first()).toBeVisible({ timeout: 20_000 });
    await expect.poll(() => curvePaths(fresh, chart), { timeout: 15_000 }).toEqual(await curvePaths(page, chart));
  }
});

test('the tooltip is mounted on demand and shows the curves under the pointer, and from the keyboard', async ({ page }) => {
  await page.goto('/');
  const latency = page.getByTestId('chart-latency');
  const surface = latency.locator('svg.recharts-surface[role="application"]');
  await expect(latency.locator('path.recharts-curve').first()).toBeVisible({ timeout: 20_000 });
  // Not mounted before a pointer or the keyboard is on the chart (each redraw would re-run its selectors).
  await expect(latency.locator('.recharts-tooltip-wrapper')).toHaveCount(0);
  await surface.scrollIntoViewIfNeeded();
  const box = (await surface.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
  await expect(latency.locator('.recharts-tooltip-wrapper')).toContainText(/rps[\s\S]*mean : [\d.,]+[\s\S]*p95 : [\d.,]+/);
  await expect(latency.locator('.recharts-tooltip-cursor')).toHaveCount(1);

  const closed = page.getByTestId('chart-closed');
  await closed.locator('svg.recharts-surface[role="application"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(closed.locator('.recharts-tooltip-wrapper')).toContainText(/users[\s\S]*throughput \(rps\) : [\d.,]+/);
});
