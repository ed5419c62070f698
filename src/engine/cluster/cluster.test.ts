import { describe, expect, it } from 'vitest';
import { fixture } from '../../plan/fixtures';
import { planSchema, type PlanInput } from '../../plan/schema';
import { serverLimits } from '../fleet/optimizer';
import { perServerPlan } from '../fleet/per-server';
import { cacheEffect, hitRatioProblem } from './cache';
import { analyzeCluster } from './cluster';
import { busiestShare, whatIf, zoneLoss } from './failures';
import { effectiveServing } from '../fleet/per-server';
import { exportedMethod, methodAvailable, methodProblem, trafficShares } from './methods';

const CACHE = planSchema.parse({}).cache;

describe('microcache', () => {
  it('a hit ratio h reduces the backend load by h', () => {
    for (const h of [0, 0.25, 0.5, 0.9, 0.99]) {
      const r = cacheEffect({ cache: { ...CACHE, microcacheEnabled: true, hitRatio: h }, dynamicRps: 400, totalRps: 500 });
      expect(r.backendWithoutRps.value).toBe(400);
      expect(r.backendWithRps.value).toBeCloseTo(400 * (1 - h), 6);
    }
    // A 100% hit ratio is floored at 1% misses (every key misses once per TTL), so nothing divides by 0.
    const all = cacheEffect({ cache: { ...CACHE, microcacheEnabled: true, hitRatio: 1 }, dynamicRps: 400, totalRps: 500 });
    expect(all.backendWithRps.value).toBeCloseTo(4, 6);
    const off = cacheEffect({ cache: { ...CACHE, microcacheEnabled: false, hitRatio: 0.9 }, dynamicRps: 400, totalRps: 500 });
    expect(off.backendWithRps.value).toBe(400);
  });

  it('sizes the keys zone at 8,000 keys per MB and the disk from keys × object size', () => {
    const r = cacheEffect({ cache: { ...CACHE, microcacheEnabled: true, keys: 100_000, avgObjectKiB: 20 }, dynamicRps: 1, totalRps: 1 });
    expect(r.zoneMiB.value).toBe(13); // ⌈100,000 / 8,000⌉
    expect(r.diskMiB.value).toBe(1954); // ⌈100,000 × 20 / 1024⌉
  });

  it('with lock + stale-while-updating a hot key costs ≤ 1 backend request per TTL per nginx host', () => {
    const r = cacheEffect({ cache: { ...CACHE, microcacheEnabled: true, ttlS: 2 }, dynamicRps: 1000, totalRps: 1000, nginxHosts: 3 });
    expect(r.hotKeyMaxRps.value).toBe(1.5);
    const noLock = cacheEffect({ cache: { ...CACHE, microcacheEnabled: true, lock: false }, dynamicRps: 1000, totalRps: 1000 });
    expect(noLock.hotKeyMaxRps.value).toBeNull();
    expect(noLock.findings.map((f) => f.id)).toContain('cache-no-lock');
  });

  it('a hit ratio outside 0–1 gets a clear message (engine and schema)', () => {
    expect(hitRatioProblem(1.2)).toMatch(/between 0 and 1/);
    expect(hitRatioProblem(-0.1)).toMatch(/between 0 and 1/);
    expect(hitRatioProblem(0.3)).toBeNull();
    expect(() => cacheEffect({ cache: { ...CACHE, hitRatio: 2 }, dynamicRps: 1, totalRps: 1 })).toThrow(/between 0 and 1/);
    expect(planSchema.safeParse({ cache: { hitRatio: 1.5 } }).success).toBe(false);
  });
});

describe('failure what-ifs', () => {
  const base = { targetRps: 300, dynamicShare: 1, backendFactor: 1, servers: 3, zones: 1, perServer: { sloMaxRps: 120, capacityRps: 140 }, sloLabel: 'p95 ≤ 250 ms' };

  it('hand-computed: 300 rps on 3 servers (SLO-max 120, capacity 140 each)', () => {
    expect(whatIf(base, 'normal').verdict).toBe('meets'); // 100 ≤ 120
    const down = whatIf(base, 'one-server-down'); // 300 / 2 = 150 > 140
    expect(down.perServerBackendRps.value).toBe(150);
    expect(down.verdict).toBe('overloaded');
    expect(whatIf({ ...base, perServer: { sloMaxRps: 120, capacityRps: 160 } }, 'one-server-down').verdict).toBe('misses-slo');
    expect(down.verdictE.why).toMatch(/2 of 3 servers/);
  });

  it('one zone down loses ⌈N / zones⌉ servers; a single zone takes everything down', () => {
    expect(zoneLoss(4, 2)).toBe(2);
    expect(zoneLoss(5, 2)).toBe(3);
    expect(zoneLoss(2, 5)).toBe(1);
    const z = whatIf({ ...base, servers: 6, zones: 3 }, 'one-zone-down'); // 300 / 4 = 75
    expect(z.serving).toBe(4);
    expect(z.verdict).toBe('meets');
    const all = whatIf({ ...base, zones: 1 }, 'one-zone-down');
    expect(all.serving).toBe(0);
    expect(all.verdict).toBe('overloaded');
    expect(all.verdictE.why).toMatch(/no server is left/);
  });

  it('the microcache hit ratio reduces the load the survivors carry', () => {
    // Limits of a server behind a 50% cache are twice its bare limits (in rps at nginx); the backend
    // comparison takes the same factor on both sides.
    const limits = { sloMaxRps: base.perServer.sloMaxRps / 0.5, capacityRps: base.perServer.capacityRps / 0.5 };
    expect(whatIf({ ...base, backendFactor: 0.5, perServer: limits }, 'one-server-down').verdict).toBe('meets');
    // On a real plan: 2 × (4 cores, 100 ms CPU) at 60 rps is overloaded with one down (60 > 40 rps)…
    const input: PlanInput = { ...fixture('fourCoreCpuBound'), workload: { ...fixture('fourCoreCpuBound').workload, arrivalRps: 60 }, fleet: { servers: 2 } };
    const plain = planSchema.parse(input);
    expect(analyzeCluster({ plan: plain, perServer: serverLimits(perServerPlan(plain)) }).oneServerDown.verdict).toBe('overloaded');
    // …and within capacity when the microcache answers half the dynamic requests (30 backend rps ≤ 40).
    const cached = planSchema.parse({ ...input, cache: { microcacheEnabled: true, hitRatio: 0.5 } });
    const r = analyzeCluster({ plan: cached, perServer: serverLimits(perServerPlan(cached)) });
    expect(r.oneServerDown.verdict).not.toBe('overloaded');
    expect(r.oneServerDown.perServerBackendRps.value).toBeCloseTo(60 * (1 - plain.workload.staticShare) * 0.5, 1);
  });

  it('flags an SLO miss on a real plan: 4 cores × 100 ms CPU cannot exceed 40 rps per server', () => {
    const input: PlanInput = { ...fixture('fourCoreCpuBound'), workload: { ...fixture('fourCoreCpuBound').workload, arrivalRps: 60 }, fleet: { servers: 2 } };
    const plan = planSchema.parse(input);
    const limits = serverLimits(perServerPlan(plan));
    expect(limits.capacityRps).toBeLessThanOrEqual(40 + 1e-6);
    const r = analyzeCluster({ plan, perServer: limits });
    expect(r.normal.verdict).not.toBe('overloaded'); // 30 rps each
    expect(r.oneServerDown.verdict).toBe('overloaded'); // 60 rps on one server > 40
    expect(r.findings.map((f) => f.id)).toContain('cluster-one-down');
  });
});

describe('balancing methods by nginx version (DOMAIN.md C.5)', () => {
  it('least_time is never open source in the offered versions; sticky only in 1.30', () => {
    for (const v of ['1.22', '1.28', '1.30'] as const) {
      expect(methodAvailable('least_conn', v)).toBe(true);
      expect(methodAvailable('random_two', v)).toBe(true);
      expect(methodProblem('least_time', v)?.message).toMatch(/NGINX Plus only before 1\.31\.0/);
    }
    expect(methodProblem('sticky_cookie', '1.28')?.message).toMatch(/NGINX Plus only before 1\.29\.6/);
    expect(methodProblem('sticky_cookie', '1.30')).toBeNull();
    expect(exportedMethod('least_time', '1.30')).toBe('least_conn');
    expect(exportedMethod('sticky_cookie', '1.22')).toBe('ip_hash');
  });

  it('an unavailable method is an engine finding, never a parse error', () => {
    const plan = planSchema.parse({ fleet: { servers: 3, lbMethod: 'least_time' }, nginx: { version: '1.22' } });
    const r = analyzeCluster({ plan, perServer: { sloMaxRps: 100, capacityRps: 120 } });
    const f = r.findings.find((x) => x.id === 'cluster-method-unavailable');
    expect(f?.severity).toBe('error');
    expect(f?.message).toMatch(/least_time.*NGINX Plus only before 1\.31\.0/);
  });

  it('weights split traffic in proportion; 0 and out-of-range weights get a message', () => {
    expect(trafficShares([1, 1, 1, 1])).toEqual({ shares: [0.25, 0.25, 0.25, 0.25] });
    expect(trafficShares([3, 1])).toEqual({ shares: [0.75, 0.25] });
    expect(trafficShares([1, 0])).toEqual({ problem: expect.stringMatching(/weight 0 is not allowed/) as unknown as string });
    expect('problem' in trafficShares([5000])).toBe(true);
    expect('problem' in trafficShares([])).toBe(true);
  });

  it('old plans without the new fields still parse with the defaults', () => {
    const p = planSchema.parse({ fleet: { servers: 2 } });
    expect(p.fleet).toMatchObject({ lbMethod: 'round_robin', maxFails: 1, failTimeoutS: 10, zones: 1 });
    expect(p.cache.microcacheEnabled).toBe(false);
  });
});

describe('backup servers, max_conns, weights, draining (issue 7 follow-up)', () => {
  const limits = { sloMaxRps: 100, capacityRps: 120 };

  it('the new fleet fields default, so {} and plans without them parse', () => {
    const empty = planSchema.parse({});
    expect(empty.fleet).toMatchObject({ backupServers: 0, maxConns: null, weights: null, sessionS: 0 });
    const old = planSchema.parse({ fleet: { servers: 3, lbMethod: 'least_conn', maxFails: 2, failTimeoutS: 5, zones: 2, spare: true }, cache: { microcacheEnabled: true } });
    expect(old.fleet).toMatchObject({ servers: 3, backupServers: 0, maxConns: null, weights: null, sessionS: 0 });
  });

  it('bad values get a clear message', () => {
    const msg = (input: PlanInput) => {
      const r = planSchema.safeParse(input);
      return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(msg({ fleet: { servers: 3, weights: [1, 2] } })).toMatch(/fleet\.weights: weights: one per server, 1–1000 \(nginx's server weight\)/);
    expect(msg({ fleet: { servers: 2, weights: [0, 1] } })).toMatch(/one per server, 1–1000/);
    expect(msg({ fleet: { servers: 2, weights: [1, 1001] } })).toMatch(/one per server, 1–1000/);
    expect(msg({ fleet: { servers: 2, weights: [3, 1] } })).toBeNull();
    expect(msg({ fleet: { maxConns: 0 } })).not.toBeNull();
    expect(msg({ fleet: { backupServers: 101 } })).not.toBeNull();
    expect(msg({ fleet: { sessionS: 86_401 } })).not.toBeNull();
  });

  it('one server + a backup: in the "one down" what-if the backup takes over, explained', () => {
    const plan = planSchema.parse({ fleet: { servers: 1, backupServers: 1 }, workload: { arrivalRps: 50, staticShare: 0 } });
    const r = analyzeCluster({ plan, perServer: limits });
    expect(r.oneServerDown.backupsTookOver).toBe(true);
    expect(r.oneServerDown.serving).toBe(1);
    expect(r.oneServerDown.verdict).toBe('meets');
    expect(r.oneServerDown.verdictE.why).toMatch(/backup server takes over/);
    const f = r.findings.find((x) => x.id === 'cluster-backup-takes-over');
    expect(f?.message).toMatch(/only primary server down, the 1 backup server takes over/);
    // Without a backup the same what-if leaves nothing serving.
    const none = analyzeCluster({ plan: planSchema.parse({ workload: { arrivalRps: 50 } }), perServer: limits });
    expect(none.oneServerDown.serving).toBe(0);
    expect(none.oneServerDown.verdict).toBe('overloaded');
    // With 2+ primaries backups stay idle in the "one down" what-if (nginx uses them only when all primaries are down).
    const two = analyzeCluster({ plan: planSchema.parse({ fleet: { servers: 2, backupServers: 3 } }), perServer: limits });
    expect(two.oneServerDown.serving).toBe(1);
    expect(two.oneServerDown.backupsTookOver).toBe(false);
  });

  it('backup servers with a method that refuses them is an error finding', () => {
    for (const lbMethod of ['ip_hash', 'hash', 'random_two'] as const) {
      const r = analyzeCluster({ plan: planSchema.parse({ fleet: { servers: 2, backupServers: 1, lbMethod } }), perServer: limits });
      expect(r.findings.find((x) => x.id === 'cluster-backup-method')?.severity).toBe('error');
    }
    const ok = analyzeCluster({ plan: planSchema.parse({ fleet: { servers: 2, backupServers: 1, lbMethod: 'least_conn' } }), perServer: limits });
    expect(ok.findings.map((x) => x.id)).not.toContain('cluster-backup-method');
  });

  it('busiestShare: the heaviest weight, worst case over which server or zone is lost', () => {
    expect(busiestShare([1, 1, 1, 1], 'normal', 1)).toBe(0.25);
    expect(busiestShare([3, 1, 1], 'normal', 1)).toBe(0.6);
    // Losing a weight-1 server leaves 3 / 4; losing the 3 leaves 1 / 2.
    expect(busiestShare([3, 1, 1], 'one-server-down', 1)).toBe(0.75);
    expect(busiestShare([1, 1, 1, 1], 'one-server-down', 1)).toBeCloseTo(1 / 3, 12);
    // Zones: server i in zone i mod 2 → zone 0 = {3, 1}, zone 1 = {1, 1}; losing zone 1 leaves 3 / 4.
    expect(busiestShare([3, 1, 1, 1], 'one-zone-down', 2)).toBe(0.75);
  });

  it('a heavier-weighted server gets more load, and its share drives the verdict', () => {
    const base = { targetRps: 300, dynamicShare: 1, backendFactor: 1, servers: 3, zones: 1, perServer: { sloMaxRps: 120, capacityRps: 140 }, sloLabel: 'p95 ≤ 250 ms' };
    expect(whatIf(base, 'normal').verdict).toBe('meets'); // 100 each
    const weighted = whatIf({ ...base, weights: [3, 1, 1] }, 'normal'); // 300 × 3/5 = 180 > 140
    expect(weighted.perServerBackendRps.value).toBe(180);
    expect(weighted.verdict).toBe('overloaded');
    expect(weighted.verdictE.why).toMatch(/the busiest carries 180/);
    expect(whatIf({ ...base, weights: [3, 1, 1] }, 'one-server-down').perServerBackendRps.value).toBe(225); // 300 × 3/4
    const plan = planSchema.parse({ fleet: { servers: 3, weights: [2, 1, 1] } });
    const r = analyzeCluster({ plan, perServer: limits });
    expect(r.serverShare.value).toBe(50);
    expect(r.serverShare.why).toMatch(/add other server kinds for mixed hardware/);
    // Each server is sized for the busiest share: 2 / 4 of the load = 2 servers' worth.
    expect(effectiveServing(plan.fleet)).toBe(2);
    expect(perServerPlan(plan).workload.arrivalRps).toBe(plan.workload.arrivalRps / 2);
    expect(effectiveServing(planSchema.parse({ fleet: { servers: 3 } }).fleet)).toBe(3);
  });

  it('draining takes max(session length, proxy_read_timeout); hashed and sticky methods keep sessions pinned', () => {
    const short = analyzeCluster({ plan: planSchema.parse({ fleet: { servers: 2, sessionS: 30 } }), perServer: limits, proxyReadTimeoutS: 60 });
    expect(short.drainS.value).toBe(60);
    expect(short.drainS.why).not.toMatch(/pinned/);
    const long = analyzeCluster({ plan: planSchema.parse({ fleet: { servers: 2, sessionS: 3600, lbMethod: 'ip_hash' } }), perServer: limits, proxyReadTimeoutS: 60 });
    expect(long.drainS.value).toBe(3600);
    expect(long.drainS.why).toMatch(/sessions stay pinned/);
  });
});
