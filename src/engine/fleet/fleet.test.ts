import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPlan, planSchema, type PlanInput } from '../../plan/schema';
import { parseCatalog, type CatalogEntry } from '../catalog/schema';
import { sizePlan } from '../size-plan';
import { fleetSizeProblem, fleetTargetRps, fleetTotals, perServerPlan, servingServers, serversNeeded } from './fleet';
import { clearOptimizerCache, optimizeFleet, planWithEntry, serverLimits } from './optimizer';

/**
 * A workload whose per-server limit can be worked out by hand: CPU-bound (no I/O, no static
 * files), sync workers (2 × cores + 1 ≥ cores, so the cores are the bottleneck) and an SLO of
 * 10 minutes that never binds before saturation. One server then completes
 * cores × speed / cpu time = cores × speed / 0.1 s requests per second.
 */
const HAND: PlanInput = {
  app: 'gunicorn',
  gunicorn: { workerClass: 'sync' },
  workload: { mode: 'open', arrivalRps: 100, cpuMs: 100, cpuCv: 0.5, ioWaitMs: 0, staticShare: 0, sloPercentile: 'p95', sloMs: 600_000 },
  fleet: { headroomShare: 0.3 },
};

const SRC = 'hand';
function entry(id: string, cores: number, speed: number, hourlyUsd: number | null): CatalogEntry {
  return {
    id,
    kind: 'cloud',
    label: id,
    cpu: 'test',
    vendor: 'any',
    physicalCores: cores,
    hardwareThreads: cores,
    ramGiB: 64,
    storage: null,
    benchmark: null,
    perCoreSpeed: speed,
    speedBasis: 'estimate',
    speedNote: 'ESTIMATE for a test',
    sourceId: SRC,
    price: hourlyUsd === null ? null : { usd: hourlyUsd, per: 'hour', region: 'us-east-1', sourceId: SRC, asOf: '2025-01-01', confidence: 'unverified' },
  };
}

// Hand-made catalog (target 100 rps, headroom 0.3 → each server may run at 70% of its SLO-max):
//   small: 4 cores × 1.0 / 0.1 s =  40 rps → usable 28  → ⌈100 / 28⌉  = 4 servers × $0.10 × 730 = $292.00
//   fast:  4 cores × 2.0 / 0.1 s =  80 rps → usable 56  → ⌈100 / 56⌉  = 2 servers × $0.25 × 730 = $365.00
//   big:  16 cores × 1.0 / 0.1 s = 160 rps → usable 112 → ⌈100 / 112⌉ = 1 server  × $0.45 × 730 = $328.50
//   dear: same as big at $2/h                                         = 1 server  × $2.00 × 730 = $1460.00
//   free: no price → skipped
// Ranking: small $292 < big $328.50 < fast $365 < dear $1460.
// With N+1 (one spare each): small 5 → $365, big 2 → $657, fast 3 → $547.50, dear 2 → $2920:
// small $365 < fast $547.50 < big $657 < dear $2920.
const CATALOG = [entry('fast', 4, 2, 0.25), entry('big', 16, 1, 0.45), entry('free', 8, 1, null), entry('small', 4, 1, 0.1), entry('dear', 16, 1, 2)];

describe('serverLimits', () => {
  it.each([
    ['small', 40],
    ['fast', 80],
    ['big', 160],
  ])('%s: SLO-max = cores × speed / cpu time = %d rps', (id, rps) => {
    const plan = planWithEntry(planSchema.parse(HAND), CATALOG.find((e) => e.id === id)!);
    expect(serverLimits(plan).sloMaxRps).toBeCloseTo(rps, 6);
  });

  it('agrees with sizePlan on every catalog entry (same pool mapping)', () => {
    const raw: unknown = JSON.parse(readFileSync(new URL('../../../public/catalog/hardware.json', import.meta.url), 'utf8'));
    const r = parseCatalog(raw);
    if (!r.ok) throw new Error(r.message);
    for (const app of ['gunicorn', 'phpfpm'] as const) {
      const base = planSchema.parse({ app });
      for (const e of r.catalog.entries) {
        const p = planWithEntry(base, e);
        const full = sizePlan(p).performance;
        const lean = serverLimits(p);
        expect(Math.abs(lean.sloMaxRps - full.sloMaxRps.value), `${app} ${e.id}`).toBeLessThanOrEqual(0.051);
        expect(Math.abs(lean.capacityRps - full.capacityRps.value), `${app} ${e.id}`).toBeLessThanOrEqual(0.051);
      }
    }
  });
});

describe('optimizeFleet on a hand-made catalog', () => {
  it('ranks by the monthly cost of the smallest fleet (N+1 turned off)', () => {
    clearOptimizerCache();
    const r = optimizeFleet(planSchema.parse({ ...HAND, fleet: { headroomShare: 0.3, optimizerSpare: false } }), CATALOG);
    expect(r.targetRps).toBe(100);
    expect(r.choices.map((c) => [c.entry.id, c.servers, Math.round(c.monthlyUsd * 100) / 100])).toEqual([
      ['small', 4, 292],
      ['big', 1, 328.5],
      ['fast', 2, 365],
      ['dear', 1, 1460],
    ]);
    expect(r.skipped).toEqual([expect.objectContaining({ id: 'free', reason: expect.stringMatching(/no price/) })]);
    const top = r.choices[0]!;
    expect(top.serversWhy.inputs).toMatchObject({ targetRps: 100, perServerSloMaxRps: 40, headroomShare: 0.3, spare: false });
    expect(top.costWhy.formula).toMatch(/hourly price × hours per month/);
  });

  it.each([
    ['the fleet is N+1', { headroomShare: 0.3, spare: true }],
    ['by default (optimizerSpare on)', { headroomShare: 0.3 }],
  ])('N+1 adds one server to each and re-ranks: %s', (_name, fleet) => {
    const r = optimizeFleet(planSchema.parse({ ...HAND, fleet }), CATALOG);
    expect(r.spare).toBe(true);
    expect(r.choices.map((c) => [c.entry.id, c.servers, Math.round(c.monthlyUsd * 100) / 100])).toEqual([
      ['small', 5, 365],
      ['fast', 3, 547.5],
      ['big', 2, 657],
      ['dear', 2, 2920],
    ]);
  });

  it('ignores the user pins (recommended settings) and adds DynamoDB to the total', () => {
    const pinned = planSchema.parse({ ...HAND, pins: { gunicornWorkers: 1 } });
    const r = optimizeFleet(pinned, CATALOG, { dynamoMonthlyUsd: 100, spare: false });
    expect(r.choices[0]).toMatchObject({ servers: 4, totalMonthlyUsd: 392 });
  });

  it('a tie in cost goes to more, smaller servers', () => {
    // 4 × small (28 usable rps each) and 2 × pair (56 each) both cost $0.40 an hour for 100 rps.
    const r = optimizeFleet(planSchema.parse(HAND), [entry('pair', 8, 1, 0.2), entry('small', 4, 1, 0.1)], { spare: false });
    expect(r.choices.map((c) => [c.entry.id, c.servers])).toEqual([
      ['small', 4],
      ['pair', 2],
    ]);
    expect(r.choices[0]!.monthlyUsd).toBeCloseTo(r.choices[1]!.monthlyUsd, 6);
  });

  it('skips hardware that cannot meet the SLO at any load', () => {
    // 100 ms of CPU per request cannot finish within a 50 ms p95 on a speed-1 core; on a speed-4 core it takes 25 ms.
    const tight = planSchema.parse({ ...HAND, workload: { ...HAND.workload, sloMs: 50 } });
    const r = optimizeFleet(tight, [entry('slow', 4, 1, 0.1), entry('quick', 4, 4, 0.5)]);
    expect(r.skipped.map((s) => s.id)).toEqual(['slow']);
    expect(r.skipped[0]!.reason).toMatch(/cannot meet p95 ≤ 50 ms/);
    expect(r.choices.map((c) => c.entry.id)).toEqual(['quick']);
  });

  it('a cached answer equals a cold one', () => {
    const plan = planSchema.parse(HAND);
    clearOptimizerCache();
    const cold = optimizeFleet(plan, CATALOG);
    const warm = optimizeFleet(plan, CATALOG);
    expect(warm).toEqual(cold);
  });
});

describe('serversNeeded (N+1 arithmetic)', () => {
  it.each([
    // target, SLO-max per server, headroom, spare, N
    [100, 40, 0, false, 3], // ⌈2.5⌉
    [100, 40, 0, true, 4], // 3 + 1 spare
    [100, 50, 0.2, false, 3], // usable 40 → ⌈2.5⌉ (no float creep)
    [80, 40, 0, false, 2], // exactly 2
    [80, 40, 0, true, 3],
    [0, 40, 0.3, false, 1], // at least one server
    [0, 40, 0.3, true, 2], // one server plus its spare
    [1000, 10, 0.5, true, 201],
  ])('target %d, SLO-max %d, headroom %d, spare %s → %d', (target, slo, h, spare, n) => {
    expect(serversNeeded(target, slo, h, spare)).toBe(n);
  });
  it('null when one server cannot meet the SLO', () => {
    expect(serversNeeded(10, 0, 0.3, false)).toBeNull();
  });
});

describe('fleetTotals', () => {
  const plan = (fleet: PlanInput['fleet']) => planSchema.parse({ ...HAND, hardware: { physicalCores: 4, hardwareThreads: 4, ramGiB: 16 }, fleet });

  it('capacity = per-server × (N − spare), memory = N × RAM, cost = N × hourly × 730', () => {
    const r = fleetTotals({ plan: plan({ servers: 4, spare: true, headroomShare: 0.3 }), perServer: { capacityRps: 40, sloMaxRps: 40 }, hourlyUsd: 0.1, priceSource: 'test' });
    expect(r.serving.value).toBe(3);
    expect(r.capacityRps.value).toBe(120);
    expect(r.sloMaxRps.value).toBe(120);
    expect(r.usableRps.value).toBe(84); // 120 × 0.7
    expect(r.perServerLoadRps.value).toBeCloseTo(33.3, 1);
    expect(r.memoryGiB.value).toBe(64);
    expect(r.serversMonthlyUsd.value).toBe(292);
    expect(r.totalMonthlyUsd.value).toBe(292);
    expect(r.meetsTarget).toBe(false); // 84 < 100
    expect(r.serversNeeded.value).toBe(5);
    expect(r.findings.map((f) => f.id)).toContain('fleet-short');
  });

  it('adds DynamoDB when passed in; no price → no cost', () => {
    const withDdb = fleetTotals({ plan: plan({ servers: 5 }), perServer: { capacityRps: 40, sloMaxRps: 40 }, hourlyUsd: 0.1, priceSource: 'test', dynamoMonthlyUsd: 8 });
    expect(withDdb.totalMonthlyUsd.value).toBe(373); // 365 + 8
    expect(withDdb.meetsTarget).toBe(true); // 5 × 40 × 0.7 = 140 ≥ 100
    expect(withDdb.findings.map((f) => f.id)).toEqual(['fleet-oversized']); // 4 would do
    const none = fleetTotals({ plan: plan({ servers: 5 }), perServer: { capacityRps: 40, sloMaxRps: 40 }, hourlyUsd: null, priceSource: 'none' });
    expect(none.serversMonthlyUsd.value).toBeNull();
    expect(none.totalMonthlyUsd.value).toBeNull();
  });

  it('warns about N+1 with a single server', () => {
    const r = fleetTotals({ plan: plan({ servers: 1, spare: true }), perServer: { capacityRps: 400, sloMaxRps: 400 }, hourlyUsd: null, priceSource: '' });
    expect(r.findings.map((f) => f.id)).toContain('fleet-spare-one-server');
  });
});

describe('per-server plan and fleet size', () => {
  it('divides the load over the serving servers; one server is the same plan', () => {
    const p = defaultPlan();
    expect(perServerPlan(p)).toBe(p);
    const four = planSchema.parse({ fleet: { servers: 4, spare: true }, workload: { arrivalRps: 90, concurrentUsers: 301 } });
    expect(servingServers(four.fleet)).toBe(3);
    expect(perServerPlan(four).workload.arrivalRps).toBe(30);
    expect(perServerPlan(four).workload.concurrentUsers).toBe(101);
    expect(fleetTargetRps(four)).toBe(90);
  });

  it('0 and more than 10,000 servers get a clear message (and the schema refuses them)', () => {
    expect(fleetSizeProblem(0)).toMatch(/at least 1 server/);
    expect(fleetSizeProblem(0, 2)).toMatch(/at least 1 primary server: the 2 backup servers serve only while every primary is down/);
    expect(fleetSizeProblem(10_001)).toMatch(/At most 10,000 servers/);
    expect(fleetSizeProblem(2.5)).toMatch(/whole number/);
    expect(fleetSizeProblem(10_000)).toBeNull();
    expect(planSchema.safeParse({ fleet: { servers: 0 } }).success).toBe(false);
    expect(planSchema.safeParse({ fleet: { servers: 10_001 } }).success).toBe(false);
  });

  it('parsePlan({}) has a fleet of one server, no spare, 30% headroom, no custom price', () => {
    expect(defaultPlan().fleet).toEqual({
      servers: 1,
      spare: false,
      optimizerSpare: true,
      headroomShare: 0.3,
      hourlyPriceUsd: null,
      // Multi-server defaults (issue 7): nginx's own defaults for the upstream.
      lbMethod: 'round_robin',
      maxFails: 1,
      failTimeoutS: 10,
      zones: 1,
      // Backup servers, max_conns, weights, session length: off / unlimited / equal / none.
      backupServers: 0,
      maxConns: null,
      weights: null,
      sessionS: 0,
      otherKinds: [],
    });
    expect(defaultPlan().hardware).toMatchObject({ catalogId: null, smtGain: 0.25 });
  });
});

describe('adjustable SMT gain (hardware.smtGain)', () => {
  it.each([
    [0, 4],
    [0.25, 5],
    [1, 8],
  ])('4 cores / 8 threads with gain %d → %d effective cores', (smtGain, cores) => {
    const plan = planSchema.parse({ hardware: { physicalCores: 4, hardwareThreads: 8, smtGain } });
    expect(sizePlan(plan).performance.cpuServers.inputs.cpuCapacity).toBe(cores);
  });
  it('is limited to 0..1', () => {
    expect(planSchema.safeParse({ hardware: { smtGain: 1.5 } }).success).toBe(false);
    expect(planSchema.safeParse({ hardware: { smtGain: -0.1 } }).success).toBe(false);
  });
});
