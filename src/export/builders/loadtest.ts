/**
 * loadtest.js: a k6 script that holds the planned request rate (constant-arrival-rate: an open
 * loop, like wrk2's -R, so a slow server cannot lower the offered load) and fails when the SLO
 * percentile is missed.
 *
 * Two scenarios (issue 12 item 4): static files and dynamic requests, each at its own share of the
 * planned rate, so a plan with 65 % static traffic is not tested with 100 % dynamic requests. A
 * fleet is tested at its front door (nginx) with the fleet's rate, or one server with its share
 * (`-e SCOPE=server`).
 */
import type { PlanAnalysis } from '../../engine/analysis/types';
import type { Plan } from '../../plan/schema';
import { headerLines } from '../header';
import { isMultiServer } from '../fleet-layout';
import { token } from '../safe';
import type { ExportOptions } from '../types';

export type LoadScope = 'fleet' | 'server';

/** Requests/s of each scenario; static + dynamic = the planned rate of the scope, rounded. */
export interface ScopeRates {
  total: number;
  static: number;
  dynamic: number;
}

export interface LoadPlan {
  /** Whole requests/s at the front door (all servers) and at one server (its share); equal for one server. */
  rates: Record<LoadScope, ScopeRates>;
  multi: boolean;
  /** Base URL of the front door (scheme, host, port), no path. */
  baseUrl: string;
  dynamicPath: string;
  staticPath: string;
  /** k6 VUs / wrk connections: twice the requests in flight at the fleet rate, plus the threads. */
  connections: number;
  threads: number;
}

export const K6_DURATION = '60s';

/** Split a rate into static and dynamic whole requests/s that add up to the rounded total. */
export function splitRate(rps: number, staticShare: number): ScopeRates {
  const total = Math.max(1, Math.round(rps));
  const stat = Math.round(total * staticShare);
  return { total, static: stat, dynamic: total - stat };
}

/** The URL clients use: https when TLS is at nginx or at the front load balancer. */
function frontDoorUrl(plan: Plan): string {
  const host = plan.deploy.serverName === '_' ? '127.0.0.1' : token(plan.deploy.serverName, 'deploy.serverName');
  const e = plan.edge;
  if (e.tls === 'front-lb') return `https://${host}`;
  if (e.tls === 'nginx') return `https://${host}${e.httpsPort === 443 ? '' : `:${e.httpsPort}`}`;
  return `http://${host}${plan.deploy.listenPort === 80 ? '' : `:${plan.deploy.listenPort}`}`;
}

export function loadPlan(analysis: PlanAnalysis): LoadPlan {
  const { plan, web } = analysis;
  const perf = web.performance;
  const share = plan.workload.staticShare;
  const fleet = splitRate(analysis.rates.targetRps, share);
  const threads = Math.max(1, Math.min(8, plan.hardware.hardwareThreads));
  const inFlight = (fleet.total * Math.max(1, perf.current.meanMs)) / 1000;
  const staticPath = plan.app === 'phpfpm' || plan.deploy.staticUrlPrefix === '/' ? '/favicon.ico' : `${token(plan.deploy.staticUrlPrefix, 'deploy.staticUrlPrefix')}app.css`;
  return {
    rates: { fleet, server: isMultiServer(plan) ? splitRate(perf.plannedRps, share) : fleet },
    multi: isMultiServer(plan),
    baseUrl: frontDoorUrl(plan),
    dynamicPath: '/',
    staticPath,
    connections: Math.max(threads, Math.min(10_000, Math.ceil(2 * inFlight) + threads)),
    threads,
  };
}

export interface K6Script {
  header: string[];
  lp: LoadPlan;
  duration: string;
  /** k6 threshold expressions, by metric. */
  thresholds: Record<string, string[]>;
}

export function buildLoadTest(analysis: PlanAnalysis, opts: ExportOptions): K6Script {
  const { plan } = analysis;
  const lp = loadPlan(analysis);
  const w = plan.workload;
  const pct = w.sloPercentile.slice(1);
  const f = lp.rates.fleet;
  const s = lp.rates.server;
  return {
    header: [
      ...headerLines(plan, opts, 'loadtest.js (k6)'),
      `Run: k6 run -e BASE_URL=${lp.baseUrl} -e STATIC_PATH=${lp.staticPath} -e DYNAMIC_PATH=${lp.dynamicPath} loadtest.js`,
      `Holds ${f.total} requests/s for ${K6_DURATION} (open loop): ${f.static}/s static (STATIC_PATH) + ${f.dynamic}/s dynamic (DYNAMIC_PATH), the plan's ${Math.round(w.staticShare * 100)}% static share.`,
      lp.multi
        ? `Target: the front door (nginx, all servers) at the fleet's rate. -e SCOPE=server aims one server's share instead: ${s.total}/s = ${s.static} static + ${s.dynamic} dynamic.`
        : 'Target: the one server (it is the whole fleet).',
      `Fails when ${w.sloPercentile} > ${w.sloMs} ms (the plan's SLO) or more than 1% of requests fail. Use a static file and a typical dynamic URL of your app.`,
    ],
    lp,
    duration: K6_DURATION,
    thresholds: {
      http_req_duration: [`p(${pct})<${w.sloMs}`],
      http_req_failed: ['rate<0.01'],
    },
  };
}
