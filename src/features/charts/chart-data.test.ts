import { describe, expect, it } from 'vitest';
import { fittingTicks, latencySummary, latencyXMax, latencyYMax, roundTicks, sloLabelSide, tickLabel, yAxisWidthPx } from './chart-data';
import { analyzePlan } from '../../engine/analysis/analyze-plan';
import { fixture } from '../../plan/fixtures';
import { latencyData } from './chart-data';

/** A round step: 1, 2, 2.5 or 5 times a power of ten. */
const isRoundStep = (step: number) => {
  const pow = Math.pow(10, Math.floor(Math.log10(step)));
  return [1, 2, 2.5, 5, 10].some((m) => Math.abs(step / pow - m) < 1e-9);
};

describe('roundTicks', () => {
  it('known cases end on the round value at or above the maximum', () => {
    expect(roundTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(roundTicks(489.9)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(roundTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(roundTicks(12_450)).toEqual([0, 2500, 5000, 7500, 10_000, 12_500]);
  });
  it('for any maximum: starts at 0, ends at or above it, equal round steps, 3 to 11 ticks', () => {
    for (let i = 0; i < 2000; i++) {
      const max = Math.pow(10, (i / 2000) * 12 - 3) * (1 + (i % 7) / 10);
      const t = roundTicks(max);
      expect(t[0]).toBe(0);
      expect(t.at(-1)!).toBeGreaterThanOrEqual(max * (1 - 1e-9));
      expect(t.length).toBeGreaterThanOrEqual(3);
      expect(t.length).toBeLessThanOrEqual(11);
      const step = t[1]! - t[0]!;
      expect(isRoundStep(step), `step ${step} for ${max}`).toBe(true);
      for (let k = 1; k < t.length; k++) expect(t[k]! - t[k - 1]!).toBeCloseTo(step, 9);
      // The last tick is the first multiple of the step at or above the maximum.
      expect(t.at(-2)!).toBeLessThan(max);
    }
  });
  it('no maximum: a plain 0–1 axis', () => {
    expect(roundTicks(0)).toEqual([0, 1]);
    expect(roundTicks(Number.NaN)).toEqual([0, 1]);
  });
});

describe('chart axes', () => {
  it('the latency axes of the fixtures end on their last round tick', () => {
    for (const name of ['default', 'phpShop', 'large'] as const) {
      const a = analyzePlan(fixture(name));
      const perf = a.web.performance;
      const x = latencyXMax(perf, latencyData(perf.openCurve));
      const y = latencyYMax(perf.sloMs);
      expect(roundTicks(x).at(-1)).toBe(x);
      expect(roundTicks(y).at(-1)).toBe(y);
      expect(y).toBeGreaterThanOrEqual(perf.sloMs * 4);
    }
  });
  it('tick labels are at most five characters, and the axis is wide enough for them and its title', () => {
    for (const max of [9, 99, 999, 9999, 99_999, 999_999, 9_999_999]) {
      const ticks = roundTicks(max);
      for (const t of ticks) expect(tickLabel(t).length, tickLabel(t)).toBeLessThanOrEqual(5);
      const longest = Math.max(...ticks.map((t) => tickLabel(t).length));
      // Title (18 px) + tick (10 px) + 7.5 px per character: the title starts past the labels.
      expect(yAxisWidthPx(ticks) - 18 - 10).toBeGreaterThanOrEqual(longest * 7.5);
    }
    expect(tickLabel(12_500)).toBe('12.5k');
    expect(tickLabel(2_000_000)).toBe('2M');
  });
  it('the SLO label goes to the half of the chart away from the planned-load line', () => {
    expect(sloLabelSide(60, 500)).toBe('right');
    expect(sloLabelSide(400, 500)).toBe('left');
    expect(sloLabelSide(Number.NaN, 500)).toBe('left');
  });
});

describe('latencySummary (the chart text) past capacity', () => {
  it('says the planned load is overloaded and by how much, with no latency figure; below capacity it gives the latency', () => {
    const base = fixture('default');
    const a = analyzePlan(base);
    expect(latencySummary(a.web.performance, a.slo)).toMatch(new RegExp(`planned load [\\d,]+ rps with ${a.slo.percentile} [\\d,]+ ms\\.$`));
    const cap = a.web.performance.capacityRps.value;
    const over = analyzePlan({ ...base, workload: { ...base.workload, arrivalRps: Math.round(cap * 2.1) } });
    const text = latencySummary(over.web.performance, over.slo);
    expect(text).toContain(`is overloaded (${Math.round(over.slo.offeredOverCapacity * 100)}% of capacity)`);
    expect(text).not.toMatch(/with p\d+ /);
  });
});

describe('fittingTicks: x labels that fit the plot, so Recharts drops none', () => {
  const fits = (t: number[], px: number) => t.length * (Math.max(...t.map((v) => tickLabel(v).length)) * 7.5 + 8) <= px;
  it('the 390 px throughput chart: 0–5,000 users in ~200 px becomes 0, 2,000, 4,000, 6,000; a wide plot keeps five steps', () => {
    expect(roundTicks(4500)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(fittingTicks(4500, 200)).toEqual([0, 2000, 4000, 6000]);
    expect(fittingTicks(4500, 700)).toEqual(roundTicks(4500));
  });
  it('for any maximum and plot width: round steps, ending at or above the maximum, fitting whenever 2–3 ticks can', () => {
    for (let i = 0; i < 2000; i++) {
      const max = Math.pow(10, (i / 2000) * 9 - 1) * (1 + (i % 7) / 10);
      const px = 120 + ((i * 37) % 800);
      const t = fittingTicks(max, px);
      expect(t[0]).toBe(0);
      expect(t.at(-1)!).toBeGreaterThanOrEqual(max * (1 - 1e-9));
      expect(isRoundStep(t[1]! - t[0]!), `${max} ${px}`).toBe(true);
      if (fits(roundTicks(max, 2), px)) expect(fits(t, px), `${max} at ${px} px: ${t.join(',')}`).toBe(true);
    }
  });
});
