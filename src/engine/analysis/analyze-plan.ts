/**
 * analyzePlan(plan, data): the one pure analysis every reader uses (dashboard, CLI, export). Each
 * section is a small named function of the plan and of the sections before it, computed on first
 * read and cached with the analysis; analyses of the same plan object share the web sizing.
 */
import { PRIMARY_KIND_NAME, type Plan } from '../../plan/schema';
import { monthlyUsdOf } from '../catalog/price';
import type { Catalog } from '../catalog/schema';
import { analyzeCluster } from '../cluster/cluster';
import { appShare, buildContext } from '../context';
import { edgeOf } from '../edge';
import { fleetTotals } from '../fleet/fleet';
import { analyzeKinds, type KindsResult } from '../fleet/kinds';
import { optimizeFleet } from '../fleet/optimizer';
import { explainCpuCapacity } from '../hardware';
import { latencyAtPercentileMs } from '../slo';
import type { Finding, SizingResult } from '../types';
import { deploySectionOf } from '../deploy/k8s';
import { bottleneckOf } from './bottleneck';
import { dynamoSectionOf } from './dynamodb-section';
import { topologyOf } from './topology';
import { lazySections } from './lazy';
import type { AnalysisData, AnalysisFinding, AnalysisSection, CatalogSection, DynamoSection, FleetRates, FleetSection, PlanAnalysis, SloSection } from './types';
import { serverLimitsOf, webSizingOf } from './web';

export type { AnalysisData, PlanAnalysis } from './types';

function ratesOf(plan: Plan): FleetRates {
  const ctx = buildContext(plan);
  return { targetRps: ctx.totalRps, dynamicRps: ctx.dynamicRps, appShare: appShare(plan) };
}

function sloOf(web: SizingResult): SloSection {
  const perf = web.performance;
  const atPlannedMs = latencyAtPercentileMs(perf.current, perf.sloPercentile);
  const capacity = perf.capacityRps.value;
  return {
    percentile: perf.sloPercentile,
    sloMs: perf.sloMs,
    atPlannedMs,
    meets: Number.isFinite(atPlannedMs) && atPlannedMs <= perf.sloMs,
    offeredOverCapacity: capacity > 0 ? perf.plannedRps / capacity : Infinity,
  };
}

function catalogOf(catalog: Catalog | null | undefined): CatalogSection | null {
  if (!catalog) return null;
  return { catalog, monthlyUsdById: Object.fromEntries(catalog.entries.map((e) => [e.id, monthlyUsdOf(e, catalog.hoursPerMonth)])) };
}

const hasOtherKinds = (plan: Plan) => plan.fleet.otherKinds.length > 0;

function priceSourceOf(plan: Plan): string {
  if (plan.fleet.hourlyPriceUsd === null) return 'none';
  return plan.hardware.catalogId ? `catalog entry ${plan.hardware.catalogId} (or your edit)` : 'your price';
}

function fleetOf(plan: Plan, web: SizingResult, kinds: KindsResult | null, dynamodb: DynamoSection | null): FleetSection {
  const totals = fleetTotals({
    plan,
    perServer: serverLimitsOf(web),
    hourlyUsd: plan.fleet.hourlyPriceUsd,
    priceSource: priceSourceOf(plan),
    dynamoMonthlyUsd: dynamodb?.monthlyUsd ?? null,
    kinds,
  });
  return { ...totals, cpuCapacity: explainCpuCapacity(plan.hardware) };
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Every section's findings, each once (a finding raised by two sections keeps the first), worst first. */
function findingsOf(parts: readonly [AnalysisSection, readonly Finding[]][]): AnalysisFinding[] {
  const seen = new Set<string>();
  const out: AnalysisFinding[] = [];
  for (const [section, list] of parts) {
    for (const f of list) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      out.push({ ...f, section });
    }
  }
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

export function analyzePlan(plan: Plan, data: AnalysisData = {}): PlanAnalysis {
  const a: PlanAnalysis = lazySections<PlanAnalysis>({
    plan: () => plan,
    data: () => data,
    rates: () => ratesOf(plan),
    web: () => webSizingOf(plan),
    slo: () => sloOf(a.web),
    kinds: () => analyzeKinds(plan),
    dynamodb: () => dynamoSectionOf(plan.dynamodb, a.rates.dynamicRps, data.dynamoPrices, data.lambdaPrices),
    // Only mixed hardware sums over the kinds (reading a.kinds sizes every kind).
    fleet: () => fleetOf(plan, a.web, hasOtherKinds(plan) ? a.kinds : null, a.dynamodb),
    cluster: () =>
      analyzeCluster({ plan, perServer: serverLimitsOf(a.web), proxyReadTimeoutS: a.web.nginx.proxyReadTimeoutS.value, ...(hasOtherKinds(plan) ? { kinds: a.kinds } : {}) }),
    edge: () => edgeOf(plan, a.web, a.cluster.drainS.value),
    catalog: () => catalogOf(data.catalog),
    optimizer: () =>
      data.catalog ? optimizeFleet(plan, data.catalog.entries, { hoursPerMonth: data.catalog.hoursPerMonth, dynamoMonthlyUsd: a.dynamodb?.monthlyUsd ?? null }) : null,
    // The main servers' pods run the web section's sizing, as the exported gunicorn.conf.py / www.conf do; other kinds their own.
    deploy: () =>
      deploySectionOf(plan, a.fleet, [
        { name: PRIMARY_KIND_NAME, servers: plan.fleet.servers, serverPlan: plan, sizing: a.web },
        ...(hasOtherKinds(plan) ? a.kinds.rows.slice(1) : []),
      ], () => ({
        nginx: a.web.nginx,
        nginxBudgetMiB: a.web.memory.items.find((i) => i.label === 'nginx')?.mib ?? 0,
        workerShutdownTimeoutS: a.edge.workerShutdownTimeoutS.value,
        perServerLoadRps: a.fleet.perServerLoadRps.value,
      })),
    findings: () =>
      findingsOf([
        ['web', a.web.findings],
        ['fleet', a.fleet.findings],
        ['cluster', a.cluster.findings],
        ['dynamodb', a.dynamodb?.shown.findings ?? []],
        ['edge', a.edge.findings],
        ['deploy', a.deploy.findings],
      ]),
    bottleneck: () => bottleneckOf(a, (lifted) => analyzePlan(lifted, data)),
    topology: () => topologyOf(a),
  });
  return a;
}
