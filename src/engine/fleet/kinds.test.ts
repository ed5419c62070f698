/**
 * Mixed hardware behind one upstream (issue 7): shares by weight, each kind sized for its own
 * hardware, the first kind to reach its limit caps the fleet, suggested weights, failure what-ifs.
 */
import { describe, expect, it } from 'vitest';
import { planSchema, type PlanInput } from '../../plan/schema';
import { analyzeCluster } from '../cluster/cluster';
import { busiestShare } from '../cluster/shares';
import { sizePlanPerServer } from '../size-plan';
import { analyzeKinds } from './kinds';
import { serverLimits } from './optimizer';
import { effectiveServing, perServerPlan } from './per-server';
import { fleetTotals } from './fleet';

// CPU-bound requests (100 ms CPU, no I/O, no static files): a server's capacity is its cores / 0.1 s.
const CPU_BOUND: PlanInput = {
  hardware: { physicalCores: 16, hardwareThreads: 16, ramGiB: 64 },
  workload: { arrivalRps: 600, cpuMs: 100, cpuCv: 0.5, ioWaitMs: 0, staticShare: 0, sloMs: 1000 },
  gunicorn: { workerClass: 'sync' },
};
const OLD = { name: 'old', servers: 2, physicalCores: 8, hardwareThreads: 8, ramGiB: 32, perCoreSpeed: 1, weight: 1, hourlyPriceUsd: 0.2 };
const mixed = (weight: number, extra: Partial<PlanInput['fleet']> = {}) =>
  planSchema.parse({ ...CPU_BOUND, fleet: { servers: 4, hourlyPriceUsd: 0.5, otherKinds: [{ ...OLD, weight }], ...extra } });

describe('busiestShare with a kind filter', () => {
  it('normal: the kind\'s heaviest weight over the sum of all weights', () => {
    const ws = [2, 2, 1, 1];
    expect(busiestShare(ws, 'normal', 1, (i) => i >= 2)).toBeCloseTo(1 / 6, 12);
    expect(busiestShare(ws, 'normal', 1, (i) => i < 2)).toBeCloseTo(2 / 6, 12);
  });
  it('one server down: worst case over which server is lost, checked by brute force', () => {
    const ws = [5, 3, 3, 1, 1, 1];
    for (const inc of [(i: number) => i < 1, (i: number) => i >= 1 && i < 3, (i: number) => i >= 3]) {
      let brute = 0;
      for (let j = 0; j < ws.length; j++) {
        const rest = ws.reduce((a, w, i) => (i === j ? a : a + w), 0);
        for (let i = 0; i < ws.length; i++) if (i !== j && inc(i)) brute = Math.max(brute, (ws[i] ?? 0) / rest);
      }
      expect(busiestShare(ws, 'one-server-down', 1, inc)).toBeCloseTo(brute, 12);
    }
  });
});

describe('mixed hardware', () => {
  it('weights split the traffic in proportion: weight 3 vs 1 gets 75% vs 25%', () => {
    const plan = planSchema.parse({ ...CPU_BOUND, fleet: { servers: 1, otherKinds: [{ ...OLD, servers: 1, weight: 3 }] } });
    const k = analyzeKinds(plan);
    expect(k.rows.map((r) => r.sharePct.value)).toEqual([25, 75]);
    expect(k.rows[1]?.loadRps.value).toBeCloseTo(450, 6);
    // The main servers are sized for their own share: 1 / 0.25 = 4 servers' worth of load.
    expect(effectiveServing(plan.fleet)).toBeCloseTo(4, 12);
  });

  it('4 new (16 cores) + 2 old (8 cores), equal weights: the old servers cap the fleet; 2:1 weights lift it', () => {
    const equal = analyzeKinds(mixed(1));
    const [main, old] = equal.rows;
    if (!main || !old) throw new Error('two kinds expected');
    // CPU-bound: capacity ≈ cores / 0.1 s → 160 and 80 rps per server.
    expect(main.limits.capacityRps).toBeCloseTo(160, 0);
    expect(old.limits.capacityRps).toBeCloseTo(80, 0);
    expect(main.poolSize).toBeGreaterThan(old.poolSize);
    // Equal weights: each server gets 1/6; the fleet holds the SLO up to 6 × the old server's SLO-max.
    expect(equal.fleetSloMaxRps.value).toBeCloseTo(6 * old.limits.sloMaxRps, 0);
    expect(old.sloUse.value).toBeGreaterThan(main.sloUse.value);
    // Suggested weights follow the SLO-max: about 2 : 1.
    expect(main.suggestedWeight.value).toBe(10);
    expect(old.suggestedWeight.value).toBeGreaterThanOrEqual(4);
    expect(old.suggestedWeight.value).toBeLessThanOrEqual(6);
    expect(equal.findings.map((f) => f.id)).toContain('kinds-unbalanced-weights');
    // Main weight 2, old weight 1: shares 2/10 and 1/10; the fleet now holds more.
    const weighted = analyzeKinds(mixed(1, { weights: [2, 2, 2, 2] }));
    expect(weighted.rows.map((r) => r.sharePct.value)).toEqual([20, 10]);
    expect(weighted.fleetSloMaxRps.value).toBeGreaterThan(equal.fleetSloMaxRps.value * 1.3);
  });

  it('without other kinds, the one row matches the per-server sizing', () => {
    const plan = planSchema.parse({ ...CPU_BOUND, fleet: { servers: 3 } });
    const k = analyzeKinds(plan);
    expect(k.rows).toHaveLength(1);
    const sized = sizePlanPerServer(plan);
    expect(k.rows[0]?.poolSize).toBe(sized.gunicorn?.workers.value);
    expect(k.rows[0]?.limits.sloMaxRps).toBeCloseTo(serverLimits(perServerPlan(plan)).sloMaxRps, 9);
    expect(k.rows[0]?.loadRps.value).toBeCloseTo(200, 6);
  });

  it('fleet totals sum memory, threads and price over the kinds', () => {
    const plan = mixed(1);
    const kinds = analyzeKinds(plan);
    const t = fleetTotals({ plan, perServer: serverLimits(perServerPlan(plan)), hourlyUsd: 0.5, priceSource: 'test', kinds });
    expect(t.memoryGiB.value).toBe(4 * 64 + 2 * 32);
    expect(t.threads.value).toBe(4 * 16 + 2 * 8);
    expect(t.serversMonthlyUsd.value).toBeCloseTo((4 * 0.5 + 2 * 0.2) * 730, 6);
    expect(t.sloMaxRps.value).toBe(kinds.fleetSloMaxRps.value);
    const unpriced = planSchema.parse({ ...plan, fleet: { ...plan.fleet, otherKinds: [{ ...OLD, hourlyPriceUsd: null }] } });
    expect(fleetTotals({ plan: unpriced, perServer: serverLimits(perServerPlan(unpriced)), hourlyUsd: 0.5, priceSource: 'test', kinds: analyzeKinds(unpriced) }).serversMonthlyUsd.value).toBeNull();
  });

  it('"one server down" checks every kind against its own limits: the old servers miss first', () => {
    // 600 rps over 4 × 16-core + 2 × 8-core servers at equal weights: 100 rps each. An old server
    // saturates at 80 rps, so it is overloaded already with all servers up; with weights 2:1 the old
    // ones carry 60 (all up) and 600 / 8 = 75 when a new server (weight 2) is down.
    const equal = analyzeCluster({ plan: mixed(1), perServer: serverLimits(perServerPlan(mixed(1))) });
    expect(equal.normal.verdict).toBe('overloaded');
    expect(equal.normal.perKind.find((k) => k.name === 'old')?.verdict).toBe('overloaded');
    expect(equal.normal.perKind.find((k) => k.name === 'main')?.verdict).toBe('meets');
    const plan = mixed(1, { weights: [2, 2, 2, 2] });
    const r = analyzeCluster({ plan, perServer: serverLimits(perServerPlan(plan)) });
    expect(r.normal.perKind.find((k) => k.name === 'old')?.perServerBackendRps).toBeCloseTo(60, 6);
    expect(r.oneServerDown.perKind.find((k) => k.name === 'old')?.perServerBackendRps).toBeCloseTo(600 / 8, 6);
    expect(r.oneServerDown.perKind.find((k) => k.name === 'main')?.perServerBackendRps).toBeCloseTo(1200 / 8, 6);
    expect(r.oneServerDown.perKind.find((k) => k.name === 'old')?.verdict).not.toBe('overloaded'); // 75 < 80
  });

  it('the method simulation gets every server, with slots in proportion to its kind\'s capacity and its weight', () => {
    const plan = mixed(1, { weights: [2, 2, 2, 2] });
    const sim = analyzeCluster({ plan, perServer: serverLimits(perServerPlan(plan)) }).sim.input;
    expect(sim.servers).toBe(6);
    const specs = sim.serverSpecs ?? [];
    expect(specs.map((s) => s.weight)).toEqual([2, 2, 2, 2, 1, 1]);
    // 16 vs 8 CPU-bound cores: twice the slots.
    expect((specs[0]?.slots ?? 0) / (specs[5]?.slots ?? 1)).toBeCloseTo(2, 0);
    // 600 rps over 4 × 160 + 2 × 80 rps of capacity: 75% utilisation.
    expect(sim.load).toBeCloseTo(0.75, 1);
  });

  it('the schema refuses bad kinds with a message naming the limit', () => {
    const bad = (kind: object, fleet: object = {}) => planSchema.safeParse({ fleet: { otherKinds: [kind], ...fleet } });
    const msg = (r: ReturnType<typeof bad>) => (r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    expect(msg(bad({ ...OLD, weight: 0 }))).toMatch(/fleet\.otherKinds\.0\.weight/);
    expect(msg(bad({ ...OLD, weight: 1001 }))).toMatch(/fleet\.otherKinds\.0\.weight/);
    expect(msg(bad({ ...OLD, hardwareThreads: 4 }))).toMatch(/must be ≥ physical cores \(8\)/);
    expect(msg(bad({ ...OLD, name: 'main' }))).toMatch(/must be unique/);
    expect(msg(bad({ ...OLD, name: 'a b;' }))).toMatch(/letters, digits/);
    expect(msg(bad({ ...OLD, servers: 9_999 }, { servers: 2 }))).toMatch(/at most 10,000/);
    expect(planSchema.safeParse({ fleet: { otherKinds: Array.from({ length: 9 }, (_, i) => ({ ...OLD, name: `k${i}` })) } }).success).toBe(false);
  });
});
