import { describe, expect, it } from 'vitest';
import {
  erlangB,
  erlangC,
  mmc,
  mmcSojournPercentile,
  mmcSojournTail,
  mmcWaitPercentile,
  mmcWaitTail,
} from './erlang';

/** |actual − expected| ≤ rel·|expected| (plus a tiny absolute floor for zeros). */
function expectRel(actual: number, expected: number, rel = 1e-6): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-12);
}

// DOMAIN.md E.3 test vectors (times in seconds).
describe('Erlang B (DOMAIN.md E.2, E.3)', () => {
  it('B(c=10, A=8) = 0.1216610643', () => expectRel(erlangB(10, 8), 0.1216610643));
  it('B(0, A) = 1', () => expect(erlangB(0, 3)).toBe(1));
});

describe('Erlang C and M/M/c metrics (DOMAIN.md E.3)', () => {
  it('c=10, λ=8, μ=1', () => {
    const m = mmc(10, 8, 1);
    expectRel(m.waitProbability, 0.4091801508);
    expectRel(m.meanWait, 0.2045900754);
    expectRel(m.meanResponse, 1.2045900754);
    expectRel(m.meanQueueLength, 1.6367206032);
    expectRel(m.meanInSystem, 1.6367206032 + 8); // L = Lq + A (E.1)
    expectRel(mmcWaitTail(10, 8, 1, 1), 0.0553765116);
    expectRel(mmcWaitTail(10, 8, 1, 0.5), 0.1505289652);
    expectRel(mmcWaitPercentile(10, 8, 1, 0.95), 1.0510662601);
    expectRel(mmcWaitPercentile(10, 8, 1, 0.99), 1.8557852163);
    expectRel(mmcSojournTail(10, 8, 1, 2), 0.183217399);
    expectRel(mmcSojournPercentile(10, 8, 1, 0.5), 0.912145);
    expectRel(mmcSojournPercentile(10, 8, 1, 0.95), 3.328275);
    expectRel(mmcSojournPercentile(10, 8, 1, 0.99), 4.946111);
  });

  it('c=1, λ=0.5, μ=1 (M/M/1: C = ρ, T ~ Exp(μ−λ))', () => {
    const m = mmc(1, 0.5, 1);
    expectRel(m.waitProbability, 0.5);
    expectRel(m.meanWait, 1);
    expectRel(m.meanResponse, 2);
    expectRel(m.meanQueueLength, 0.5);
    // θ = cμ − λ = 0.5 ≠ μ; T p95 = ln 20 / 0.5.
    expectRel(mmcSojournPercentile(1, 0.5, 1, 0.95), Math.log(20) / 0.5);
    expectRel(mmcSojournPercentile(1, 0.5, 1, 0.95), 5.991465);
  });

  it('c=2, λ=1.5, μ=1 (C = 9/14)', () => {
    const m = mmc(2, 1.5, 1);
    expectRel(m.waitProbability, 9 / 14);
    expectRel(m.waitProbability, 0.6428571429);
    expectRel(m.meanWait, 1.2857142857);
    expectRel(m.meanResponse, 2.2857142857);
    expectRel(m.meanQueueLength, 1.9285714286);
    expectRel(mmcWaitPercentile(2, 1.5, 1, 0.95), 5.1077990425);
  });

  it('c=4, λ=3, μ=1 (C = 27/53)', () => {
    const m = mmc(4, 3, 1);
    expectRel(m.waitProbability, 27 / 53);
    expectRel(m.meanWait, 0.5094339623);
    expectRel(m.meanResponse, 1.5094339623);
    expectRel(m.meanQueueLength, 1.5283018868);
    expectRel(mmcWaitTail(4, 3, 1, 1), 0.1874102814);
  });

  it('c=5, A=4 (C = 128/231)', () => {
    expectRel(erlangC(5, 4), 128 / 231);
    expectRel(erlangC(5, 4), 0.5541125541);
  });

  it('c=8, λ=60, μ=10 (100 ms service)', () => {
    const m = mmc(8, 60, 10);
    expectRel(m.waitProbability, 0.3569810859);
    expectRel(m.meanWait, 0.0178490543);
    expectRel(m.meanResponse, 0.1178490543);
    expectRel(m.meanQueueLength, 1.0709432576);
    expectRel(mmcWaitPercentile(8, 60, 10, 0.95), 0.0982829897);
    expectRel(mmcSojournPercentile(8, 60, 10, 0.95), 0.329116);
  });

  it('c=9, λ=60, μ=10 (9 sync workers at 100 ms, capacity 90 rps)', () => {
    const m = mmc(9, 60, 10);
    expectRel(m.waitProbability, 0.1959809127);
    expectRel(m.meanWait, 0.0065326971);
    expectRel(m.meanResponse, 0.1065326971);
  });

  it('c=20, λ=100, μ=10', () => {
    const m = mmc(20, 100, 10);
    expectRel(m.waitProbability, 0.003731126);
    // DOMAIN.md prints this one to 6 significant digits only, so ~1e-5 relative is the best check.
    expectRel(m.meanWait, 3.73113e-5, 1e-5);
    expectRel(m.meanResponse, 0.1000373113);
    expectRel(m.meanQueueLength, 0.003731126);
    expect(mmcWaitPercentile(20, 100, 10, 0.99)).toBe(0);
  });

  it('θ = μ special case is continuous', () => {
    // c=2, μ=1, λ=1 → θ = cμ − λ = 1 = μ.
    const at = mmcSojournTail(2, 1, 1, 1.5);
    const near = mmcSojournTail(2, 1 - 1e-6, 1, 1.5);
    expect(Math.abs(at - near)).toBeLessThan(1e-5);
  });
});

describe('large c stays finite (DOMAIN.md E.2)', () => {
  it('c=5000, A=4900', () => {
    const b = erlangB(5000, 4900);
    const cw = erlangC(5000, 4900);
    for (const v of [b, cw]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const m = mmc(5000, 4900, 1);
    expect(Number.isFinite(m.meanWait)).toBe(true);
    expect(Number.isFinite(mmcSojournPercentile(5000, 4900, 1, 0.99))).toBe(true);
  });

  it('unstable input returns limits, not NaN', () => {
    expect(erlangC(4, 5)).toBe(1);
    const m = mmc(4, 5, 1);
    expect(Number.isFinite(m.meanWait)).toBe(true);
  });
});
