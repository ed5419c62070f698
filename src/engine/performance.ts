/**
 * Plan-level performance: maps the app tier onto the queueing model (./perf/model.ts) and
 * converts between dynamic requests (which reach the app) and total requests (which include
 * static files nginx serves itself). Latencies are those of dynamic requests.
 */
import type { Plan } from '../plan/schema';
import { appShare, type SizingContext } from './context';
import { explain, round } from './explain';
import {
  closedLoopCurve,
  closedLoopPoint,
  maxRpsWithinSlo,
  openLoopCurve,
  openLoopPoint,
  saturationRps,
  type PerfInput,
} from './perf/model';
import type { ClosedPoint, Explained, OpenPoint, PerformanceResult } from './types';

export interface CurveOptions {
  openPoints?: number;
  closedPoints?: number;
}

export interface AppPool {
  /** Concurrent requests the pool holds. */
  slots: number;
  /** Python processes (GIL: at most one core each); null for PHP, whose children are independent. */
  processes: number | null;
  /** Effective listen backlog in front of the pool. */
  backlog: number;
}

export function perfInput(ctx: SizingContext, pool: AppPool): PerfInput {
  const w = ctx.plan.workload;
  const cpuServers = pool.processes === null ? ctx.cpuCapacity : Math.min(ctx.cpuCapacity, pool.processes);
  return {
    slots: Math.max(1, Math.round(pool.slots)),
    cpuServers: Math.max(0.01, cpuServers),
    cpuMs: ctx.cpuMs,
    cpuCv: w.cpuCv,
    ioMs: ctx.ioMs,
    ioCv: w.ioCv,
    queueLimit: Math.max(0, Math.round(pool.backlog)),
  };
}

const finite = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

function toTotal(p: OpenPoint, dynamicShare: number, staticRps: number): OpenPoint {
  return {
    ...p,
    offeredRps: p.offeredRps / dynamicShare,
    throughputRps: p.throughputRps + staticRps,
  };
}

export function sizePerformance(ctx: SizingContext, pool: AppPool, opts: CurveOptions = {}): PerformanceResult {
  const plan: Plan = ctx.plan;
  const w = plan.workload;
  const input = perfInput(ctx, pool);
  // Share of the load at nginx that reaches the app (static files and microcache hits do not).
  const dynShare = appShare(plan);

  const satDyn = finite(saturationRps(input));
  const capacityTotal = satDyn / dynShare;
  const capacityRps: Explained = explain(round(capacityTotal, 1), {
    key: 'capacity_rps',
    label: 'Capacity',
    unit: 'rps',
    formula: 'pool saturation throughput X(N) (CPU + I/O network, MVA) / share reaching the app ((1 − static) × (1 − microcache hits))',
    inputs: {
      slots: input.slots,
      cpuServers: round(input.cpuServers, 2),
      cpuMs: round(input.cpuMs, 2),
      ioWaitMs: input.ioMs,
      appShare: round(dynShare, 4),
    },
    why:
      'The most the server completes per second when every slot is busy: requests share the cores while computing and hold a slot while ' +
      'waiting on I/O. Static files are served by nginx and not limited by the app pool.',
  });

  const naiveDyn = Math.min(
    input.slots / Math.max(1e-9, (input.cpuMs + input.ioMs) / 1000),
    input.cpuMs > 0 ? input.cpuServers / (input.cpuMs / 1000) : Infinity,
  );
  const naiveBoundRps = explain(round(finite(naiveDyn) / dynShare, 1), {
    key: 'naive_bound_rps',
    label: 'Naive bound (no interaction)',
    unit: 'rps',
    formula: 'min(slots / (cpu + io), cpu servers / cpu) / dynamic share',
    inputs: { slots: input.slots, cpuServers: round(input.cpuServers, 2), cpuMs: round(input.cpuMs, 2), ioWaitMs: input.ioMs },
    why: 'Ignores that a request waiting for a core still holds its slot; near the knee it overestimates throughput, which is why the model above is used.',
  });

  const sloDyn = finite(maxRpsWithinSlo(input, w.sloPercentile, w.sloMs));
  const sloMaxRps = explain(round(sloDyn / dynShare, 1), {
    key: 'slo_max_rps',
    label: `Max load within ${w.sloPercentile} ≤ ${w.sloMs} ms`,
    unit: 'rps',
    formula: `highest offered load whose ${w.sloPercentile} latency ≤ SLO (bisection on the model)`,
    inputs: { sloMs: w.sloMs, percentile: w.sloPercentile },
    why: 'Latency grows sharply near saturation; the SLO usually breaks well before the capacity.',
  });

  const staticRps = ctx.totalRps * (1 - dynShare);
  let current: OpenPoint;
  let currentClosed: ClosedPoint | null = null;
  const thinkDynMs = w.thinkTimeMs / dynShare;
  let plannedRps = ctx.totalRps;
  if (w.mode === 'closed') {
    const c = closedLoopPoint(input, w.concurrentUsers, thinkDynMs);
    const closed: ClosedPoint = { ...c, thinkMs: w.thinkTimeMs, throughputRps: c.throughputRps / dynShare };
    currentClosed = closed;
    plannedRps = closed.throughputRps;
    current = toTotal(openLoopPoint(input, c.throughputRps), dynShare, c.throughputRps / dynShare - c.throughputRps);
  } else {
    current = toTotal(openLoopPoint(input, ctx.dynamicRps), dynShare, staticRps);
  }

  const inFlight = explain(round((current.throughputRps * dynShare * current.meanMs) / 1000, 2), {
    key: 'in_flight',
    label: 'Requests in flight in the app',
    formula: 'dynamic throughput × mean latency (Little\'s law)',
    inputs: { dynamicRps: round(current.throughputRps * dynShare, 2), meanMs: round(current.meanMs, 2), slots: input.slots },
    why: 'L = λ·W holds for any stable system (DOMAIN.md E.4); the pool needs at least this many slots plus headroom.',
  });

  const cpuServers = explain(round(input.cpuServers, 2), {
    key: 'cpu_servers',
    label: 'CPU servers used by the app',
    unit: 'cores',
    formula: pool.processes === null ? 'effective CPU capacity' : 'min(effective CPU capacity, Python processes)',
    inputs: { cpuCapacity: round(ctx.cpuCapacity, 2), processes: pool.processes ?? 'no cap (PHP children)' },
    why:
      pool.processes === null
        ? 'Each PHP child is its own process and can use any core.'
        : 'Python runs one thread per process at a time (GIL), so a process uses at most one core (DOMAIN.md F.6).',
  });

  // The curves cost ~3× the rest and only the (lagged) charts and the CLI read them: they are
  // computed on first read and kept (deterministic, so the result is the same either way). A slider
  // move then computes the numbers only.
  const maxOpen = Math.max(capacityTotal * 1.5, ctx.totalRps * 1.2, 1);
  const openPoints = opts.openPoints ?? 60;
  let openCurve: OpenPoint[] | null = null;
  const computeOpen = () =>
    openLoopCurve(input, maxOpen * dynShare, openPoints).map((p) => toTotal(p, dynShare, (p.offeredRps / dynShare) * (1 - dynShare)));
  // Users that saturate the pool: capacity × (think + response) (response-time law), with room past the knee.
  const usersAtKnee = (satDyn * (thinkDynMs + input.cpuMs + input.ioMs)) / 1000;
  const maxUsers = Math.max(2, Math.ceil(Math.max(usersAtKnee * 2, w.mode === 'closed' ? w.concurrentUsers * 1.2 : 0)));
  let closedCurve: ClosedPoint[] | null = null;
  const computeClosed = () =>
    closedLoopCurve(input, maxUsers, thinkDynMs, opts.closedPoints ?? 40).map((p) => ({
      ...p,
      thinkMs: w.thinkTimeMs,
      throughputRps: p.throughputRps / dynShare,
    }));

  return {
    capacityRps,
    sloMaxRps,
    limitsRps: { capacity: capacityTotal, sloMax: sloDyn / dynShare },
    naiveBoundRps,
    inFlight,
    cpuServers,
    current,
    currentClosed,
    get openCurve() {
      return (openCurve ??= computeOpen());
    },
    get closedCurve() {
      return (closedCurve ??= computeClosed());
    },
    sloMs: w.sloMs,
    sloPercentile: w.sloPercentile,
    plannedRps,
  };
}
