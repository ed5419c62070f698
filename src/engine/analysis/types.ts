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
}
