/**
 * Scenario presets (issue 15): whole plans a user recognises, offered on the first screen. Each is
 * a partial plan (the schema fills the rest) with a one-line description. Numbers are typical
 * orders of magnitude, not measurements: the description says what the scenario shows.
 */
import { planSchema, type Plan, type PlanInput } from './schema';

export interface Scenario {
  id: string;
  label: string;
  /** One line: what the plan is and what to look at. */
  description: string;
  input: PlanInput;
}

const noDynamo = { enabled: false } as const;

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'django-small-vm',
    label: 'Django API on a small VM',
    description: '2 cores, 2 GiB, 30 rps of 25 ms CPU + 40 ms database wait, 300 MiB workers: memory caps the pool.',
    input: {
      name: 'Django API on a small VM',
      hardware: { presetId: 'custom', physicalCores: 2, hardwareThreads: 4, ramGiB: 2, perCoreSpeed: 1 },
      workload: { arrivalRps: 30, cpuMs: 25, ioWaitMs: 40, staticShare: 0.2 },
      gunicorn: { workerMemMiB: 300, preload: false },
      dynamodb: noDynamo,
    },
  },
  {
    id: 'flask-slow-apis',
    label: 'Flask calling slow external APIs',
    description: '4 cores, 200 rps that each wait 800 ms on third-party HTTP: gevent workers hold the waiting requests.',
    input: {
      name: 'Flask calling slow external APIs',
      hardware: { presetId: 'custom', physicalCores: 4, hardwareThreads: 8, ramGiB: 16, perCoreSpeed: 1 },
      workload: { arrivalRps: 200, cpuMs: 5, ioWaitMs: 800, staticShare: 0, sloMs: 2000 },
      dynamodb: noDynamo,
    },
  },
  {
    id: 'fastapi-asgi',
    label: 'FastAPI (ASGI, Uvicorn workers)',
    description: '8 cores, 1,500 rps of 4 ms CPU + 30 ms I/O on async workers, with DynamoDB per request.',
    input: {
      name: 'FastAPI on ASGI',
      hardware: { presetId: 'custom', physicalCores: 8, hardwareThreads: 16, ramGiB: 32, perCoreSpeed: 1.2 },
      workload: { arrivalRps: 1500, cpuMs: 4, ioWaitMs: 30, staticShare: 0 },
      gunicorn: { workerClass: 'asgi' },
    },
  },
  {
    id: 'cpu-heavy-32c',
    label: 'CPU-heavy JSON API on the 32-core tier',
    description: 'High-density tier (32C/64T), 1,500 rps of 20 ms serialisation each: CPU-bound sync workers.',
    input: {
      name: 'CPU-heavy JSON API (32 cores)',
      hardware: { presetId: 'high-density-32c-256', physicalCores: 32, hardwareThreads: 64, ramGiB: 256, perCoreSpeed: 1 },
      workload: { arrivalRps: 1500, cpuMs: 20, ioWaitMs: 2, staticShare: 0 },
      gunicorn: { workerClass: 'sync' },
      dynamodb: noDynamo,
    },
  },
  {
    id: 'wordpress',
    label: 'WordPress on PHP-FPM',
    description: '4 cores, 16 GiB, 50 page views/s of 80 ms PHP, most assets static: a microcache halves the PHP load.',
    input: {
      name: 'WordPress',
      app: 'phpfpm',
      hardware: { presetId: 'custom', physicalCores: 4, hardwareThreads: 8, ramGiB: 16, perCoreSpeed: 1 },
      workload: { arrivalRps: 50, cpuMs: 80, ioWaitMs: 40, staticShare: 0.6, sloMs: 800 },
      phpfpm: { childMemMiB: 60 },
      cache: { microcacheEnabled: true, ttlS: 5, hitRatio: 0.5 },
      dynamodb: noDynamo,
    },
  },
  {
    id: 'laravel-shop',
    label: 'Laravel shop on 2 servers (N+1)',
    description: 'Two Ryzen 9 7950X servers behind nginx, 250 rps of 40 ms PHP: survives one server down.',
    input: {
      name: 'Laravel shop',
      app: 'phpfpm',
      hardware: { presetId: 'ryzen9-7950x-128', physicalCores: 16, hardwareThreads: 32, ramGiB: 128, perCoreSpeed: 1.81 },
      workload: { arrivalRps: 250, cpuMs: 40, ioWaitMs: 30, staticShare: 0.5, sloMs: 500 },
      phpfpm: { childMemMiB: 80 },
      fleet: { servers: 2, spare: true },
      dynamodb: noDynamo,
    },
  },
  {
    id: 'reference-30-workers',
    label: 'The 30-worker benchmark of the reference documents',
    description: '30 sync workers at 32.5 ms cannot carry the quoted 12,450 rps: Little’s law caps them near 920 rps.',
    input: {
      name: 'Reference benchmark - 30 workers',
      hardware: { presetId: 'high-density-32c-256', physicalCores: 32, hardwareThreads: 64, ramGiB: 256, perCoreSpeed: 1 },
      workload: { arrivalRps: 12_450, cpuMs: 10, ioWaitMs: 22.5, staticShare: 0, sloPercentile: 'p95', sloMs: 100 },
      gunicorn: { workerClass: 'sync' },
      pins: { gunicornWorkers: 30 },
      dynamodb: noDynamo,
    },
  },
];

export function scenarioPlan(id: string): Plan | null {
  const s = SCENARIOS.find((x) => x.id === id);
  return s ? planSchema.parse(s.input) : null;
}
