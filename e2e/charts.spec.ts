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
    const w = window as unknown as { __redraws: Redraw[]; __frame: number; __releasedAt: number | null };
    w.__redraws = [];
    w.__frame = 0;
    w.__releasedAt = null;
    const tick = () => {
      w.__frame++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
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
  const before = await curvePaths(page, 'chart-closed');
  await watchCurves(page);

  await dragTenMoves(page, slider);
  const url = await settledLink(page, 15_000);
  await expect.poll(() => curvePaths(page, 'chart-closed')).not.toEqual(before);

  const { redraws, releasedAt } = await page.evaluate(() => {
    const w = window as unknown as { __redraws: Redraw[]; __releasedAt: number | null };
    return { redraws: w.__redraws, releasedAt: w.__releasedAt };
  });
  expect(releasedAt).not.toBeNull();
  // Held down, the moves come far less than 300 ms apart: no redraw until the release. (The
  // pointerdown's own jump is a move too.) Before the pacer: one per curves result, every ≤ 150 ms.
  expect(redraws.filter((r) => r.t < releasedAt!)).toEqual([]);
  // After it: each chart once (the last worker result), in two different frames.
  const latency = redraws.filter((r) => r.chart === 'chart-latency');
  const closed = redraws.filter((r) => r.chart === 'chart-closed');
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
