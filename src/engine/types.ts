/**
 * Result types of the sizing engine. Every number carries its explanation so the UI (and the
 * CLI's JSON) can show where it came from: the formula, the inputs it used, and why.
 */
import type { Pins, WorkerClass, FpmPm, AppKind } from '../plan/schema';
import type { OpenPoint, ClosedPoint } from './perf/model';

export type InputValue = number | string | boolean | null;

export interface Explained<T = number> {
  /** Config-file name of the setting when there is one (e.g. `workers`, `pm.max_children`). */
  key: string;
  label: string;
  value: T;
  /** Display unit: 's', 'MiB', 'rps', 'ms', '' … */
  unit: string;
  /** The formula, with names, e.g. `min(2 × cores + 1, memory cap)`. */
  formula: string;
  /** The inputs the formula used, by name. */
  inputs: Record<string, InputValue>;
  /** The domain reason, and the source (DOMAIN.md section) where there is one. */
  why: string;
  /** True when the user pinned this value (what-if) instead of taking the recommendation. */
  pinned: boolean;
  /** The pin that overrides this value, when it can be pinned. */
  pinKey?: keyof Pins;
  /** The server's own default for the chosen version, for comparison. */
  serverDefault?: T | string;
}

export type Severity = 'info' | 'warning' | 'error';
export type Layer = 'nginx' | 'gunicorn' | 'phpfpm' | 'memory' | 'performance' | 'system' | 'dynamodb';

/**
 * What a finding is about, for readers that choose findings by topic (never by parsing ids):
 * 'cost' findings need prices and are meaningless without them.
 */
export type FindingKind = 'sizing' | 'cost';

export interface Finding {
  id: string;
  /** Absent = 'sizing'. */
  kind?: FindingKind;
  severity: Severity;
  layer: Layer;
  message: string;
  /** What to change. */
  fix: string;
  source?: string;
}

export interface GunicornSettings {
  workerClass: Explained<WorkerClass>;
  workers: Explained;
  threads: Explained;
  workerConnections: Explained;
  timeoutS: Explained;
  gracefulTimeoutS: Explained;
  keepaliveS: Explained;
  maxRequests: Explained;
  maxRequestsJitter: Explained;
  backlog: Explained;
  preload: Explained<boolean>;
  /** Requests the pool can hold in service at once (sync: workers; gthread: workers × threads …). */
  concurrencySlots: Explained;
  /** Worker restarts per minute caused by max_requests (DOMAIN.md F.5). */
  restartsPerMin: Explained;
}

export interface FpmSettings {
  pm: Explained<FpmPm>;
  maxChildren: Explained;
  startServers: Explained;
  minSpareServers: Explained;
  maxSpareServers: Explained;
  maxRequests: Explained;
  requestTerminateTimeoutS: Explained;
  processIdleTimeoutS: Explained;
  listenBacklog: Explained;
  concurrencySlots: Explained;
}

export interface NginxSettings {
  workerProcesses: Explained;
  workerConnections: Explained;
  workerRlimitNofile: Explained;
  keepaliveTimeoutS: Explained;
  keepaliveRequests: Explained;
  upstreamKeepalive: Explained;
  proxyConnectTimeoutS: Explained;
  proxyReadTimeoutS: Explained;
  proxySendTimeoutS: Explained;
  proxyBufferSizeKiB: Explained;
  proxyBuffersCount: Explained;
  proxyBuffersSizeKiB: Explained;
  clientBodyBufferSizeKiB: Explained;
  listenBacklog: Explained;
  /** Peak concurrent connections the settings were sized for. */
  peakConnections: Explained;
}

export interface MemoryItem {
  label: string;
  mib: number;
  formula: string;
}

export type MemoryStatus = 'ok' | 'warning' | 'over';

export interface MemoryBudget {
  totalMiB: number;
  items: MemoryItem[];
  usedMiB: Explained;
  headroomMiB: Explained;
  /** used / total, 0..∞ (above 1 means over). */
  usedShare: number;
  status: MemoryStatus;
}

/** Points of the performance curves, defined with the model that computes them. */
export type { OpenPoint, ClosedPoint };

export interface PerformanceResult {
  /** Capacity of the whole server (dynamic + static requests) before the pool saturates. */
  capacityRps: Explained;
  /** Highest total load whose SLO percentile stays within the SLO. */
  sloMaxRps: Explained;
  /** The same two limits unrounded (the Explained values are rounded for display): fleet arithmetic uses these. */
  limitsRps: { capacity: number; sloMax: number };
  /** Naive bound min(slots / (cpu + io), cpu servers / cpu) — what the model improves on. */
  naiveBoundRps: Explained;
  /** Requests in flight at the planned load (Little's law, DOMAIN.md E.4). */
  inFlight: Explained;
  cpuServers: Explained;
  /** CPU per dynamic request on this machine, framework overhead included. */
  cpuMsPerRequest: Explained;
  /** CPU busy at the planned load as a share of the whole machine (cores × SMT gain), 0..1. */
  machineCpuUtil: Explained;
  /** The SLO percentile at the planned load, naming the approximation and its DES check. */
  latencyMs: Explained;
  /** The operating point at the planned load (open loop) or user count (closed loop). */
  current: OpenPoint;
  currentClosed: ClosedPoint | null;
  /** Latency and utilisation against total offered load (rps includes static requests). */
  openCurve: OpenPoint[];
  /** Throughput and latency against concurrent users. */
  closedCurve: ClosedPoint[];
  sloMs: number;
  sloPercentile: 'p50' | 'p95' | 'p99';
  /** Total load the plan is sized for (open: arrivalRps; closed: the users' throughput). */
  plannedRps: number;
}

export interface SizingResult {
  planVersion: number;
  app: AppKind;
  gunicorn: GunicornSettings | null;
  phpfpm: FpmSettings | null;
  nginx: NginxSettings;
  memory: MemoryBudget;
  performance: PerformanceResult;
  findings: Finding[];
}
