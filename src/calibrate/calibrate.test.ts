import { describe, expect, it } from 'vitest';
import { sizePlan } from '../engine/size-plan';
import { buildContext } from '../engine/context';
import { perfInput } from '../engine/performance';
import { defaultPlan, planSchema, WORKER_CLASSES } from '../plan/schema';
import { applyFit, measuredLabel } from './apply';
import { importMeasurements } from './import';
import { memoryEstimate } from './memory';
import { sizedPool } from './model-eval';
import { overlayPoints } from './overlay';
import { FPM_OVERHEAD_MS, GUNICORN_OVERHEAD_MS } from './overhead';
import { fixture, sweepFiles } from './testing/fixtures';
import type { ParsedFile } from './types';

const TODAY = '2026-12-01';

describe('framework overhead table (overhead.ts) matches the measured fixtures', () => {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  };
  const measured = (dir: string) => {
    const meta = JSON.parse(fixture(`measured/${dir}/meta.json`).text) as { app: string; points: { serverCpuMsPerRequest: number }[] };
    expect(meta.app).toBe('min');
    return median(meta.points.map((p) => p.serverCpuMsPerRequest));
  };
  it.each(['sync', 'gthread', 'gevent'] as const)('gunicorn %s', (wc) => {
    expect(GUNICORN_OVERHEAD_MS[wc].ms).toBeCloseTo(measured(`overhead-gunicorn-${wc}-1core`), 2);
  });
  it('php-fpm', () => expect(FPM_OVERHEAD_MS.ms).toBeCloseTo(measured('overhead-fpm-static-1core'), 2));
  it('has an entry for every worker class', () => {
    for (const wc of WORKER_CLASSES.options) expect(GUNICORN_OVERHEAD_MS[wc].ms).toBeGreaterThan(0);
  });
});

describe('the fit sizes the same pool as the engine', () => {
  it.each([
    ['gunicorn gthread pinned', { app: 'gunicorn', gunicorn: { workerClass: 'gthread' }, pins: { gunicornWorkers: 2, gunicornThreads: 4 } }],
    ['gunicorn recommended', {}],
    ['php-fpm', { app: 'phpfpm', pins: { fpmMaxChildren: 12 } }],
  ])('%s', (_name, input) => {
    const plan = planSchema.parse({ ...input, workload: { staticShare: 0 } });
    const cap = sizePlan(plan).performance.capacityRps.inputs;
    const model = perfInput(buildContext(plan), sizedPool(plan).pool);
    expect(model.slots).toBe(cap.slots);
    expect(model.cpuServers).toBeCloseTo(cap.cpuServers as number, 2);
  });
});

describe('import of a real sweep (files + meta.json)', () => {
  const dir = 'measured/gunicorn-gthread-1core-10cpu-0io';
  const out = importMeasurements(sweepFiles(dir, true), { today: TODAY });
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  const r = out.result;
  it('sizes the measured set-up from meta.json', () => {
    expect(r.measuredPlan.hardware).toMatchObject({ physicalCores: 1, hardwareThreads: 1, perCoreSpeed: 1 });
    expect(r.measuredPlan.pins).toMatchObject({ gunicornWorkers: 2, gunicornThreads: 4 });
    expect(r.fit?.pool).toMatchObject({ slots: 8, processes: 2 });
  });
  it('applies the fitted values to the default plan, each change with its sources and the measurement date', () => {
    const meta = JSON.parse(fixture(`${dir}/meta.json`).text) as { date: string };
    expect(r.applied).toBe(true);
    const cpu = r.changes.find((c) => c.field === 'workload.cpuMs');
    expect(cpu).toMatchObject({ from: defaultPlan().workload.cpuMs, to: r.plan.workload.cpuMs, date: meta.date.slice(0, 10) });
    expect(cpu?.sources).toHaveLength(6);
    expect(r.plan.workload.cpuMs).toBeCloseTo(r.fit?.cpuMsRef ?? 0, 2);
    expect(r.plan.workload.ioWaitMs).toBeCloseTo(r.fit?.ioMs ?? 0, 2);
    expect(measuredLabel(cpu as NonNullable<typeof cpu>)).toMatch(/^workload\.cpuMs = [\d.]+ \(was 25\): measured from c1\.txt, c16\.txt and 4 more, 2026-12-01; fitted total CPU/);
    // The plan records where the applied values came from (file base names, the meta.json date, the fit's confidence).
    expect(r.plan.measured).toEqual([{ files: cpu?.sources, date: meta.date.slice(0, 10), fields: r.changes.map((c) => c.field), confidence: r.fit?.confidence }]);
    expect(r.plan.measured[0]?.fields).toContain('workload.cpuMs');
    // Everything else is the default plan's.
    expect({ ...r.plan, workload: defaultPlan().workload, measured: [] }).toEqual(defaultPlan());
  });
  it('overlay rows: one per point, sorted by clients, measured next to predicted', () => {
    const o = overlayPoints(r.fit as NonNullable<typeof r.fit>);
    expect(o.closed.map((p) => p.x)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(o.open).toEqual([]);
    for (const row of o.closed) expect(Math.abs(row.predictedRps / row.measuredRps - 1)).toBeLessThan(0.1);
    expect(o.closed[0]?.source).toMatch(/c1\.txt$/);
  });
});

describe('bad sweeps leave the plan unchanged', () => {
  it('a contradictory sweep is reported with its file and the plan is not changed', () => {
    const files = sweepFiles('measured/gunicorn-sync-1core-1cpu-30io');
    // A c2 slower than c1 (30 rps): 3 sync workers at ~33 ms saturate near 3 clients, so 2 clients
    // serving 20 rps contradict the sweep.
    const mixed = files.map((f) => (f.file.endsWith('/c2.txt') ? { file: f.file, text: f.text.replace(/Requests\/sec:\s+[\d.]+/, 'Requests/sec:     20.00') } : f));
    const plan = planSchema.parse({ hardware: { presetId: 'custom', physicalCores: 1, hardwareThreads: 1 }, gunicorn: { workerClass: 'sync' }, pins: { gunicornWorkers: 3 } });
    const out = importMeasurements(mixed, { today: TODAY, plan });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]?.file).toMatch(/c2\.txt$/);
    expect(out.problems[0]?.message).toMatch(/below saturation/);
    expect(out.result.applied).toBe(false);
    expect(out.result.plan).toEqual(plan);
  });
  it('meta.json files of different set-ups are refused', () => {
    const a = fixture('measured/gunicorn-sync-1core-1cpu-30io/meta.json');
    const b = fixture('measured/fpm-static-1core-1cpu-30io/meta.json');
    const out = importMeasurements([a, b], { today: TODAY });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problems[0]?.message).toMatch(/another server set-up/);
  });
});

describe('per-worker memory (p95, nearest rank)', () => {
  const parsedWith = (mib: number[]): ParsedFile => ({
    file: 'ps.txt',
    format: 'ps-rss',
    points: [],
    thresholds: [],
    notes: [],
    memory: { what: 'ps RSS', samples: mib.map((m, i) => ({ pid: i + 2, memMiB: m, source: { file: 'ps.txt', line: i + 2 } })) },
  });
  it('takes the 95th percentile, not the mean', () => {
    const mib = Array.from({ length: 40 }, (_, i) => 50 + i); // 50..89
    const m = memoryEstimate('phpfpm', [parsedWith(mib)]);
    expect(m).toMatchObject({ field: 'phpfpm.childMemMiB', p95MiB: 87, maxMiB: 89, workers: 40, percentile: 95 });
    expect(m?.meanMiB).toBeCloseTo(69.5, 9);
  });
  it('applies it to the app’s field, from real ps and FPM status files', () => {
    const out = importMeasurements([fixture('logs/ps-php-fpm.txt')], { today: TODAY, plan: planSchema.parse({ app: 'phpfpm' }) });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    const ch = out.result.changes;
    expect(ch).toHaveLength(1);
    // The base name: the plan keeps no directory of the user's disk.
    expect(ch[0]).toMatchObject({ field: 'phpfpm.childMemMiB', date: TODAY, sources: ['ps-php-fpm.txt'] });
    // Memory alone has no fit, so no confidence.
    expect(out.result.plan.measured).toEqual([{ files: ['ps-php-fpm.txt'], date: TODAY, fields: ['phpfpm.childMemMiB'], confidence: null }]);
    expect(out.result.plan.phpfpm.childMemMiB).toBeCloseTo(out.result.memory?.p95MiB ?? 0, 1);
  });
  it('gunicorn workers size gunicorn.workerMemMiB', () => {
    const { plan, changes } = applyFit(defaultPlan(), null, memoryEstimate('gunicorn', [parsedWith([30, 31, 40])]), { files: ['ps.txt'], date: TODAY });
    expect(changes.map((c) => c.field)).toEqual(['gunicorn.workerMemMiB']);
    expect(plan.gunicorn.workerMemMiB).toBe(40);
  });
});

describe('every format goes through the fit', () => {
  it.each([
    ['from-docs/k6-summary-export.json', 'closed'],
    ['from-docs/k6-handle-summary.json', 'closed'],
    ['from-docs/locust_stats.csv', 'open'],
    ['from-docs/locust_stats_history.csv', 'closed'],
    ['from-docs/jmeter-results.jtl', 'closed'],
    ['from-docs/wrk2-r2000.txt', 'open'],
    ['logs/nginx-access.log', 'open'],
    ['logs/gunicorn-access.log', 'open'],
    ['logs/fpm-status.after.json', 'open'],
  ])('%s', (rel, loop) => {
    const out = importMeasurements([fixture(rel)], { today: TODAY });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    const points = out.result.fit?.points ?? [];
    expect(points.length).toBeGreaterThan(0);
    for (const e of points) {
      expect(e.loop).toBe(loop);
      expect(Number.isFinite(e.relError.throughputRps) && Number.isFinite(e.relError.meanMs)).toBe(true);
    }
    expect(out.result.fit?.notes.join(' ')).toMatch(/does not pin the measured pool/);
  });
});
