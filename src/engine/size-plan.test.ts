/**
 * End-to-end engine tables over the named fixtures: outputs an SRE can check by hand.
 */
import { describe, expect, it } from 'vitest';
import { fixture, FIXTURE_NAMES } from '../plan/fixtures';
import { planSchema } from '../plan/schema';
import { sizePlan } from './size-plan';

describe('capacity', () => {
  it('4 cores, 9 sync workers, 100 ms CPU-only → CPU-bound 40 rps (DOMAIN.md E.3 machine)', () => {
    const r = sizePlan(fixture('fourCoreCpuBound'));
    expect(r.performance.capacityRps.value).toBeCloseTo(40, 1);
  });
  it('slot-bound: 2 sync workers on 8 cores, 10 ms CPU + 90 ms I/O → 2 / 0.1 s = 20 rps', () => {
    const r = sizePlan(
      planSchema.parse({
        hardware: { physicalCores: 8, hardwareThreads: 8 },
        workload: { arrivalRps: 5, cpuMs: 10, ioWaitMs: 90, staticShare: 0 },
        gunicorn: { workerClass: 'sync' },
        pins: { gunicornWorkers: 2 },
      }),
    );
    expect(r.performance.capacityRps.value).toBeCloseTo(20, 1);
  });
  it('the microcache takes its hits off the app: a 50% hit ratio doubles capacity at nginx and halves the app rate', () => {
    const base = fixture('fourCoreCpuBound');
    const plain = sizePlan(base);
    const cached = sizePlan(planSchema.parse({ ...base, cache: { microcacheEnabled: true, hitRatio: 0.5, ttlS: 1 } }));
    expect(cached.performance.capacityRps.value).toBeCloseTo(2 * plain.performance.capacityRps.value, 0);
    expect(cached.performance.current.cpuUtil).toBeCloseTo(plain.performance.current.cpuUtil / 2, 3);
    // A TTL of 0 caches nothing.
    const ttl0 = sizePlan(planSchema.parse({ ...base, cache: { microcacheEnabled: true, hitRatio: 0.5, ttlS: 0 } }));
    expect(ttl0.performance.capacityRps.value).toBeCloseTo(plain.performance.capacityRps.value, 6);
  });
  it('static share raises total capacity: 50% static doubles it', () => {
    const base = { hardware: { physicalCores: 4, hardwareThreads: 4 }, workload: { arrivalRps: 5, cpuMs: 100, ioWaitMs: 0 }, gunicorn: { workerClass: 'sync' as const } };
    const a = sizePlan(planSchema.parse({ ...base, workload: { ...base.workload, staticShare: 0 } }));
    const b = sizePlan(planSchema.parse({ ...base, workload: { ...base.workload, staticShare: 0.5 } }));
    expect(b.performance.capacityRps.value).toBeCloseTo(2 * a.performance.capacityRps.value, 0);
  });
  it('the model sits below the naive min(slots, CPU) bound when requests compute and wait', () => {
    const r = sizePlan(
      planSchema.parse({
        hardware: { physicalCores: 4, hardwareThreads: 4 },
        workload: { arrivalRps: 5, cpuMs: 20, ioWaitMs: 20, staticShare: 0 },
        gunicorn: { workerClass: 'sync' },
        pins: { gunicornWorkers: 8 },
      }),
    );
    expect(r.performance.capacityRps.value).toBeLessThan(0.97 * r.performance.naiveBoundRps.value);
  });
});

describe('latency and SLO', () => {
  it('SLO max load is at most the capacity, and latency at the planned load is finite', () => {
    for (const name of FIXTURE_NAMES) {
      const r = sizePlan(fixture(name));
      expect(r.performance.sloMaxRps.value).toBeLessThanOrEqual(r.performance.capacityRps.value + 1e-6);
      expect(Number.isFinite(r.performance.current.p99Ms)).toBe(true);
    }
  });
  it('curves: latency rises with load, throughput never exceeds offered load', () => {
    const r = sizePlan(fixture('default'));
    const c = r.performance.openCurve;
    expect(c.length).toBe(60);
    for (let i = 1; i < c.length; i++) {
      expect(c[i]!.meanMs).toBeGreaterThanOrEqual(c[i - 1]!.meanMs - 1e-9);
      expect(c[i]!.throughputRps).toBeLessThanOrEqual(c[i]!.offeredRps + 1e-6);
    }
  });
  it('closed loop: throughput rises with users then plateaus at the capacity', () => {
    const r = sizePlan(fixture('default'));
    const c = r.performance.closedCurve;
    const last = c[c.length - 1]!;
    expect(last.throughputRps).toBeLessThanOrEqual(r.performance.capacityRps.value * 1.001);
    expect(last.throughputRps).toBeGreaterThan(0.9 * r.performance.capacityRps.value);
    expect(c[0]!.throughputRps).toBeLessThan(last.throughputRps);
  });
  it('an SLO below a lone request\'s latency is flagged as unreachable', () => {
    const r = sizePlan(planSchema.parse({ workload: { cpuMs: 5, ioWaitMs: 400, sloMs: 100 } }));
    expect(r.performance.sloMaxRps.value).toBe(0);
    expect(r.findings.map((f) => f.id)).toContain('slo-unreachable');
  });
});

describe('findings', () => {
  it('default plan has no errors', () => {
    expect(sizePlan(fixture('default')).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
  it('memory-starved plan is over budget and flagged', () => {
    const r = sizePlan(fixture('memoryStarved'));
    expect(r.memory.status).toBe('over');
    expect(r.findings.map((f) => f.id)).toContain('memory-over');
  });
  it('timeout inversion is flagged when nginx waits less than the app', () => {
    const r = sizePlan(planSchema.parse({ pins: { gunicornTimeoutS: 120, nginxProxyReadTimeoutS: 60 } }));
    expect(r.findings.map((f) => f.id)).toContain('timeout-inversion');
  });
  it('backlog above somaxconn is flagged', () => {
    const r = sizePlan(planSchema.parse({ system: { somaxconn: 128 } }));
    expect(r.findings.map((f) => f.id)).toContain('backlog-somaxconn');
  });
  it('too few slots for Little\'s law is an error: 200 rps × 250 ms = 50 in flight vs 9 sync workers (DOMAIN.md E.4)', () => {
    const r = sizePlan(
      planSchema.parse({
        hardware: { physicalCores: 4, hardwareThreads: 4 },
        workload: { arrivalRps: 200, staticShare: 0, cpuMs: 10, ioWaitMs: 240 },
        gunicorn: { workerClass: 'sync' },
        pins: { gunicornWorkers: 9 },
      }),
    );
    expect(r.findings.find((f) => f.id === 'slots-below-littles-law')?.message).toContain('50');
  });
  it('fpm start_servers outside min..max spare is an error (DOMAIN.md B.2)', () => {
    const r = sizePlan(planSchema.parse({ app: 'phpfpm', phpfpm: { pm: 'dynamic' }, pins: { fpmStartServers: 50, fpmMinSpareServers: 2, fpmMaxSpareServers: 4 } }));
    expect(r.findings.map((f) => f.id)).toContain('fpm-start-range');
  });
  it('gthread with more than 10 threads warns about boto3\'s pool (DOMAIN.md F.7)', () => {
    const r = sizePlan(planSchema.parse({ gunicorn: { workerClass: 'gthread' }, pins: { gunicornThreads: 16 } }));
    expect(r.findings.map((f) => f.id)).toContain('boto3-pool');
  });
});

describe('explanations', () => {
  it('every setting explains itself', () => {
    for (const name of FIXTURE_NAMES) {
      const r = sizePlan(fixture(name));
      const groups = [r.gunicorn, r.phpfpm, r.nginx].filter((g) => g !== null);
      for (const g of groups) {
        for (const e of Object.values(g)) {
          expect(e.formula.length).toBeGreaterThan(0);
          expect(e.why.length).toBeGreaterThan(10);
          expect(e.label.length).toBeGreaterThan(0);
        }
      }
    }
  });
});
