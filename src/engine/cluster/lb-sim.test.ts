import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../perf/rng';
import { lbSimProblem, simulateLb, type LbSimInput } from './lb-sim';

const BASE: LbSimInput = { servers: 4, slotsPerServer: 4, meanMs: 100, cv: 1.5, load: 0.8, completions: 40_000, warmup: 4_000 };

describe('balancing simulation (seeded)', () => {
  it('least_conn (join the shortest queue) beats random on mean latency at the same load', () => {
    const lc = simulateLb(BASE, 'least_conn', mulberry32(1));
    const rnd = simulateLb(BASE, 'random', mulberry32(1));
    expect(lc.meanMs).toBeLessThan(rnd.meanMs);
    expect(lc.p95Ms).toBeLessThan(rnd.p95Ms);
    // Two choices sits between: most of least_conn's gain for two looks.
    const two = simulateLb(BASE, 'random_two', mulberry32(1));
    expect(two.meanMs).toBeLessThan(rnd.meanMs);
  });

  it('is reproducible for a seed', () => {
    const a = simulateLb({ ...BASE, completions: 5000, warmup: 500 }, 'round_robin', mulberry32(7));
    const b = simulateLb({ ...BASE, completions: 5000, warmup: 500 }, 'round_robin', mulberry32(7));
    expect(a).toEqual(b);
  });

  it('round robin splits traffic evenly; hashed clients with a Zipf skew do not', () => {
    const rr = simulateLb({ ...BASE, completions: 20_000 }, 'round_robin', mulberry32(3));
    expect(rr.maxServerShare).toBeCloseTo(0.25, 2);
    const hashed = simulateLb({ ...BASE, load: 0.5, completions: 20_000, zipfS: 1.2, clients: 50 }, 'ip_hash', mulberry32(3));
    expect(hashed.maxServerShare).toBeGreaterThan(0.3);
  });

  it('mixed hardware: weights in proportion to capacity tame round robin\'s tail; least_conn adapts without them', () => {
    // 2 big servers (8 slots) + 2 small ones (2 slots) at 80% of the fleet's slots.
    const specs = (wBig: number, wSmall: number) => [8, 8, 2, 2].map((slots, i) => ({ slots, weight: i < 2 ? wBig : wSmall }));
    const mixed = { ...BASE, cv: 1, completions: 30_000, warmup: 3_000 };
    const equalRr = simulateLb({ ...mixed, serverSpecs: specs(1, 1) }, 'round_robin', mulberry32(5));
    const weightedRr = simulateLb({ ...mixed, serverSpecs: specs(4, 1) }, 'round_robin', mulberry32(5));
    // Equal weights send a quarter of the traffic to each small server: 0.25 × 20 slots × 0.8 = 4 busy slots > 2, overloaded.
    expect(equalRr.p95Ms).toBeGreaterThan(5 * weightedRr.p95Ms);
    // Smooth weighted round robin gives the big servers 4/10 each.
    expect(weightedRr.maxServerShare).toBeCloseTo(0.4, 2);
    const lc = simulateLb({ ...mixed, serverSpecs: specs(1, 1) }, 'least_conn', mulberry32(5));
    expect(lc.p95Ms).toBeLessThan(equalRr.p95Ms / 5);
    expect(lbSimProblem({ ...mixed, serverSpecs: specs(1, 1).slice(1) })).toMatch(/One server spec per server/);
    expect(lbSimProblem({ ...mixed, serverSpecs: specs(0, 1) })).toMatch(/Weights/);
  });

  it('at light load the mean approaches the service time', () => {
    const r = simulateLb({ ...BASE, load: 0.05, cv: 1, completions: 20_000 }, 'least_conn', mulberry32(5));
    expect(r.meanMs).toBeGreaterThan(90);
    expect(r.meanMs).toBeLessThan(110);
  });

  it('reports progress and refuses bad input with a message', () => {
    const seen: number[] = [];
    simulateLb({ ...BASE, completions: 2000, warmup: 0 }, 'random', mulberry32(1), (p) => seen.push(p));
    expect(seen.at(-1)).toBe(1);
    expect(lbSimProblem({ ...BASE, load: 1 })).toMatch(/load/);
    expect(lbSimProblem({ ...BASE, servers: 0 })).toMatch(/Servers/);
    expect(() => simulateLb({ ...BASE, slotsPerServer: 0 }, 'random', mulberry32(1))).toThrow(/Slots/);
  });
});
