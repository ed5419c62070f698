/**
 * loadtest.js: a k6 script that holds the planned request rate (constant-arrival-rate: an open
 * loop, like wrk2's -R, so a slow server cannot lower the offered load) and fails when the SLO
 * percentile is missed.
 */
import type { Plan } from '../../plan/schema';
import type { SizingResult } from '../../engine/types';
import { headerLines } from '../header';
import type { ExportOptions } from '../types';
import { loadTest } from './readme';

export interface K6Script {
  header: string[];
  /** Requests per second (the plan's total rate at nginx). */
  rate: number;
  duration: string;
  preAllocatedVUs: number;
  maxVUs: number;
  /** k6 threshold expressions, by metric. */
  thresholds: Record<string, string[]>;
  /** Default target; `k6 run -e TARGET_URL=...` overrides it. */
  url: string;
}

export const K6_DURATION = '60s';

export function buildLoadTest(plan: Plan, result: SizingResult, opts: ExportOptions): K6Script {
  const lt = loadTest(plan, result);
  const w = plan.workload;
  const pct = w.sloPercentile.slice(1);
  return {
    header: [
      ...headerLines(plan, opts, 'loadtest.js (k6)'),
      `Run: k6 run loadtest.js   (or: k6 run -e TARGET_URL=http://host:port/path loadtest.js)`,
      `Holds ${lt.rate} requests/s for ${K6_DURATION} (open loop) and fails when ${w.sloPercentile} > ${w.sloMs} ms (the plan's SLO) or more than 1% of requests fail.`,
      `VUs: ${lt.connections} pre-allocated = 2 x the requests in flight at the planned rate + threads (as for wrk); k6 may add up to twice that if responses slow down.`,
    ],
    rate: lt.rate,
    duration: K6_DURATION,
    preAllocatedVUs: lt.connections,
    maxVUs: lt.connections * 2,
    thresholds: {
      http_req_duration: [`p(${pct})<${w.sloMs}`],
      http_req_failed: ['rate<0.01'],
    },
    url: lt.url,
  };
}
