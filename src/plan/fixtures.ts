/**
 * Named fixture plans shared by engine, export and e2e tests. Partial inputs: the schema fills
 * the rest with defaults, so each fixture states only what makes it distinctive.
 */
import { planSchema, type Plan, type PlanInput } from './schema';

export const FIXTURE_INPUTS = {
  /** The default plan: i7-8700, Gunicorn, mixed CPU/I/O API. */
  default: {},
  /** DOMAIN.md E.3: 4 cores, 100 ms CPU-bound requests → 9 sync workers. */
  fourCoreCpuBound: {
    hardware: { presetId: 'custom', physicalCores: 4, hardwareThreads: 4, ramGiB: 16, perCoreSpeed: 1 },
    workload: { arrivalRps: 20, cpuMs: 100, cpuCv: 1, ioWaitMs: 0, staticShare: 0 },
    gunicorn: { workerClass: 'sync' },
  },
  /** I/O-bound API calling DynamoDB: gthread recommended. */
  ioBoundApi: {
    workload: { arrivalRps: 400, cpuMs: 8, ioWaitMs: 60, staticShare: 0.1 },
  },
  /** Mostly waiting on third-party HTTP: gevent recommended. */
  externalCalls: {
    workload: { arrivalRps: 300, cpuMs: 5, ioWaitMs: 400, staticShare: 0 },
  },
  /** PHP shop on the Ryzen 9 7950X. */
  phpShop: {
    app: 'phpfpm',
    hardware: { presetId: 'ryzen9-7950x-128', physicalCores: 16, hardwareThreads: 32, ramGiB: 128, perCoreSpeed: 1.81 },
    workload: { arrivalRps: 250, cpuMs: 40, ioWaitMs: 30, staticShare: 0.5 },
    phpfpm: { childMemMiB: 80 },
  },
  /** DOMAIN.md B.6 worked example: 8 GB, 60 MB children. */
  smallPhp: {
    app: 'phpfpm',
    hardware: { presetId: 'custom', physicalCores: 2, hardwareThreads: 4, ramGiB: 8 },
    workload: { arrivalRps: 10, cpuMs: 30, ioWaitMs: 20 },
    phpfpm: { childMemMiB: 60 },
  },
  /** Memory-starved: 2 GiB VM with fat workers. */
  memoryStarved: {
    hardware: { presetId: 'custom', physicalCores: 4, hardwareThreads: 8, ramGiB: 2 },
    gunicorn: { workerMemMiB: 300, preload: false },
  },
  /** Large: the high-density tier with 2000 pinned sync workers (bench). */
  large: {
    hardware: { presetId: 'custom', physicalCores: 256, hardwareThreads: 512, ramGiB: 4096 },
    workload: { arrivalRps: 20000, cpuMs: 10, ioWaitMs: 50 },
    gunicorn: { workerClass: 'sync', workerMemMiB: 100 },
    pins: { gunicornWorkers: 2000 },
  },
} satisfies Record<string, PlanInput>;

export type FixtureName = keyof typeof FIXTURE_INPUTS;

export function fixture(name: FixtureName): Plan {
  return planSchema.parse(FIXTURE_INPUTS[name]);
}

export const FIXTURE_NAMES = Object.keys(FIXTURE_INPUTS) as FixtureName[];
