/**
 * The dashboard shows the analysis (issue 10): with a p99 SLO the headline latency tile names p99
 * and shows the analysis's p99 at the planned load, not p95. The expected values come from the
 * same pure analysis the app runs (src/engine/analysis), computed here in Node.
 */
import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { formatWithUnit } from '../src/components/format';
import { analyzePlan } from '../src/engine/analysis/analyze-plan';
import { planSchema } from '../src/plan/schema';

const linkFor = (diff: object) => `/#p=${deflateRawSync(Buffer.from(JSON.stringify({ v: 1, p: diff }))).toString('base64url')}`;

test('with an SLO of p99 the headline tile names p99 and shows the p99 value', async ({ page }) => {
  // The example: p99 ≤ 250 ms at 400 rps, where p95 is within the SLO and p99 is not.
  const diff = { workload: { arrivalRps: 400, sloPercentile: 'p99', sloMs: 250 } };
  const a = analyzePlan(planSchema.parse(diff));
  expect(a.slo.percentile).toBe('p99');
  await page.goto(linkFor(diff));
  const tile = page.getByTestId('out-slo-latency');
  await expect(tile).toHaveText(formatWithUnit(a.slo.atPlannedMs, 'ms'));
  await expect(page.locator('.tile', { has: tile }).locator('.tile-label')).toHaveText('p99 at planned load');
  // It is the p99, not the p95 (they differ at this load).
  expect(formatWithUnit(a.web.performance.current.p95Ms, 'ms')).not.toBe(formatWithUnit(a.slo.atPlannedMs, 'ms'));
  // Green only if p99 meets the SLO.
  await expect(page.locator('.tile', { has: tile })).toHaveClass(a.slo.meets ? /tile-ok/ : /tile-over/);
});
