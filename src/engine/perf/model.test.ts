import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mmc, mmcSojournPercentile } from './erlang';
import {
  closedHerdingLoss,
  closedLoopCurve,
  closedLoopPoint,
  maxRpsWithinSlo,
  openLoopCurve,
  openLoopPoint,
  poolThroughputRps,
  saturationRps,
  type CpuDiscipline,
  type PerfInput,
} from './model';
import { mulberry32 } from './rng';
import { simulateClosed, simulateOpen } from './simulate';

// Named fixture plans (STYLE.md habit 5).
const base = { cpuCv: 1, ioCv: 1, queueLimit: 2048 };
const FIXTURES = {
  /** Gunicorn default-ish: (2×4)+1 = 9 sync workers on 4 cores, 100 ms CPU (DOMAIN.md E.3 row c=9). */
  syncCpuBound: { ...base, slots: 9, cpuServers: 4, cpuMs: 100, ioMs: 0 },
  /** Same pool, requests mostly waiting on DynamoDB: the 9 workers are the limit. */
  syncIoHeavy: { ...base, slots: 9, cpuServers: 4, cpuMs: 5, ioMs: 195 },
  /** gthread 4 workers × 16 threads, GIL → 4 CPU servers, 10 ms CPU + 90 ms I/O. */
  gthread: { ...base, slots: 64, cpuServers: 4, cpuMs: 10, ioMs: 90 },
  /** The knee: both bounds equal (8/(20+20) ms = 4/20 ms = 200 rps). */
  knee: { ...base, slots: 8, cpuServers: 4, cpuMs: 20, ioMs: 20 },
  /** php-fpm max_children 50 on 8 cores, 30 ms CPU + 70 ms I/O. */
  phpFpm: { ...base, slots: 50, cpuServers: 8, cpuMs: 30, ioMs: 70, cpuCv: 0.6, ioCv: 0.8 },
} satisfies Record<string, PerfInput>;

function rel(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

describe('saturationRps (table)', () => {
  it('CPU-bound sync pool: 4 cores / 100 ms = 40 rps', () => {
    expect(saturationRps(FIXTURES.syncCpuBound)).toBeCloseTo(40, 9);
  });
  it('I/O-heavy sync pool: close to the worker bound 9 / 200 ms = 45 rps, below the CPU bound 800 rps', () => {
    const x = saturationRps(FIXTURES.syncIoHeavy);
    expect(x).toBeLessThanOrEqual(45);
    expect(x).toBeGreaterThan(44.9);
  });
  it('gthread with GIL: CPU bound 4 / 10 ms = 400 rps dominates the slot bound 640 rps', () => {
    const x = saturationRps(FIXTURES.gthread);
    expect(x).toBeLessThanOrEqual(400);
    expect(x).toBeGreaterThan(390);
  });
  it('pure I/O: slots / ioMs', () => {
    expect(saturationRps({ ...base, slots: 10, cpuServers: 1, cpuMs: 0, ioMs: 50 })).toBeCloseTo(200, 6);
  });
  it('fractional CPU servers (2.5 cores, CPU only): 2.5 / 10 ms = 250 rps', () => {
    expect(saturationRps({ ...base, slots: 6, cpuServers: 2.5, cpuMs: 10, ioMs: 0 })).toBeCloseTo(250, 6);
  });
  it('one slot: 1 / (cpu + io)', () => {
    expect(saturationRps({ ...base, slots: 1, cpuServers: 4, cpuMs: 30, ioMs: 70 })).toBeCloseTo(10, 9);
  });
  it('pool throughput X(n) with one busy slot = 1 / (cpu + io); with n ≤ c and no I/O, n / cpu', () => {
    expect(poolThroughputRps(FIXTURES.knee, 1)).toBeCloseTo(25, 9);
    expect(poolThroughputRps(FIXTURES.syncCpuBound, 3)).toBeCloseTo(30, 9);
  });
});

describe('open loop (table)', () => {
  it('idle latency is the lone request time cpu + io', () => {
    const p = openLoopPoint(FIXTURES.phpFpm, 0);
    expect(p.meanMs).toBeCloseTo(100, 6);
    expect(p.throughputRps).toBe(0);
    expect(p.busySlots).toBe(0);
  });
  it('Little: busy slots = throughput × in-slot time at low load (DOMAIN.md E.4)', () => {
    const p = openLoopPoint(FIXTURES.syncIoHeavy, 5);
    expect(p.busySlots).toBeCloseTo(5 * 0.2, 2);
    expect(p.cpuUtil).toBeCloseTo((5 * 0.005) / 4, 9);
  });
  it('past saturation throughput plateaus at capacity and latency stays finite', () => {
    const cap = saturationRps(FIXTURES.syncCpuBound);
    const p = openLoopPoint(FIXTURES.syncCpuBound, 3 * cap);
    expect(p.throughputRps).toBeLessThanOrEqual(cap * (1 + 1e-9));
    expect(p.throughputRps).toBeGreaterThan(cap * 0.999);
    expect(p.rejectedRps).toBeCloseTo(2 * cap, 3);
    // A full 2048 backlog drained at 40 rps ≈ 51 s.
    expect(p.meanMs).toBeGreaterThan(45_000);
    expect(p.meanMs).toBeLessThan(60_000);
    expect(p.slotUtil).toBeCloseTo(1, 6);
  });
  it('queueLimit 0 rejects instead of queueing (Erlang-B-like loss)', () => {
    const p = openLoopPoint({ ...FIXTURES.syncIoHeavy, queueLimit: 0 }, 40);
    expect(p.waitProbability).toBe(0);
    expect(p.queuedRequests).toBe(0);
    expect(p.rejectedRps).toBeGreaterThan(0);
    expect(p.throughputRps + p.rejectedRps).toBeCloseTo(40, 6);
  });
  it('curve spans 0..maxRps with the requested number of points', () => {
    const c = openLoopCurve(FIXTURES.gthread, 500, 60);
    expect(c).toHaveLength(60);
    expect(c[0]?.offeredRps).toBe(0);
    expect(c[59]?.offeredRps).toBeCloseTo(500, 9);
  });
});

describe('reduction to M/M/c (DOMAIN.md E.1)', () => {
  // ioMs = 0, cpuServers ≥ slots, cpuCv = 1: N slots each serving at rate 1/cpuMs = M/M/c, c = N.
  const cases = [
    { c: 10, lambdaPerS: 8, serviceMs: 1000 },
    { c: 8, lambdaPerS: 60, serviceMs: 100 },
    { c: 9, lambdaPerS: 60, serviceMs: 100 },
    { c: 2, lambdaPerS: 1.5, serviceMs: 1000 },
    { c: 1, lambdaPerS: 0.5, serviceMs: 1000 },
    { c: 20, lambdaPerS: 100, serviceMs: 100 },
  ];
  for (const { c, lambdaPerS, serviceMs } of cases) {
    it(`c=${c}, λ=${lambdaPerS}/s, S=${serviceMs} ms: mean W and p95 within 1%`, () => {
      const input: PerfInput = { slots: c, cpuServers: c, cpuMs: serviceMs, cpuCv: 1, ioMs: 0, ioCv: 0, queueLimit: 1_000_000 };
      const mu = 1000 / serviceMs;
      const p = openLoopPoint(input, lambdaPerS);
      expect(rel(p.meanMs, mmc(c, lambdaPerS, mu).meanResponse * 1000)).toBeLessThan(0.01);
      expect(rel(p.p95Ms, mmcSojournPercentile(c, lambdaPerS, mu, 0.95) * 1000)).toBeLessThan(0.01);
      expect(rel(p.waitProbability, mmc(c, lambdaPerS, mu).waitProbability)).toBeLessThan(0.01);
    });
  }
});

describe('the knee: pool and CPU interact', () => {
  it('capacity is several % below min(slots/(cpu+io), cores/cpu) and matches simulated saturation', () => {
    const input = { ...FIXTURES.knee, queueLimit: 64 };
    const naive = Math.min(input.slots / ((input.cpuMs + input.ioMs) / 1000), input.cpuServers / (input.cpuMs / 1000));
    const model = saturationRps(input);
    expect(naive).toBeCloseTo(200, 9);
    expect(model).toBeLessThan(naive * 0.95); // ≈ 178 rps, 11% below
    // Simulated saturation: offer twice the capacity; the full pool then runs flat out.
    const sim = simulateOpen(input, 2 * naive, mulberry32(7), { completions: 80_000, warmupCompletions: 5_000 });
    expect(rel(model, sim.throughputRps)).toBeLessThan(0.05);
  });
});

describe('validation against the discrete-event simulation', () => {
  /** Random plans at 30–85% load, model vs simulation; the worst relative errors and the plans beyond the bounds. */
  function randomOpenPlans(plans: number, cpuDiscipline: CpuDiscipline) {
    const gen = mulberry32(20240611);
    const u = (a: number, b: number): number => a + (b - a) * gen();
    const worst = { thr: 0, mean: 0, p95: 0 };
    const failures: string[] = [];
    for (let i = 0; i < plans; i++) {
      const input: PerfInput = {
        slots: 1 + Math.floor(gen() * 64),
        cpuServers: 1 + Math.floor(gen() * 32),
        cpuMs: u(1, 200),
        ioMs: gen() < 0.15 ? 0 : u(0, 500),
        cpuCv: u(0.2, 1.5),
        ioCv: u(0.2, 1.5),
        // A large backlog: at 30–85% load rejections are negligible in both.
        queueLimit: 100_000,
        cpuDiscipline,
      };
      const load = u(0.3, 0.85);
      const rps = saturationRps(input) * load;
      const sim = simulateOpen(input, rps, mulberry32(1000 + i), { completions: 60_000, warmupCompletions: 6_000 });
      const m = openLoopPoint(input, rps);
      const e = { thr: rel(m.throughputRps, sim.throughputRps), mean: rel(m.meanMs, sim.meanMs), p95: rel(m.p95Ms, sim.p95Ms) };
      worst.thr = Math.max(worst.thr, e.thr);
      worst.mean = Math.max(worst.mean, e.mean);
      worst.p95 = Math.max(worst.p95, e.p95);
      if (e.thr > 0.05 || e.mean > 0.1 || e.p95 > 0.15) failures.push(`${JSON.stringify(input)} load ${load.toFixed(2)}: ${JSON.stringify(e)}`);
    }
    return { worst, failures };
  }

  it('30+ random plans: throughput ±5%, mean ±10%, p95 ±15%', () => {
    const { worst, failures } = randomOpenPlans(32, 'ps');
    // Worst errors at the time of writing: thr ~1%, mean ~2.4%, p95 ~3.4%.
    expect(failures).toEqual([]);
    expect(worst.thr).toBeLessThan(0.05);
    expect(worst.mean).toBeLessThan(0.1);
    expect(worst.p95).toBeLessThan(0.15);
  });

  it('run-to-completion CPU (gevent/ASGI), 16 of the same plans: the same bounds', () => {
    // Worst at the time of writing: thr ~1%, mean ~7%, p95 ~5%.
    expect(randomOpenPlans(16, 'fcfs').failures).toEqual([]);
  });
});

/**
 * Closed loop (wrk-style: a fixed number of connections, think time 0 or exponential): the tail
 * must follow the service variability. Cases cover one worker, more workers than cores, the knee,
 * I/O-heavy threads and PHP-FPM, each with near-regular (CV 0.2), moderate and exponential demands,
 * for both CPU disciplines. Worst errors at the time of writing: p95 ~11%, p99 ~13% (CV 0.2).
 */
describe('closed loop against the discrete-event simulation (p50/p95/p99 within 15%)', () => {
  const q = 2048;
  const shapes: { name: string; input: Omit<PerfInput, 'cpuCv' | 'ioCv'>; users: number; thinkMs: number }[] = [
    { name: 'one worker, CPU only, 8 connections', input: { slots: 1, cpuServers: 1, cpuMs: 10, ioMs: 0, queueLimit: q }, users: 8, thinkMs: 0 },
    { name: '3 workers on 1 core, CPU only, 16 connections', input: { slots: 3, cpuServers: 1, cpuMs: 10, ioMs: 0, queueLimit: q }, users: 16, thinkMs: 0 },
    { name: '3 workers on 1 core, mixed, 8 connections', input: { slots: 3, cpuServers: 1, cpuMs: 5, ioMs: 10, queueLimit: q }, users: 8, thinkMs: 0 },
    { name: '16 threads, I/O-bound, 32 connections', input: { slots: 16, cpuServers: 1, cpuMs: 1, ioMs: 20, queueLimit: q }, users: 32, thinkMs: 0 },
    { name: '8 threads, mixed, CPU-saturated, 16 connections', input: { slots: 8, cpuServers: 1, cpuMs: 5, ioMs: 15, queueLimit: q }, users: 16, thinkMs: 0 },
    { name: 'the knee with think time', input: { ...FIXTURES.knee, queueLimit: q }, users: 20, thinkMs: 100 },
    { name: 'php-fpm with think time', input: { ...FIXTURES.phpFpm, queueLimit: q }, users: 60, thinkMs: 500 },
    { name: '9 sync workers on 4 cores with think time', input: { ...FIXTURES.syncCpuBound, queueLimit: q }, users: 12, thinkMs: 200 },
  ];
  for (const cpuDiscipline of ['ps', 'fcfs'] as const) {
    for (const cv of [0.2, 0.5, 1]) {
      it(`${cpuDiscipline}, CV ${cv}: throughput ±5%, mean ±10%, p50/p95/p99 ±15%`, () => {
        const failures: string[] = [];
        shapes.forEach(({ name, input, users, thinkMs }, i) => {
          const full: PerfInput = { ...input, cpuCv: cv, ioCv: cv, cpuDiscipline };
          const m = closedLoopPoint(full, users, thinkMs);
          const s = simulateClosed(full, users, thinkMs, mulberry32(99 + i), { completions: 40_000, warmupCompletions: 4_000 });
          const e = {
            thr: rel(m.throughputRps, s.throughputRps),
            mean: rel(m.meanMs, s.meanMs),
            p50: rel(m.p50Ms, s.p50Ms),
            p95: rel(m.p95Ms, s.p95Ms),
            p99: rel(m.p99Ms, s.p99Ms),
          };
          if (e.thr > 0.05 || e.mean > 0.1 || e.p50 > 0.15 || e.p95 > 0.15 || e.p99 > 0.15) failures.push(`${name}: ${JSON.stringify(e)}`);
        });
        expect(failures.join('\n')).toBe('');
      });
    }
  }

  it('regular service gives a narrow tail: one worker, 8 connections, CV 0.2 → the sum of 8 demands, p99 ≈ mean × (1 + 2.33 × 0.2 / √8)', () => {
    const m = closedLoopPoint({ slots: 1, cpuServers: 1, cpuMs: 10, cpuCv: 0.2, ioMs: 0, ioCv: 0, queueLimit: q }, 8, 0);
    expect(m.meanMs).toBeCloseTo(80, 3);
    expect(m.p99Ms / m.meanMs).toBeGreaterThan(1.12);
    expect(m.p99Ms / m.meanMs).toBeLessThan(1.2);
    expect(m.p50Ms).toBeLessThanOrEqual(m.p95Ms);
  });

  it('run to completion sharpens the knee: with regular demands gevent-style FCFS beats PS near the knee, in the simulation and the model', () => {
    const input: PerfInput = { slots: 3, cpuServers: 1, cpuMs: 5, cpuCv: 0.2, ioMs: 10, ioCv: 0.2, queueLimit: q };
    const opts = { completions: 40_000, warmupCompletions: 4_000 };
    const simPs = simulateClosed(input, 8, 0, mulberry32(5), opts);
    const simFcfs = simulateClosed({ ...input, cpuDiscipline: 'fcfs' }, 8, 0, mulberry32(5), opts);
    const modelPs = closedLoopPoint(input, 8, 0);
    const modelFcfs = closedLoopPoint({ ...input, cpuDiscipline: 'fcfs' }, 8, 0);
    expect(simFcfs.throughputRps / simPs.throughputRps).toBeGreaterThan(1.08);
    expect(modelFcfs.throughputRps / modelPs.throughputRps).toBeGreaterThan(1.08);
    expect(rel(modelPs.throughputRps, simPs.throughputRps)).toBeLessThan(0.05);
    expect(rel(modelFcfs.throughputRps, simFcfs.throughputRps)).toBeLessThan(0.05);
    // Exponential demands collide at random either way: no sharpening.
    expect(saturationRps({ ...input, cpuCv: 1, ioCv: 1, cpuDiscipline: 'fcfs' })).toBeCloseTo(saturationRps({ ...input, cpuCv: 1, ioCv: 1 }), 9);
  });
});

describe('closed loop (table)', () => {
  it('response-time law R = U/X − Z', () => {
    const p = closedLoopPoint(FIXTURES.phpFpm, 80, 300);
    expect(p.meanMs).toBeCloseTo((80 / p.throughputRps) * 1000 - 300, 6);
  });
  it('many users saturate at the pool capacity', () => {
    const p = closedLoopPoint(FIXTURES.syncCpuBound, 500, 100);
    expect(rel(p.throughputRps, 40)).toBeLessThan(1e-6);
  });
  it('one user: X = 1/(R + Z), R = cpu + io', () => {
    const p = closedLoopPoint(FIXTURES.phpFpm, 1, 900);
    expect(p.meanMs).toBeCloseTo(100, 6);
    expect(p.throughputRps).toBeCloseTo(1, 6);
  });
  it('curve has the requested points and ends at maxUsers', () => {
    const c = closedLoopCurve(FIXTURES.gthread, 400, 1000, 40);
    expect(c).toHaveLength(40);
    expect(c[39]?.users).toBe(400);
  });
});

describe('curves against single points', () => {
  // A curve's searches start from its previous points and may stop after one Halley step
  // (solveNearGuess); a single point runs the full safeguarded search. Both stop within 1e-7 of t,
  // so they agree within twice that. Regular demands (CV 0.1) give gamma shapes above 60, where P is
  // approximated and only Newton's error estimate may accept a step; the others stay exact.
  const regular = { ...FIXTURES.phpFpm, cpuCv: 0.1, ioCv: 0.1 };
  const inputs: [string, PerfInput][] = [...Object.entries(FIXTURES), ['regular php-fpm', regular]];
  const keys = ['p50Ms', 'p95Ms', 'p99Ms'] as const;
  for (const [name, input] of inputs) {
    it(`${name}: open curve percentiles within 2e-7 of openLoopPoint`, () => {
      const curve = openLoopCurve(input, 1.5 * saturationRps(input), 60);
      for (const pt of curve) {
        const single = openLoopPoint(input, pt.offeredRps);
        for (const k of keys) expect(rel(pt[k], single[k]), `${k} at ${pt.offeredRps} rps`).toBeLessThan(2e-7);
      }
    });
    it(`${name}: closed curve percentiles within 2e-7 of closedLoopPoint`, () => {
      const thinkMs = 1000;
      const curve = closedLoopCurve(input, (2 * saturationRps(input) * (thinkMs + input.cpuMs + input.ioMs)) / 1000, thinkMs, 40);
      for (const pt of curve) {
        const single = closedLoopPoint(input, pt.users, thinkMs);
        for (const k of keys) expect(rel(pt[k], single[k]), `${k} at ${pt.users} users`).toBeLessThan(2e-7);
      }
    });
  }
});

describe('closed curve chain sums (closedChainSumsFlat) against the term-by-term sums of a single point', () => {
  // A curve point past the first takes the flat stretch of the chain (every slot busy) from three
  // running sums; the numbers read off the sums alone must match the single point's to rounding.
  it('throughput, mean and busy slots within 1e-10 over random pools, backlogs and populations', () => {
    const pool = fc.record({
      slots: fc.integer({ min: 1, max: 80 }),
      cpuServers: fc.double({ min: 0.5, max: 16, noNaN: true }),
      cpuMs: fc.double({ min: 0.1, max: 200, noNaN: true }),
      ioMs: fc.double({ min: 0, max: 300, noNaN: true }),
      cpuCv: fc.double({ min: 0, max: 2, noNaN: true }),
      ioCv: fc.double({ min: 0, max: 2, noNaN: true }),
      queueLimit: fc.integer({ min: 0, max: 3000 }),
    });
    fc.assert(
      fc.property(pool, fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0.2, max: 4, noNaN: true }), (input, thinkMs, past) => {
        const knee = (saturationRps(input) * (thinkMs + input.cpuMs + input.ioMs)) / 1000;
        const curve = closedLoopCurve(input, Math.max(2, past * knee + input.slots), thinkMs, 12);
        for (const pt of curve.slice(1)) {
          const single = closedLoopPoint(input, pt.users, thinkMs);
          for (const k of ['throughputRps', 'meanMs', 'slotUtil'] as const) {
            expect(Math.abs(pt[k] - single[k]), `${k} at ${pt.users} users`).toBeLessThanOrEqual(1e-10 * Math.abs(single[k]));
          }
        }
      }),
      { numRuns: 60, seed: 16 },
    );
  });
});

describe('maxRpsWithinSlo', () => {
  it('a lone request already breaking the SLO gives 0', () => {
    expect(maxRpsWithinSlo(FIXTURES.syncCpuBound, 'p50', 50)).toBe(0);
  });
  it('the answer meets the SLO and a little more load breaks it', () => {
    const rps = maxRpsWithinSlo(FIXTURES.phpFpm, 'p95', 250);
    expect(rps).toBeGreaterThan(0);
    expect(rps).toBeLessThan(saturationRps(FIXTURES.phpFpm));
    expect(openLoopPoint(FIXTURES.phpFpm, rps).p95Ms).toBeLessThanOrEqual(250 * (1 + 1e-6));
    expect(openLoopPoint(FIXTURES.phpFpm, rps * 1.001).p95Ms).toBeGreaterThan(250);
  });
  it('a stricter percentile allows less load', () => {
    const p50 = maxRpsWithinSlo(FIXTURES.gthread, 'p50', 300);
    const p99 = maxRpsWithinSlo(FIXTURES.gthread, 'p99', 300);
    expect(p99).toBeLessThanOrEqual(p50);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const arbInput: fc.Arbitrary<PerfInput> = fc.record({
  slots: fc.integer({ min: 1, max: 300 }),
  cpuServers: fc.double({ min: 0.05, max: 64, noNaN: true }),
  cpuMs: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5000, noNaN: true })),
  cpuCv: fc.double({ min: 0, max: 4, noNaN: true }),
  ioMs: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5000, noNaN: true })),
  ioCv: fc.double({ min: 0, max: 4, noNaN: true }),
  queueLimit: fc.integer({ min: 0, max: 5000 }),
});

function allFiniteNonNegative(obj: object): boolean {
  return Object.values(obj).every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
}

describe('properties', () => {
  it('every output field is finite and ≥ 0; p50 ≤ p95 ≤ p99; throughput ≤ offered', () => {
    fc.assert(
      fc.property(arbInput, fc.double({ min: 0, max: 5, noNaN: true }), (input, loadFactor) => {
        const offered = saturationRps(input) * loadFactor;
        const p = openLoopPoint(input, offered);
        expect(allFiniteNonNegative(p)).toBe(true);
        expect(p.p50Ms).toBeLessThanOrEqual(p.p95Ms);
        expect(p.p95Ms).toBeLessThanOrEqual(p.p99Ms);
        expect(p.throughputRps).toBeLessThanOrEqual(offered * (1 + 1e-9) + 1e-12);
        expect(p.cpuUtil).toBeLessThanOrEqual(1);
        expect(p.slotUtil).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('closed loop and SLO search outputs are finite and ≥ 0', () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.integer({ min: 0, max: 2000 }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 100_000, noNaN: true }),
        (input, users, thinkMs, sloMs) => {
          const c = closedLoopPoint(input, users, thinkMs);
          expect(allFiniteNonNegative(c)).toBe(true);
          expect(c.cpuUtil).toBeLessThanOrEqual(1);
          const s = maxRpsWithinSlo(input, 'p95', sloMs);
          expect(Number.isFinite(s) && s >= 0).toBe(true);
          expect(s).toBeLessThanOrEqual(saturationRps(input) * (1 + 1e-9));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('more cpuServers never lowers saturationRps', () => {
    fc.assert(
      fc.property(arbInput, fc.double({ min: 0, max: 64, noNaN: true }), (input, more) => {
        const a = saturationRps(input);
        const b = saturationRps({ ...input, cpuServers: input.cpuServers + more });
        expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it('more slots never lowers saturationRps', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 0, max: 300 }), (input, more) => {
        const a = saturationRps(input);
        const b = saturationRps({ ...input, slots: input.slots + more });
        expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it('with an idle-wake cost: outputs finite, CPU per request between cpuMs and cpuMs + wake, a CPU-bound-or-not capacity never above the one without', () => {
    fc.assert(
      fc.property(arbInput, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.integer({ min: 0, max: 300 }), (input, wake, loadFactor, users) => {
        const withWake: PerfInput = { ...input, idleWakeCpuMs: wake };
        const sat = saturationRps(withWake);
        expect(sat).toBeLessThanOrEqual(saturationRps(input) * (1 + 1e-9));
        const p = openLoopPoint(withWake, sat * loadFactor);
        expect(allFiniteNonNegative(p)).toBe(true);
        const c = closedLoopPoint(withWake, users, 50);
        expect(allFiniteNonNegative(c)).toBe(true);
        if (p.throughputRps > 1e-6 && input.cpuMs > 1e-3) {
          const cpu = (p.cpuUtil * Math.max(input.cpuServers, 1e-6) * 1000) / p.throughputRps;
          expect(cpu).toBeGreaterThanOrEqual(input.cpuMs * (1 - 1e-6));
          expect(cpu).toBeLessThanOrEqual((input.cpuMs + wake) * (1 + 1e-6));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('herding regime (regular requests, few workers, a wake cost up to the burst, no think time): outputs finite, the loss in [0, 1), the curve finite', () => {
    const regular = fc.record({
      slots: fc.integer({ min: 1, max: 12 }),
      cpuServers: fc.double({ min: 0.5, max: 4, noNaN: true }),
      cpuMs: fc.double({ min: 0.5, max: 20, noNaN: true }),
      cpuCv: fc.double({ min: 0, max: 0.3, noNaN: true }),
      ioMs: fc.double({ min: 5, max: 60, noNaN: true }),
      ioCv: fc.double({ min: 0, max: 0.3, noNaN: true }),
      queueLimit: fc.integer({ min: 0, max: 2048 }),
    });
    let herded = 0;
    fc.assert(
      fc.property(regular, fc.double({ min: 0, max: 1.3, noNaN: true }), fc.integer({ min: 0, max: 64 }), fc.constantFrom(0, 0.5), (input, wakePerBurst, users, thinkMs) => {
        const withWake: PerfInput = { ...input, idleWakeCpuMs: wakePerBurst * input.cpuMs };
        const c = closedLoopPoint(withWake, users, thinkMs);
        expect(allFiniteNonNegative(c)).toBe(true);
        expect(c.cpuUtil).toBeLessThanOrEqual(1);
        const loss = closedHerdingLoss(withWake, users, thinkMs);
        expect(Number.isFinite(loss) && loss >= 0 && loss < 1).toBe(true);
        if (loss > 1e-3) herded++;
        for (const pt of closedLoopCurve(withWake, 64, thinkMs, 8)) expect(allFiniteNonNegative(pt)).toBe(true);
      }),
      { numRuns: 150 },
    );
    // The draws reach the herding term, not only its fallbacks.
    expect(herded).toBeGreaterThan(10);
    for (const idleWakeCpuMs of [Number.NaN, -1, Number.POSITIVE_INFINITY, 1e9]) {
      const sync: PerfInput = { slots: 3, cpuServers: 1, cpuMs: 5.8, ioMs: 11.8, cpuCv: 0.05, ioCv: 0.05, queueLimit: 2048, idleWakeCpuMs };
      expect(allFiniteNonNegative(closedLoopPoint(sync, 8, 0))).toBe(true);
      expect(Number.isFinite(closedHerdingLoss(sync, 8, Number.NaN))).toBe(true);
    }
  });

  it('garbage input (NaN, negative, Infinity) never yields NaN', () => {
    for (const idleWakeCpuMs of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      const p: PerfInput = { ...FIXTURES.knee, idleWakeCpuMs };
      expect(allFiniteNonNegative(openLoopPoint(p, 100))).toBe(true);
      expect(allFiniteNonNegative(closedLoopPoint(p, 10, 0))).toBe(true);
      expect(Number.isFinite(saturationRps(p))).toBe(true);
    }
    const bad: PerfInput = { slots: Number.NaN, cpuServers: -3, cpuMs: Number.POSITIVE_INFINITY, cpuCv: Number.NaN, ioMs: -1, ioCv: 99, queueLimit: -5 };
    expect(allFiniteNonNegative(openLoopPoint(bad, 10))).toBe(true);
    expect(allFiniteNonNegative(openLoopPoint({ ...base, slots: 4, cpuServers: 2, cpuMs: 0, ioMs: 0 }, 1e12))).toBe(true);
    expect(allFiniteNonNegative(closedLoopPoint(bad, 10, Number.NaN))).toBe(true);
    expect(Number.isFinite(saturationRps(bad))).toBe(true);
  });
});

describe('idle-wake CPU cost against the discrete-event simulation', () => {
  const opts = { completions: 30_000, warmupCompletions: 3_000 };
  /** CPU per request from a point's busy share: util × servers / throughput (ms). */
  const cpuPerRequestMs = (util: number, servers: number, rps: number) => (util * servers * 1000) / rps;

  it('is 0 by default: the same numbers as without the input', () => {
    const plain = closedLoopPoint(FIXTURES.knee, 20, 100);
    expect(closedLoopPoint({ ...FIXTURES.knee, idleWakeCpuMs: 0 }, 20, 100)).toEqual(plain);
    expect(openLoopPoint({ ...FIXTURES.phpFpm, idleWakeCpuMs: 0 }, 100)).toEqual(openLoopPoint(FIXTURES.phpFpm, 100));
  });

  it('costs the full amount on an idle machine and nothing where every core is busy: a CPU-bound capacity is unchanged', () => {
    const io: PerfInput = { ...FIXTURES.syncIoHeavy, idleWakeCpuMs: 1 };
    const light = openLoopPoint(io, 0.01);
    expect(cpuPerRequestMs(light.cpuUtil, io.cpuServers, 0.01)).toBeCloseTo(6, 2);
    const cpu: PerfInput = { ...FIXTURES.syncCpuBound, idleWakeCpuMs: 1 };
    expect(saturationRps(cpu)).toBe(saturationRps(FIXTURES.syncCpuBound));
    const past = openLoopPoint(cpu, saturationRps(cpu) * 2);
    expect(cpuPerRequestMs(past.cpuUtil, cpu.cpuServers, past.throughputRps)).toBeCloseTo(100, 3);
  });

  it('a pool limited by its slots idles its cores even when saturated: its capacity drops by the wake share there, consistently', () => {
    const io: PerfInput = { ...FIXTURES.syncIoHeavy, idleWakeCpuMs: 1 };
    const sat = saturationRps(io);
    // 9 workers / (5 + 195 ms) ≈ 45 rps with 4 cores ~6 % busy: nearly the whole 1 ms is paid.
    expect(sat / saturationRps(FIXTURES.syncIoHeavy)).toBeLessThan(1 - 0.8 / 200);
    expect(sat / saturationRps(FIXTURES.syncIoHeavy)).toBeGreaterThan(1 - 1 / 200);
    expect(openLoopPoint(io, sat * 3).throughputRps).toBeCloseTo(sat, 6);
    expect(closedLoopPoint(io, 500, 0).throughputRps).toBeCloseTo(sat, 3);
  });

  const openCases = [
    { name: 'one core, 1 ms + 1 ms wake', input: { slots: 64, cpuServers: 1, cpuMs: 1, ioMs: 30, cpuCv: 0.1, ioCv: 0.1, queueLimit: 2048 }, rps: [20, 100, 300, 600] },
    { name: 'four cores, 5 ms + 1 ms wake', input: { slots: 64, cpuServers: 4, cpuMs: 5, ioMs: 20, cpuCv: 0.5, ioCv: 0.5, queueLimit: 2048 }, rps: [50, 200, 500] },
  ];
  for (const { name, input, rps } of openCases) {
    it(`open loop, ${name}: CPU per request within 3 %, mean within 10 %`, () => {
      const full: PerfInput = { ...input, idleWakeCpuMs: 1 };
      const failures: string[] = [];
      rps.forEach((r, i) => {
        const m = openLoopPoint(full, r);
        const s = simulateOpen(full, r, mulberry32(31 + i), opts);
        const e = { cpu: rel(cpuPerRequestMs(m.cpuUtil, input.cpuServers, m.throughputRps), cpuPerRequestMs(s.cpuUtil, input.cpuServers, s.throughputRps)), mean: rel(m.meanMs, s.meanMs) };
        if (e.cpu > 0.03 || e.mean > 0.1) failures.push(`${r} rps: ${JSON.stringify(e)}`);
      });
      expect(failures.join('\n')).toBe('');
    });
  }

  // The validation sweeps' shapes: gevent (one process, run to completion) and 3 sync workers, 1 ms
  // CPU + 30 ms I/O, 1–32 connections with no think time. The gaps a core idles are then more
  // regular than the formula's exponential ones: at 1 user it is a fixed 33 ms, which costs the
  // whole wake where the formula leaves 1/(1 + λτ) of it, 7 % less CPU per request.
  const closedCases: { name: string; input: PerfInput }[] = [
    { name: 'gevent, 1 ms + 30 ms', input: { slots: 1000, cpuServers: 1, cpuMs: 1.3, ioMs: 33, cpuCv: 0.1, ioCv: 0.1, queueLimit: 2048, cpuDiscipline: 'fcfs', idleWakeCpuMs: 0.9 } },
    { name: '3 sync workers, 1 ms + 30 ms', input: { slots: 3, cpuServers: 1, cpuMs: 1.3, ioMs: 33, cpuCv: 0.1, ioCv: 0.1, queueLimit: 2048, idleWakeCpuMs: 0.9 } },
    { name: '3 sync workers, 5 ms + 10 ms, CV 0.5', input: { slots: 3, cpuServers: 1, cpuMs: 5.5, ioMs: 12, cpuCv: 0.5, ioCv: 0.5, queueLimit: 2048, idleWakeCpuMs: 0.9 } },
  ];
  const closedErrors = (input: PerfInput, users: number, seed: number) => {
    const m = closedLoopPoint(input, users, 0);
    const s = simulateClosed(input, users, 0, mulberry32(seed), opts);
    return {
      thr: m.throughputRps / s.throughputRps - 1,
      cpu: cpuPerRequestMs(m.cpuUtil, input.cpuServers, m.throughputRps) / cpuPerRequestMs(s.cpuUtil, input.cpuServers, s.throughputRps) - 1,
      simUtil: s.cpuUtil,
    };
  };
  for (const { name, input } of closedCases) {
    it(`closed loop, ${name}: throughput within 5 %, CPU per request within 8 %`, () => {
      const failures: string[] = [];
      [1, 2, 4, 8, 16, 32].forEach((users, i) => {
        const e = closedErrors(input, users, 71 + i);
        if (Math.abs(e.thr) > 0.05 || Math.abs(e.cpu) > 0.08) failures.push(`${users} users: ${JSON.stringify(e)}`);
      });
      expect(failures.join('\n')).toBe('');
    });
  }

  // Herding (herding.ts): with requests as regular as CV 0.05 the wake cost pulls 3 sync workers
  // into step — the one that lands on an idle core runs longest, the others returning from I/O catch
  // up with it, and then all three sleep while the core idles. The simulation loses > 10 % of the
  // product form's throughput; the closed form's herding term follows it.
  it('closed loop, 3 sync workers, 5 ms + 10 ms, CV 0.05: the simulation herds the workers, > 10 % below the product form, and the closed form follows it', () => {
    const input: PerfInput = { slots: 3, cpuServers: 1, cpuMs: 5.8, ioMs: 11.8, cpuCv: 0.05, ioCv: 0.05, queueLimit: 2048, idleWakeCpuMs: 0.9 };
    for (const [users, seed] of [[8, 81], [16, 82]] as const) {
      const e = closedErrors(input, users, seed);
      const loss = closedHerdingLoss(input, users, 0);
      // The product form (the closed form without its herding term) is > 10 % above the simulation.
      expect((1 + e.thr) / (1 - loss) - 1).toBeGreaterThan(0.1);
      expect(Math.abs(e.thr)).toBeLessThan(0.03);
      expect(e.simUtil).toBeLessThan(0.72);
      expect(Math.abs(e.cpu)).toBeLessThan(0.03);
      // Without the wake cost the same regular requests do not herd: no herding term, and the product form holds.
      expect(closedHerdingLoss({ ...input, idleWakeCpuMs: 0 }, users, 0)).toBe(0);
      expect(Math.abs(closedErrors({ ...input, idleWakeCpuMs: 0 }, users, seed).thr)).toBeLessThan(0.03);
    }
  });

  // The herding term's four constants were fitted to the simulation on another grid (herding.ts);
  // here shapes, pool sizes and CVs it was not fitted on. Each point: the closed form within 10 % of
  // the simulation at CV 0.03 (far more regular than real servers: it herds hardest and is hardest
  // to follow), within 6 % from CV 0.08 on; the median within 2 %. Its weak spot: a core the product
  // form keeps ~98 % busy (5 workers, 7 + 8 ms, CV 0.03), where the simulation barely herds and the
  // term takes 4 % too much; elsewhere it is at most 2 % worse than the product form.
  it('closed loop, herding against the simulation on a held-out grid (1–2 cores, 3–5 slots, CV 0.03–0.3)', () => {
    const failures: string[] = [];
    const errors: number[] = [];
    let seed = 900;
    for (const [c, slots] of [[1, 3], [1, 5], [2, 5]] as const)
      for (const [cpuMs, ioMs] of [[4, 15], [7, 8], [2, 12]] as const)
        for (const cv of [0.03, 0.08, 0.3]) {
          const input: PerfInput = { slots, cpuServers: c, cpuMs, ioMs, cpuCv: cv, ioCv: cv, queueLimit: 2048, idleWakeCpuMs: 0.9 };
          const users = 3 * slots;
          const m = closedLoopPoint(input, users, 0);
          const s = simulateClosed(input, users, 0, mulberry32(seed++), opts);
          const e = m.throughputRps / s.throughputRps - 1;
          const productForm = m.throughputRps / (1 - closedHerdingLoss(input, users, 0)) / s.throughputRps - 1;
          errors.push(Math.abs(e));
          const worseBy = slots === 5 && c === 1 && cpuMs === 7 && cv < 0.05 ? 0.045 : 0.02;
          if (Math.abs(e) > (cv < 0.05 ? 0.1 : 0.06) || Math.abs(e) > Math.abs(productForm) + worseBy)
            failures.push(`${c} cores, ${slots} slots, ${cpuMs} + ${ioMs} ms, CV ${cv}: ${e.toFixed(3)} (product form ${productForm.toFixed(3)})`);
        }
    expect(failures.join('\n')).toBe('');
    errors.sort((a, b) => a - b);
    expect(errors[errors.length >> 1]).toBeLessThan(0.02);
  });

  // The review's counterexamples: 1 ms bursts, a wake of 1.2 → 1.5 ms raised throughput 423 → 496 rps
  // while the simulation fell 457 → 447 (the term tapered to 0 past 1.2 × the burst).
  it('closed loop with herding: throughput never rises with the wake cost, the CPU time or the I/O time', () => {
    const shape = fc.record({
      slots: fc.integer({ min: 2, max: 10 }),
      cpuServers: fc.constantFrom(1, 2, 4),
      cpuMs: fc.double({ min: 0.5, max: 12, noNaN: true }),
      cpuCv: fc.double({ min: 0, max: 0.3, noNaN: true }),
      ioMs: fc.double({ min: 3, max: 40, noNaN: true }),
      ioCv: fc.double({ min: 0, max: 0.3, noNaN: true }),
      queueLimit: fc.constant(2048),
    });
    const x = (input: PerfInput, users: number) => closedLoopPoint(input, users, 0).throughputRps;
    fc.assert(
      fc.property(shape, fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 1.01, max: 2, noNaN: true }), fc.integer({ min: 2, max: 32 }), (input, wakePerBurst, step, users) => {
        const base: PerfInput = { ...input, idleWakeCpuMs: wakePerBurst * input.cpuMs };
        const tol = 1 + 1e-9;
        expect(x({ ...base, idleWakeCpuMs: base.idleWakeCpuMs! * step + 0.01 }, users)).toBeLessThanOrEqual(x(base, users) * tol);
        expect(x({ ...base, cpuMs: input.cpuMs * step }, users)).toBeLessThanOrEqual(x(base, users) * tol);
        // A longer I/O wait with the same spread (sd = CV × wait held). At a fixed CV a longer wait also
        // spreads the requests more and the herding term's loss shrinks, and with a wake above half the
        // burst that can outweigh the longer cycle: rises of several per cent (up to +5.2 % with a wake of
        // 0.5–1.2 × the burst, +6.6 % above it, in 6,000 draws of these ranges; e.g. 7 slots, 2 cores,
        // 12 ms regular bursts, a 12 ms wake, 9.2 → 12.8 ms I/O at CV 0.3, 13 users: 133.6 → 137.9 rps,
        // while the simulation, 4 seeds of 100,000 completions, falls 164.6 → 158.1: herding overstated
        // near busy cores; README, model assumptions). With a wake of at most half the burst it never
        // rose in 100,000 draws (checked below).
        expect(x({ ...base, ioMs: input.ioMs * step, ioCv: input.ioCv / step }, users)).toBeLessThanOrEqual(x(base, users) * tol);
        if (wakePerBurst <= 0.5) expect(x({ ...base, ioMs: input.ioMs * step }, users)).toBeLessThanOrEqual(x(base, users) * tol);
      }),
      { numRuns: 300 },
    );
    const oneMs: PerfInput = { slots: 6, cpuServers: 1, cpuMs: 1, ioMs: 10, cpuCv: 0.05, ioCv: 0.05, queueLimit: 2048 };
    expect(x({ ...oneMs, idleWakeCpuMs: 1.5 }, 6)).toBeLessThanOrEqual(x({ ...oneMs, idleWakeCpuMs: 1.2 }, 6));
  });

  it('herding falls back to the product form where it does not occur: think time, irregular requests, a core per worker, busy cores, outside the checked range, FCFS', () => {
    const sync: PerfInput = { slots: 3, cpuServers: 1, cpuMs: 5.8, ioMs: 11.8, cpuCv: 0.05, ioCv: 0.05, queueLimit: 2048, idleWakeCpuMs: 0.9 };
    expect(closedHerdingLoss(sync, 8, 0)).toBeGreaterThan(0.1);
    // A 5 ms exponential think time spreads the requests more than the wake pulls them together; the simulation agrees.
    expect(closedHerdingLoss(sync, 3, 5)).toBeLessThan(0.005);
    const thinking = closedLoopPoint(sync, 3, 5).throughputRps / simulateClosed(sync, 3, 5, mulberry32(91), opts).throughputRps - 1;
    expect(Math.abs(thinking)).toBeLessThan(0.03);
    expect(closedHerdingLoss({ ...sync, cpuCv: 1, ioCv: 1 }, 8, 0)).toBeLessThan(0.001);
    // As many cores as workers: nothing is shared, nothing herds.
    expect(closedHerdingLoss({ ...sync, cpuServers: 3 }, 8, 0)).toBe(0);
    // 12 workers keep the core busy (product-form u ≈ 1): no idle gap to pay a wake in.
    expect(closedHerdingLoss({ ...sync, slots: 12 }, 24, 0)).toBeLessThan(0.001);
    // Outside the range checked against the simulation: I/O waits shorter than τ leave the term out; a
    // wake above 1.2 × the burst counts as 1.2 × the burst in it (held at its edge, not dropped).
    expect(closedHerdingLoss({ ...sync, ioMs: 4 }, 8, 0)).toBe(0);
    const atEdge = closedHerdingLoss({ ...sync, idleWakeCpuMs: 1.2 * sync.cpuMs }, 8, 0);
    expect(atEdge).toBeGreaterThan(0.1);
    expect(closedHerdingLoss({ ...sync, idleWakeCpuMs: 29 }, 8, 0)).toBeGreaterThan(0.05);
    // gevent runs bursts to completion: the herding term is for processor sharing only.
    expect(closedHerdingLoss({ ...sync, cpuDiscipline: 'fcfs' }, 8, 0)).toBe(0);
  });
});
