/**
 * Deployment numbers for Kubernetes and for the alerts (issue 17): one pod stands for one server of
 * a kind, so the pod runs that server's sized app pool, and every number here is derived from the
 * analysis (memory budget, CPU servers of the model, SLO-max load, fleet sizing, app timeouts).
 * Pure; the builders in src/export only format these values.
 */
import type { Plan } from '../../plan/schema';
import { appShare, MEMORY_TARGET_SHARE } from '../context';
import { explain, round } from '../explain';
import type { KindRow } from '../fleet/kinds';
import type { Explained, Finding, SizingResult } from '../types';
import { ingressWeightFinding, nginxPodPlanOf, type NginxPodInputs, type NginxPodPlan } from './nginx-pod';

/** What the deploy section needs of a server kind (a KindRow, or the main servers' web sizing when there are no other kinds). */
export type KindSizing = Pick<KindRow, 'name' | 'servers' | 'serverPlan' | 'sizing'>;
export type { NginxPodPlan } from './nginx-pod';

/** HPA tolerance: the controller ignores ratios within 10% of 1 (DOMAIN.md G.6, cluster-wide default). */
export const HPA_TOLERANCE = 0.1;
/** Readiness probe period: often enough that a pod leaves the endpoints within a few seconds [U]. */
export const READINESS_PERIOD_S = 5;
export const LIVENESS_PERIOD_S = 10;
/**
 * preStop sleep: time for the endpoint removal to reach kube-proxy and the ingress before SIGTERM, so
 * no new request is routed to a pod that is stopping [U: propagation is a few seconds in practice].
 */
export const PRESTOP_SLEEP_S = 5;
/** Time after graceful_timeout for the master to exit before SIGKILL [U]. */
export const TERMINATION_MARGIN_S = 5;
/** 5xx share of responses that pages someone [U: no error budget in the plan]. */
export const ERROR_RATIO_ALERT = 0.01;

export interface ProbeTimings {
  initialDelayS: Explained;
  periodS: Explained;
  timeoutS: Explained;
  failureThreshold: Explained;
}

/** One server kind as a Deployment: its pods, probes, shutdown and autoscaling bounds. */
export interface PodPlan {
  /** The kind's name in the plan ("main" for the plan's own hardware). */
  kind: string;
  primary: boolean;
  /** Memory of the app container from the server's memory budget (app master + workers, shared pages once). */
  memoryRequestMiB: Explained;
  /** The budget with its headroom: the limit sits where the budget is 80% of it. */
  memoryLimitMiB: Explained;
  /** CPU request = limit, in millicores: the cores the model lets the pool use. */
  cpuMillicores: Explained;
  /** Gunicorn workers (or PHP-FPM max children) inside the pod, written explicitly. */
  workers: Explained;
  hpaCpuTargetPct: Explained;
  minReplicas: Explained;
  maxReplicas: Explained;
  pdbMinAvailable: Explained;
  readiness: ProbeTimings;
  liveness: ProbeTimings;
  preStopSleepS: Explained;
  terminationGracePeriodS: Explained;
  /** The app's own graceful stop, s (Gunicorn graceful_timeout; PHP-FPM request_terminate_timeout). */
  gracefulS: number;
  /** The app's request timeout, s (Gunicorn timeout; PHP-FPM request_terminate_timeout). */
  appTimeoutS: number;
}

/** Thresholds of the Prometheus alerting rules. */
export interface AlertPlan {
  errorRatio: Explained;
  upstreamLatencyMs: Explained;
  /** The SLO's percentile as a quantile (0.95 for p95). */
  quantile: number;
  /** How long CPU may stay above the HPA target before it alerts (the HPA should have scaled by then). */
  cpuAboveTargetForMin: Explained;
}

export interface DeploySection {
  pods: PodPlan[];
  /** nginx as its own Deployment (deploy.k8sNginx = 'deployment' with a Kubernetes target); null otherwise (VMs, or the Ingress). */
  nginx: NginxPodPlan | null;
  alerts: AlertPlan;
  findings: Finding[];
}

const MIB = 'MiB';
/** Memory budget lines that belong to the app container (not OS, other processes or nginx, which run elsewhere in Kubernetes). */
const APP_ITEMS = /^(Gunicorn|Preloaded|PHP-FPM|opcache)/;

function appMemoryMiB(sizing: SizingResult): { mib: number; items: Record<string, number> } {
  const items = sizing.memory.items.filter((i) => APP_ITEMS.test(i.label));
  return { mib: items.reduce((s, i) => s + i.mib, 0), items: Object.fromEntries(items.map((i) => [i.label, i.mib])) };
}

function memoryOf(sizing: SizingResult): { request: Explained; limit: Explained } {
  const app = appMemoryMiB(sizing);
  const request = explain(Math.ceil(app.mib), {
    key: 'resources.requests.memory',
    label: 'Pod memory request',
    unit: MIB,
    formula: '⌈app master + workers (+ shared pages once)⌉ from the memory budget',
    inputs: app.items,
    why:
      'The scheduler places pods by their requests (DOMAIN.md G.6): the pod reserves what its sized pool uses (PSS, DOMAIN.md F.4). ' +
      'OS, other processes and nginx are not in this container.',
  });
  const limit = explain(Math.ceil(request.value / MEMORY_TARGET_SHARE), {
    key: 'resources.limits.memory',
    label: 'Pod memory limit',
    unit: MIB,
    formula: '⌈request / 0.8⌉',
    inputs: { requestMiB: request.value, targetShare: MEMORY_TARGET_SHARE },
    why:
      'A container over its memory limit is OOM-killed (DOMAIN.md G.6). The budget stays at 80% of the limit, the same line the ' +
      'memory bar warns at, leaving room for copy-on-write pages that unshare over time (DOMAIN.md F.4).',
  });
  return { request, limit };
}

function cpuOf(sizing: SizingResult): Explained {
  const cores = sizing.performance.cpuServers.value;
  return explain(Math.max(100, Math.ceil((cores * 1000) / 100) * 100), {
    key: 'resources.limits.cpu',
    label: 'Pod CPU (request = limit)',
    unit: 'millicores',
    formula: '⌈CPU servers of the model × 1000 / 100⌉ × 100 (at least 100m)',
    inputs: { cpuServers: cores },
    why:
      'The cores the performance model lets this pool use (min(effective cores, Python processes)). Request = limit, so the HPA\'s ' +
      'utilisation (measured against the request) is the model\'s CPU utilisation, and the pod is not throttled below what the model ' +
      'assumes (a CPU limit is enforced by throttling, DOMAIN.md G.6). One Kubernetes CPU is counted as one of the model\'s cores.',
  });
}

function workersOf(plan: Plan, sizing: SizingResult, cpuMillicores: number): Explained {
  const limitCores = Math.ceil(cpuMillicores / 1000);
  if (sizing.gunicorn) {
    const sized = sizing.gunicorn.workers.value;
    return explain(Math.min(sized, 4 * limitCores + 1), {
      key: 'workers',
      label: 'Gunicorn workers in the pod',
      formula: 'min(sized workers, 4 × ⌈CPU limit⌉ + 1)',
      inputs: { sizedWorkers: sized, cpuLimitCores: limitCores },
      why:
        'Gunicorn (like nginx\'s auto) counts the node\'s CPUs, not the container\'s quota (DOMAIN.md F.9), so the count is passed ' +
        'explicitly: the sized pool, capped at the config help\'s 4 × cores + 1 (DOMAIN.md A.1) of the CPU limit.',
    });
  }
  const children = sizing.phpfpm?.maxChildren.value ?? 1;
  return explain(children, {
    key: 'pm.max_children',
    label: 'PHP-FPM children in the pod',
    formula: 'pm.max_children of the sized pool',
    inputs: { maxChildren: children, cpuLimitCores: limitCores, app: plan.app },
    why: 'PHP-FPM does not derive its pool from the CPU count; the pool file carries the sized pm.max_children (DOMAIN.md B.6).',
  });
}

/**
 * CPU utilisation (of the pod's request = limit) at the highest load that still meets the SLO, over
 * (1 + HPA tolerance): the HPA acts only outside ±10%, so it must start scaling that much earlier.
 */
function hpaTargetOf(plan: Plan, sizing: SizingResult, cpuMillicores: number): Explained {
  const perf = sizing.performance;
  const cpuMsEff = plan.workload.cpuMs / plan.hardware.perCoreSpeed;
  const busyCoresAtSloMax = (perf.limitsRps.sloMax * appShare(plan) * cpuMsEff) / 1000;
  const utilAtSloMax = busyCoresAtSloMax / (cpuMillicores / 1000);
  const pct = Math.max(1, Math.min(100, Math.floor((utilAtSloMax * 100) / (1 + HPA_TOLERANCE))));
  return explain(pct, {
    key: 'averageUtilization',
    label: 'HPA CPU target',
    unit: '%',
    formula: '⌊100 × CPU used at the SLO-max load / CPU request / (1 + tolerance)⌋, 1–100',
    inputs: { sloMaxRps: round(perf.limitsRps.sloMax, 1), appShare: round(appShare(plan), 4), cpuMs: round(cpuMsEff, 2), cpuRequestCores: cpuMillicores / 1000, tolerance: HPA_TOLERANCE },
    why:
      `Above this utilisation the pool's ${perf.sloPercentile} passes ${perf.sloMs} ms (the performance model's SLO-max load). The HPA ` +
      'scales by ⌈replicas × current / target⌉ and ignores a 10% band (DOMAIN.md G.6), so the target sits 10% below that point.',
  });
}

function replicasOf(plan: Plan, analysisFleet: { serversNeeded: Explained<number | null> }, row: KindSizing): { min: Explained; max: Explained; pdb: Explained } {
  const f = plan.fleet;
  const mixed = f.otherKinds.length > 0;
  const needed = analysisFleet.serversNeeded.value;
  const minValue = row.servers === 0 ? 1 : !mixed && row.name === 'main' && needed !== null ? needed : row.servers;
  const min = explain(Math.max(1, minValue), {
    key: 'minReplicas',
    label: 'HPA minimum replicas',
    formula: mixed ? 'servers of this kind in the plan' : needed !== null ? 'servers needed for the target (+1 with N+1)' : 'servers in the plan (one server cannot meet the SLO)',
    inputs: { plannedServers: row.servers, serversNeeded: needed, spare: f.spare },
    why: 'The fleet sizing\'s answer: fewer pods miss the SLO at the planned load' + (f.spare ? ', and N+1 keeps one more so a pod can be lost.' : '.'),
  });
  const max = explain(Math.max(row.servers, 2 * min.value), {
    key: 'maxReplicas',
    label: 'HPA maximum replicas',
    formula: 'max(planned servers, 2 × minimum)',
    inputs: { plannedServers: row.servers, minReplicas: min.value },
    why: 'Room for one full scale-up step (the HPA doubles at most per 15 s by default, DOMAIN.md G.6) without exceeding a ceiling you did not plan for.',
  });
  const pdb = explain(Math.max(1, min.value - (f.spare ? 1 : 0)), {
    key: 'minAvailable',
    label: 'PodDisruptionBudget minAvailable',
    formula: f.spare ? 'minimum replicas − 1 (N+1)' : 'minimum replicas',
    inputs: { minReplicas: min.value, spare: f.spare },
    why: f.spare
      ? 'A voluntary eviction (node drain) may take one pod: the N+1 spare.'
      : 'Without N+1 every pod at the minimum is needed, so a drain waits until the HPA has added one (turn on N+1 to allow drains at the minimum).',
  });
  return { min, max, pdb };
}

function probesOf(plan: Plan, sizing: SizingResult): { readiness: ProbeTimings; liveness: ProbeTimings; appTimeoutS: number } {
  const bootS = Math.ceil(plan.gunicorn.workerBootS);
  const appTimeoutS = sizing.gunicorn?.timeoutS.value ?? sizing.phpfpm?.requestTerminateTimeoutS.value ?? 30;
  const init = (label: string) =>
    explain(plan.app === 'gunicorn' ? bootS : 0, {
      key: 'initialDelaySeconds',
      label,
      unit: 's',
      formula: plan.app === 'gunicorn' ? '⌈worker boot time⌉' : '0 (PHP-FPM children fork in milliseconds)',
      inputs: { workerBootS: plan.gunicorn.workerBootS },
      why: 'No probe before the workers can answer.',
    });
  const sloS = Math.max(1, Math.ceil(plan.workload.sloMs / 1000));
  const readiness: ProbeTimings = {
    initialDelayS: init('Readiness initial delay'),
    periodS: explain(READINESS_PERIOD_S, { key: 'periodSeconds', label: 'Readiness period', unit: 's', formula: 'constant', why: 'A pod that stops answering leaves the Service within period × failures [U].' }),
    timeoutS: explain(sloS, {
      key: 'timeoutSeconds',
      label: 'Readiness timeout',
      unit: 's',
      formula: 'max(1, ⌈SLO⌉ s)',
      inputs: { sloMs: plan.workload.sloMs },
      why: 'A /healthz answer slower than the SLO means the pod is too busy to take more traffic: take it out of the Service until it recovers.',
    }),
    failureThreshold: explain(3, { key: 'failureThreshold', label: 'Readiness failures', formula: 'Kubernetes default', why: 'DOMAIN.md G.6 default (3).' }),
  };
  const failures = Math.ceil(appTimeoutS / LIVENESS_PERIOD_S) + 1;
  const liveness: ProbeTimings = {
    initialDelayS: init('Liveness initial delay'),
    periodS: explain(LIVENESS_PERIOD_S, { key: 'periodSeconds', label: 'Liveness period', unit: 's', formula: 'Kubernetes default', why: 'DOMAIN.md G.6 default (10 s).' }),
    timeoutS: explain(1, { key: 'timeoutSeconds', label: 'Liveness timeout', unit: 's', formula: 'Kubernetes default', why: 'A TCP connect is answered by the kernel (the listen backlog), so 1 s (DOMAIN.md G.6 default) is plenty.' }),
    failureThreshold: explain(failures, {
      key: 'failureThreshold',
      label: 'Liveness failures',
      formula: '⌈app timeout / period⌉ + 1',
      inputs: { appTimeoutS, periodS: LIVENESS_PERIOD_S },
      why:
        'The app kills a stuck worker itself after its timeout (DOMAIN.md A.3, F.3); the kubelet restarts the whole container only if the ' +
        'socket stays dead longer than that, so a slow request never restarts the pod.',
    }),
  };
  return { readiness, liveness, appTimeoutS };
}

function shutdownOf(sizing: SizingResult): { preStop: Explained; grace: Explained; gracefulS: number } {
  const gracefulS = sizing.gunicorn?.gracefulTimeoutS.value ?? sizing.phpfpm?.requestTerminateTimeoutS.value ?? 30;
  const preStop = explain(PRESTOP_SLEEP_S, {
    key: 'preStop.sleep.seconds',
    label: 'preStop sleep',
    unit: 's',
    formula: 'constant',
    why: 'Keeps serving while the endpoint removal reaches kube-proxy and the ingress, so no request is routed to a stopping pod [U].',
  });
  const grace = explain(PRESTOP_SLEEP_S + gracefulS + TERMINATION_MARGIN_S, {
    key: 'terminationGracePeriodSeconds',
    label: 'Termination grace period',
    unit: 's',
    formula: 'preStop sleep + graceful timeout + margin',
    inputs: { preStopS: PRESTOP_SLEEP_S, gracefulS, marginS: TERMINATION_MARGIN_S },
    why:
      'The countdown starts before preStop runs; then SIGTERM, then SIGKILL (DOMAIN.md G.6). It must cover the sleep and the app\'s own ' +
      'graceful stop, or in-flight requests are cut at the default 30 s.',
  });
  return { preStop, grace, gracefulS };
}

export function podPlanOf(plan: Plan, fleet: { serversNeeded: Explained<number | null> }, row: KindSizing): PodPlan {
  const sizing = row.sizing;
  const { request, limit } = memoryOf(sizing);
  const cpu = cpuOf(sizing);
  const replicas = replicasOf(plan, fleet, row);
  const probes = probesOf(row.serverPlan, sizing);
  const stop = shutdownOf(sizing);
  return {
    kind: row.name,
    primary: row.name === 'main',
    memoryRequestMiB: request,
    memoryLimitMiB: limit,
    cpuMillicores: cpu,
    workers: workersOf(row.serverPlan, sizing, cpu.value),
    hpaCpuTargetPct: hpaTargetOf(row.serverPlan, sizing, cpu.value),
    minReplicas: replicas.min,
    maxReplicas: replicas.max,
    pdbMinAvailable: replicas.pdb,
    readiness: probes.readiness,
    liveness: probes.liveness,
    preStopSleepS: stop.preStop,
    terminationGracePeriodS: stop.grace,
    gracefulS: stop.gracefulS,
    appTimeoutS: probes.appTimeoutS,
  };
}

function alertsOf(plan: Plan, pods: readonly PodPlan[]): AlertPlan {
  const w = plan.workload;
  const q = { p50: 0.5, p95: 0.95, p99: 0.99 }[w.sloPercentile];
  return {
    errorRatio: explain(ERROR_RATIO_ALERT, {
      key: 'error_ratio',
      label: '5xx share alert',
      formula: 'constant',
      why: 'A 1% share of 5xx responses over 5 minutes is worth a look; the plan has no error budget to derive it from [U].',
    }),
    upstreamLatencyMs: explain(w.sloMs, {
      key: 'upstream_latency_ms',
      label: `Upstream ${w.sloPercentile} alert`,
      unit: 'ms',
      formula: 'the SLO',
      inputs: { sloMs: w.sloMs, percentile: w.sloPercentile },
      why: 'The plan promises this latency at this percentile; the alert fires when the measured one passes it for 10 minutes.',
    }),
    quantile: q,
    cpuAboveTargetForMin: explain(15, {
      key: 'cpu_above_target_for',
      label: 'CPU above the HPA target for',
      unit: 'min',
      formula: 'constant',
      inputs: { deployments: pods.length },
      why: '[U] The HPA scales up within a minute or two; CPU still above the target after 15 minutes means it is at maxReplicas or cannot schedule pods.',
    }),
  };
}

function findingsOf(plan: Plan, pods: readonly PodPlan[], sloMaxOf: readonly number[]): Finding[] {
  const out: Finding[] = [];
  if (plan.deploy.target !== 'vm' && plan.deploy.vpa === 'auto') {
    out.push({
      id: 'k8s-hpa-vpa-fight',
      severity: 'warning',
      layer: 'system',
      message: 'A VPA in Auto mode and the exported HPA both act on CPU of the same pods: the VPA raises the request, the HPA then sees lower utilisation and removes pods.',
      fix: 'Run the VPA with updateMode "Off" (recommendations only) or on memory only, or drive the HPA from a custom metric (requests per second).',
      source: 'DOMAIN.md G.6 (kubernetes/autoscaler known limitations)',
    });
  }
  for (const [i, p] of pods.entries()) {
    if (plan.deploy.target === 'vm' || p.hpaCpuTargetPct.value > 10) continue;
    const unreachable = (sloMaxOf[i] ?? 0) <= 0;
    out.push({
      id: `k8s-hpa-target-low-${p.kind}`,
      severity: 'warning',
      layer: 'performance',
      message: unreachable
        ? `Server kind "${p.kind}": one pod misses the SLO even with no load, so no CPU target keeps it; the HPA target is the floor (1%).`
        : `Server kind "${p.kind}": the SLO is missed above ${p.hpaCpuTargetPct.value}% CPU, so a CPU-driven HPA would scale on noise.`,
      fix: unreachable
        ? 'Make one request fit the SLO first (less CPU or I/O per request, or a looser SLO); until then the HPA only keeps the minimum.'
        : 'The pool is limited by slots or I/O, not CPU: scale on requests per second (a custom metric) instead, or add workers.',
      source: 'DOMAIN.md G.6, F.10',
    });
  }
  const ingress = ingressWeightFinding(plan);
  if (ingress) out.push(ingress);
  return out;
}

/** What the nginx Deployment is derived from, minus the constants this module owns. */
export type NginxSizingInputs = Omit<NginxPodInputs, 'preStopSleepS' | 'terminationMarginS'>;

/** Does the plan run nginx as its own Kubernetes Deployment? */
export const nginxDeployed = (plan: Plan): boolean => plan.deploy.target !== 'vm' && plan.deploy.k8sNginx === 'deployment';

export function deploySectionOf(plan: Plan, fleet: { serversNeeded: Explained<number | null> }, rows: readonly KindSizing[], nginx: () => NginxSizingInputs): DeploySection {
  const pods = rows.map((r) => podPlanOf(plan, fleet, r));
  return {
    pods,
    nginx: nginxDeployed(plan) ? nginxPodPlanOf(plan, { ...nginx(), preStopSleepS: PRESTOP_SLEEP_S, terminationMarginS: TERMINATION_MARGIN_S }) : null,
    alerts: alertsOf(plan, pods),
    findings: findingsOf(plan, pods, rows.map((r) => r.sizing.performance.limitsRps.sloMax)),
  };
}
