/**
 * The one analysis of a plan: every number the dashboard, the CLI and the export show is read from
 * a PlanAnalysis (README "Architecture"). Sections are computed on first read.
 */
import type { Plan, SloPercentile } from '../../plan/schema';
import type { Catalog } from '../catalog/schema';
import type { ClusterResult } from '../cluster/cluster';
import type { DeploySection } from '../deploy/k8s';
import type { CostChart, DayChart } from '../dynamodb/chart-data';
import type { LambdaPrices } from '../dynamodb/lambda-prices-schema';
import type { DynamoPrices } from '../dynamodb/prices-schema';
import type { DynamoCostResult, DynamoResult, DynamoUnitsResult } from '../dynamodb/types';
import type { FleetResult } from '../fleet/fleet';
import type { KindsResult } from '../fleet/kinds';
import type { OptimizerResult } from '../fleet/optimizer';
import type { EdgeSettings } from '../edge';
import type { Explained, Finding, SizingResult } from '../types';

/** What the browser loads next to the plan (each optional: the analysis works without them). */
export interface AnalysisData {
  /** The hardware catalog (public/catalog/*.json, parsed): enables the optimizer. */
  catalog?: Catalog | null;
  /** Dated DynamoDB prices (public/prices/dynamodb.json, parsed): enables the DynamoDB cost. */
  dynamoPrices?: DynamoPrices | null;
  /** Dated Lambda prices (public/prices/lambda.json): the stream consumers' cost. */
  lambdaPrices?: LambdaPrices | null;
}

/** Request rates of the whole fleet, derived once (the web sizing sees one server's share of them). */
export interface FleetRates {
  /** Planned load at nginx, static included, requests/s. */
  targetRps: number;
  /** Requests that reach the app tier (no static files, no microcache hits), requests/s. */
  dynamicRps: number;
  /** Share of the requests at nginx that reach the app: turns app requests/s (a load test of the app) into the charts' load at nginx. */
  appShare: number;
}

export interface DynamoSection {
  /** Capacity units, partitions, streams and findings: needs no prices (the export writes these). */
  units: DynamoUnitsResult;
  /** The same tables priced; null when no prices are loaded or the region has none. */
  cost: DynamoCostResult | null;
  /** Why there is no cost, when there is none. */
  costProblem: string | null;
  /** Units and cost per table in one row (cost fields zero and no cost findings without prices): what the panel shows. */
  shown: DynamoResult;
  /** Monthly cost of every table (capacity in its chosen mode + storage); null without prices. */
  monthlyUsd: number | null;
  /** Per table (plan order): a simulated day against auto scaling, and cost against utilisation (with prices). */
  charts: readonly { day: DayChart; cost: CostChart | null }[];
}

export type AnalysisSection = 'web' | 'fleet' | 'kinds' | 'cluster' | 'dynamodb' | 'edge' | 'deploy';

/** A finding with the section it came from, so each panel lists its own and the summary all. */
export type AnalysisFinding = Finding & { section: AnalysisSection };

export interface FleetSection extends FleetResult {
  /** CPU capacity of one main server in reference cores (SMT gain applied). */
  cpuCapacity: Explained;
}

/** The plan's SLO at the planned load of one (main) server, read at the SLO's own percentile. */
export interface SloSection {
  percentile: SloPercentile;
  sloMs: number;
  /** Latency at that percentile at the planned load, ms (may be very large when overloaded). */
  atPlannedMs: number;
  meets: boolean;
  /** Planned load over the pool's capacity (> 1: overloaded). */
  offeredOverCapacity: number;
}

/** The loaded hardware catalog with each entry's monthly price (hourly × the catalog's hours per month). */
export interface CatalogSection {
  catalog: Catalog;
  monthlyUsdById: Readonly<Record<string, number | null>>;
}

export interface PlanAnalysis {
  plan: Plan;
  data: AnalysisData;
  rates: FleetRates;
  /** One (main) server of the fleet at its share of the load: the web-tier settings and curves. */
  web: SizingResult;
  slo: SloSection;
  /** Every server kind at its share (the main kind first; mixed hardware adds the plan's other kinds). */
  kinds: KindsResult;
  /** Fleet totals: serving servers, capacity, memory, threads, monthly cost (DynamoDB included when priced). */
  fleet: FleetSection;
  /** Balancing method, shares, microcache and the failure what-ifs. */
  cluster: ClusterResult;
  /** The public edge and the host: body limits, PHP limits, opcache, unit and kernel limits (issue 12). */
  edge: EdgeSettings;
  /** DynamoDB tables; null when DynamoDB is off. */
  dynamodb: DynamoSection | null;
  /** The hardware catalog; null until it is loaded. */
  catalog: CatalogSection | null;
  /** Cheapest catalog fleets that meet the SLO; null without a catalog. */
  optimizer: OptimizerResult | null;
  /** Kubernetes pods per server kind (resources, probes, HPA, PDB) and the alert thresholds (issue 17). */
  deploy: DeploySection;
  /** Every finding of every section, worst first. */
  findings: AnalysisFinding[];
  /** What limits the fleet's load within the SLO and the change that raises it most (re-analysed). */
  bottleneck: BottleneckSection;
  /** The stack as boxes and arrows, for the diagram. */
  topology: TopologySection;
}

/** What can limit the fleet's load within the SLO (src/engine/analysis/bottleneck.ts). */
export type LimitKind = 'cpu' | 'slots' | 'memory' | 'fds' | 'connections' | 'upstream' | 'ddb-partition' | 'ddb-quota' | 'ddb-stream' | 'request-time';

/** One limit as a ceiling on the fleet's total load at nginx, requests/s. */
export interface BottleneckCeiling {
  kind: LimitKind;
  fleetRps: number;
  /** The numbers behind it, in words. */
  detail: string;
  /** The DynamoDB table, for the table limits. */
  table?: string;
  /** A stream ceiling: the parallelization factor that is enough (DOMAIN.md I.3). */
  neededParallelization?: number;
}

/** A change measured by re-analysing the plan with one limit lifted. */
export interface BottleneckChange {
  kind: LimitKind;
  text: string;
  /** The fleet's load within the SLO after the change (capped by the other limits), requests/s. */
  fleetRpsAfter: number;
  gainRps: number;
  /** fleetRpsAfter / before − 1 (Infinity from 0). */
  gainShare: number;
  /** The limit that binds after the change, when it is known to be another one. */
  nextKind: LimitKind | null;
}

export interface BottleneckSection {
  /** The lowest ceiling's kind. */
  binding: LimitKind;
  /** The fleet's load within the SLO with every limit applied, requests/s. */
  fleetRps: number;
  /** Every limit found, lowest first. */
  ceilings: BottleneckCeiling[];
  /** The change that raises fleetRps most; null when none raises it by 1% or more. */
  change: BottleneckChange | null;
  /** One sentence for the dashboard: the limit, the change and by how much. */
  sentence: string;
}

export type TopologyNodeId = 'clients' | 'nginx' | 'app' | 'dynamodb';

/** One box of the stack diagram. */
export interface TopologyNode {
  id: TopologyNodeId;
  label: string;
  /** Servers (or tables) the box stands for. */
  servers: number;
  detail: string;
  /** Busy share at the planned load (> 1: over its limit); null when it has none. */
  utilisation: number | null;
  utilisationOf: 'CPU' | 'connections' | 'partition' | null;
  /** Requests waiting (mean) at the planned load; null when not modelled. */
  queue: number | null;
  overloaded: boolean;
}

export interface TopologyEdge {
  from: TopologyNodeId;
  to: TopologyNodeId;
  /** Fleet-wide rate on the arrow. */
  rps: number;
  unit: 'rps' | 'ops/s';
}

export interface TopologySection {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** The box that holds the binding limit (the bottleneck section's). */
  binding: TopologyNodeId;
}
