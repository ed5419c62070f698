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

test('the CPU tile shows the whole machine, with the share of the cores the app can use beneath', async ({ page }) => {
  // One gthread process on 4 cores: it can use one core, so the pool's share is 4 × the machine's.
  // (The exact values against the analysis are the golden test's: out-cpu, out-cpu-pool.)
  const diff = {
    hardware: { presetId: 'custom', physicalCores: 4, hardwareThreads: 4, ramGiB: 16 },
    workload: { arrivalRps: 50, cpuMs: 10, ioWaitMs: 10, staticShare: 0 },
    gunicorn: { workerClass: 'gthread' },
    pins: { gunicornWorkers: 1, gunicornThreads: 8 },
  };
  const a = analyzePlan(planSchema.parse(diff));
  expect(a.web.performance.current.cpuUtil).toBeCloseTo(4 * a.web.performance.machineCpuUtil.value, 6);
  await page.goto(linkFor(diff));
  // The prerendered page shows the default plan's tile (14%, close to this plan's 13%): wait for the
  // live app, and for the tile to show this plan's whole-machine share.
  await expect(page.locator('#root:not([data-prerendered])')).toBeAttached({ timeout: 15_000 });
  const tile = page.getByTestId('out-cpu');
  const expectedMachinePct = Math.round(100 * a.web.performance.machineCpuUtil.value);
  await expect.poll(async () => Math.abs(Number((await tile.innerText()).replace('%', '')) - expectedMachinePct), { timeout: 15_000 }).toBeLessThanOrEqual(1);
  await expect(tile).toHaveText(/^\d+%$/);
  await expect(page.locator('.tile', { has: tile }).locator('.tile-label')).toHaveText('CPU busy (whole machine)');
  const pool = page.getByTestId('out-cpu-pool');
  await expect(pool).toHaveText(/^\d+% of the cores the app can use$/);
  const machinePct = Number((await tile.innerText()).replace('%', ''));
  const poolPct = Number((await pool.innerText()).split('%')[0]);
  // Whole percents: 4 × a rounded share is within 2 of the rounded 4× share.
  expect(machinePct).toBeGreaterThan(0);
  expect(Math.abs(poolPct - 4 * machinePct)).toBeLessThanOrEqual(2.5);
});
