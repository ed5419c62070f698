import { describe, expect, it } from 'vitest';
import { costVsUtilisation, dayCurve } from './chart-data';
import { directTable, SHIPPED_PRICES, US_EAST_1 } from './fixtures';
import { dailyShape, MAX_DECREASES_PER_DAY, MINUTES_PER_DAY, PEAK_MINUTE, simulateDay } from './simulate';
import { sizeDynamo } from './size-dynamo';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('daily traffic shape', () => {
  it.each([1, 1.5, 2, 3, 10, 100])('peak / average = %d, peak at 14:00', (ratio) => {
    const s = dailyShape(ratio);
    expect(s).toHaveLength(MINUTES_PER_DAY);
    expect(Math.max(...s)).toBeCloseTo(1, 10);
    expect(s[PEAK_MINUTE]).toBeCloseTo(1, 10);
    expect(1 / mean(s)).toBeCloseTo(ratio, 3);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
  });
});

describe('auto scaling simulation', () => {
  it('never decreases more than 27 times a day', () => {
    const sim = simulateDay(10_000, dailyShape(20), { minUnits: 1, maxUnits: 100_000, targetPct: 90 });
    expect(sim.decreases).toBeLessThanOrEqual(MAX_DECREASES_PER_DAY);
  });
  it('holds the maximum and throttles when demand exceeds it', () => {
    const sim = simulateDay(2000, dailyShape(2), { minUnits: 1, maxUnits: 1000, targetPct: 70 });
    expect(sim.maxProvisioned).toBe(1000);
    expect(sim.throttledMinutes).toBeGreaterThan(0);
    expect(sim.spans.length).toBeGreaterThan(0);
  });
  it('flat traffic under the maximum never throttles', () => {
    const sim = simulateDay(500, dailyShape(1), { minUnits: 1, maxUnits: 10_000, targetPct: 70 });
    expect(sim.throttledMinutes).toBe(0);
    expect(sim.meanProvisioned).toBeCloseTo(715, 9);
  });
});

describe('chart data', () => {
  const plan = directTable({ readsPerSec: 1000, writesPerSec: 100, peakToAverage: 3 });
  const r = sizeDynamo(plan, 0, SHIPPED_PRICES);
  const t = r.tables[0];
  if (!t) throw new Error('no table');
  it('cost curves cross at the break-even utilisation (28.9%)', () => {
    const c = costVsUtilisation(t, US_EAST_1, SHIPPED_PRICES.hoursPerMonth);
    expect(c.breakEvenPct).toBeCloseTo(28.89, 1);
    const at = (u: number) => c.points.find((p) => p.utilisationPct === u);
    expect(at(20)?.provisionedUsd).toBeGreaterThan(c.onDemandUsd);
    expect(at(40)?.provisionedUsd).toBeLessThan(c.onDemandUsd);
    expect(c.currentPct).toBeGreaterThan(0);
  });
  it('a day sampled every 5 minutes, with the provisioned line above consumption at the target', () => {
    const d = dayCurve(plan.tables[0]!, t, 5);
    expect(d.points).toHaveLength(288);
    expect(d.points[0]?.time).toBe('00:00');
    const peak = d.points.find((p) => p.minute === PEAK_MINUTE);
    expect(peak?.readConsumed).toBeCloseTo(t.peakRcu.value, 6);
    expect(peak?.readProvisioned).toBeGreaterThan(peak?.readConsumed ?? Infinity);
  });
});
