/**
 * nginx as its own Kubernetes Deployment (issue 17, plan.deploy.k8sNginx = 'deployment'): one nginx
 * pod per app server of the plan, as on the VMs where each server's memory budget holds its nginx,
 * so each pod carries the per-server load the nginx sizing (PlanAnalysis.web.nginx) is for. Every
 * number is derived here from that sizing, the memory budget's nginx line, the edge section's
 * worker_shutdown_timeout and the fleet's per-server load; the export only prints them. Pure.
 */
import type { Plan } from '../../plan/schema';
import { upstreamWeights } from '../cluster/shares';
import { MEMORY_TARGET_SHARE } from '../context';
import { explain, round } from '../explain';
import { workerConnectionsFor } from '../nginx';
import type { Explained, Finding, NginxSettings } from '../types';
import type { ProbeTimings } from './k8s';

/**
 * nginx's own CPU per proxied request on the reference core, ms: measured on loopback
 * (bench/realserver overhead-* sweeps: nginx fastcgi ≈ 0.045 ms per request, plain HTTP).
 */
export const NGINX_CPU_MS_REF = 0.045;
/** CPU headroom over the measured per-request cost for TLS records, gzip and bursts [U: no TLS cost measured here]. */
export const NGINX_CPU_HEADROOM = 2;
/** Readiness of nginx itself: /healthz is answered by nginx without the app, so 1 s is plenty. */
const NGINX_PROBE_TIMEOUT_S = 1;

export interface NginxPodInputs {
  /** The main servers' nginx sizing (web section). */
  nginx: NginxSettings;
  /** The memory budget's nginx line, MiB (workers × per-worker + response buffers + cache keys zone). */
  nginxBudgetMiB: number;
  /** worker_shutdown_timeout of the exported nginx.conf, s (edge section). */
  workerShutdownTimeoutS: number;
  /** Requests/s at nginx of one server (fleet section): what one nginx pod carries. */
  perServerLoadRps: number;
  /** preStop sleep and the margin after the graceful stop, s (the app pods' constants). */
  preStopSleepS: number;
  terminationMarginS: number;
}

export interface NginxPodPlan {
  replicas: Explained;
  pdbMinAvailable: Explained;
  cpuMillicores: Explained;
  /** worker_processes in the pod: from the CPU limit, not the node's CPUs (`auto` counts the node's). */
  workerProcesses: Explained;
  workerConnections: Explained;
  workerRlimitNofile: Explained;
  memoryRequestMiB: Explained;
  memoryLimitMiB: Explained;
  readiness: ProbeTimings;
  liveness: ProbeTimings;
  preStopSleepS: Explained;
  terminationGracePeriodS: Explained;
  /** nginx upstream weight of each server kind's Service, in the deploy section's pod order. */
  serviceWeights: Explained[];
}

const totalServers = (plan: Plan) => plan.fleet.servers + plan.fleet.otherKinds.reduce((n, k) => n + k.servers, 0);

function replicasOf(plan: Plan): { replicas: Explained; pdb: Explained } {
  const servers = totalServers(plan);
  const replicas = explain(Math.max(1, servers), {
    key: 'replicas',
    label: 'nginx pods',
    formula: 'app servers of the plan (every kind)',
    inputs: { mainServers: plan.fleet.servers, otherKindServers: servers - plan.fleet.servers },
    why:
      'One nginx per app server, as on the VMs (each server\'s memory budget holds its nginx), so each pod carries the per-server load ' +
      'its worker_connections and buffers are sized for.',
  });
  const pdb = explain(Math.max(1, replicas.value - 1), {
    key: 'minAvailable',
    label: 'nginx PodDisruptionBudget minAvailable',
    formula: 'max(1, nginx pods − 1)',
    inputs: { replicas: replicas.value },
    why: 'A node drain may take one nginx pod at a time; the others then carry its share for the drain.',
  });
  return { replicas, pdb };
}

function cpuOf(plan: Plan, perServerLoadRps: number): Explained {
  const cpuMs = NGINX_CPU_MS_REF / plan.hardware.perCoreSpeed;
  const busyCores = (perServerLoadRps * cpuMs) / 1000;
  return explain(Math.max(100, Math.ceil((NGINX_CPU_HEADROOM * busyCores * 1000) / 100) * 100), {
    key: 'resources.limits.cpu',
    label: 'nginx pod CPU (request = limit)',
    unit: 'millicores',
    formula: '⌈headroom × load per server × nginx CPU ms / 1000 to 100m⌉ (at least 100m)',
    inputs: { perServerLoadRps: round(perServerLoadRps, 1), nginxCpuMs: round(cpuMs, 4), headroom: NGINX_CPU_HEADROOM },
    why:
      `nginx spends about ${NGINX_CPU_MS_REF} ms of CPU per proxied request on the reference core (measured, bench/realserver); ` +
      `×${NGINX_CPU_HEADROOM} for TLS, gzip and bursts [U]. Request = limit: a CPU limit is enforced by throttling (DOMAIN.md G.6).`,
  });
}

function workersOf(n: NginxSettings, cpuMillicores: number): Pick<NginxPodPlan, 'workerProcesses' | 'workerConnections' | 'workerRlimitNofile'> {
  const procs = Math.max(1, Math.ceil(cpuMillicores / 1000));
  const workerProcesses = explain(procs, {
    key: 'worker_processes',
    label: 'nginx worker_processes in the pod',
    formula: '⌈CPU limit⌉',
    inputs: { cpuLimitMillicores: cpuMillicores },
    why: '`auto` counts the node\'s online CPUs and ignores the cgroup quota (DOMAIN.md C.1, F.9), so the pod writes its own CPU limit.',
  });
  const peak = n.peakConnections.value;
  const workerConnections = explain(workerConnectionsFor(peak, procs), {
    key: 'worker_connections',
    label: 'nginx worker_connections in the pod',
    formula: 'max(1024, ⌈2 × peak connections / worker_processes⌉ to 512)',
    inputs: { peakConnections: peak, workerProcesses: procs },
    why: 'The nginx sizing\'s rule with the pod\'s worker count: the same peak connections spread over fewer workers (DOMAIN.md C.1).',
  });
  const workerRlimitNofile = explain(2 * workerConnections.value, {
    key: 'worker_rlimit_nofile',
    label: 'nginx worker_rlimit_nofile in the pod',
    formula: '2 × worker_connections',
    inputs: { workerConnections: workerConnections.value },
    why: 'Each connection is a file descriptor, plus open files and logs (DOMAIN.md C.2 [U]).',
  });
  return { workerProcesses, workerConnections, workerRlimitNofile };
}

function memoryOf(plan: Plan, n: NginxSettings, budgetMiB: number, podProcs: number): { request: Explained; limit: Explained } {
  const hostProcs = n.workerProcesses.value;
  // The budget line counts the host's workers; the pod runs its own count, with the same buffers and cache zone,
  // and its master (on a VM inside the OS reserve, here inside the container's limit) counted as one more worker.
  const podMiB = budgetMiB - (hostProcs - podProcs) * plan.nginx.workerMemMiB + plan.nginx.workerMemMiB;
  const request = explain(Math.ceil(podMiB), {
    key: 'resources.requests.memory',
    label: 'nginx pod memory request',
    unit: 'MiB',
    formula: '⌈nginx budget line − (host workers − pod workers) × per-worker memory + one master⌉',
    inputs: { nginxBudgetMiB: round(budgetMiB, 1), hostWorkers: hostProcs, podWorkers: podProcs, workerMemMiB: plan.nginx.workerMemMiB },
    why:
      'The memory bar\'s nginx line (workers, response buffers of the in-flight requests, the cache keys zone) for the pod\'s worker ' +
      'count, plus the master process, which counts against the container\'s limit (about one worker\'s size [U]).',
  });
  const limit = explain(Math.ceil(request.value / MEMORY_TARGET_SHARE), {
    key: 'resources.limits.memory',
    label: 'nginx pod memory limit',
    unit: 'MiB',
    formula: '⌈request / 0.8⌉',
    inputs: { requestMiB: request.value, targetShare: MEMORY_TARGET_SHARE },
    why: 'A container over its memory limit is OOM-killed (DOMAIN.md G.6); the budget stays at 80% of the limit, like the app pods.',
  });
  return { request, limit };
}

function probesOf(): { readiness: ProbeTimings; liveness: ProbeTimings } {
  const k = (key: string, label: string, value: number, formula: string, why: string, unit = '') => explain(value, { key, label, unit, formula, why });
  return {
    readiness: {
      initialDelayS: k('initialDelaySeconds', 'nginx readiness initial delay', 0, 'Kubernetes default', 'nginx answers as soon as it has started.', 's'),
      periodS: k('periodSeconds', 'nginx readiness period', 5, 'constant', 'A pod that stops answering leaves the Service within period × failures [U].', 's'),
      timeoutS: k('timeoutSeconds', 'nginx readiness timeout', NGINX_PROBE_TIMEOUT_S, 'Kubernetes default', 'GET /healthz is answered by nginx itself, not the app (DOMAIN.md G.6 default 1 s).', 's'),
      failureThreshold: k('failureThreshold', 'nginx readiness failures', 3, 'Kubernetes default', 'DOMAIN.md G.6 default (3).'),
    },
    liveness: {
      initialDelayS: k('initialDelaySeconds', 'nginx liveness initial delay', 0, 'Kubernetes default', 'nginx listens as soon as it has started.', 's'),
      periodS: k('periodSeconds', 'nginx liveness period', 10, 'Kubernetes default', 'DOMAIN.md G.6 default (10 s).', 's'),
      timeoutS: k('timeoutSeconds', 'nginx liveness timeout', 1, 'Kubernetes default', 'A TCP connect is answered by the kernel (DOMAIN.md G.6 default 1 s).', 's'),
      failureThreshold: k('failureThreshold', 'nginx liveness failures', 3, 'Kubernetes default', 'DOMAIN.md G.6 default (3): 30 s without a listening socket restarts nginx.'),
    },
  };
}

function shutdownOf(inputs: NginxPodInputs): { preStop: Explained; grace: Explained } {
  const preStop = explain(inputs.preStopSleepS, {
    key: 'preStop.sleep.seconds',
    label: 'nginx preStop sleep',
    unit: 's',
    formula: 'constant (as the app pods)',
    why: 'Keeps accepting while the endpoint removal reaches kube-proxy and the load balancer in front [U].',
  });
  const shutdownS = inputs.workerShutdownTimeoutS;
  const grace = explain(inputs.preStopSleepS + shutdownS + inputs.terminationMarginS, {
    key: 'terminationGracePeriodSeconds',
    label: 'nginx termination grace period',
    unit: 's',
    formula: 'preStop sleep + worker_shutdown_timeout + margin',
    inputs: { preStopS: inputs.preStopSleepS, workerShutdownTimeoutS: shutdownS, marginS: inputs.terminationMarginS },
    why:
      'The image stops nginx with SIGQUIT (graceful: workers finish their requests, cut after worker_shutdown_timeout); the countdown ' +
      'covers the sleep before it and that timeout, or the default 30 s kills long responses (DOMAIN.md G.6).',
  });
  return { preStop, grace };
}

/** Each kind's Service weight: the sum of its servers' nginx weights, so the Services split the load as the VMs' upstream does. */
function serviceWeightsOf(plan: Plan): Explained[] {
  const { weights, kindOf } = upstreamWeights(plan.fleet);
  const kinds = 1 + plan.fleet.otherKinds.length;
  return Array.from({ length: kinds }, (_, k) => {
    const own = weights.filter((_w, i) => kindOf[i] === k);
    return explain(
      own.reduce((s, w) => s + w, 0),
      {
        key: 'weight',
        label: `Service weight of server kind ${k === 0 ? 'main' : plan.fleet.otherKinds[k - 1]?.name ?? k}`,
        formula: 'Σ nginx weights of the kind\'s servers',
        inputs: { servers: own.length, weights: own.join(' ') },
        why: 'nginx reaches each kind through its Service (kube-proxy spreads over the kind\'s pods): the kind gets its servers\' share of the requests.',
      },
    );
  });
}

export function nginxPodPlanOf(plan: Plan, inputs: NginxPodInputs): NginxPodPlan {
  const { replicas, pdb } = replicasOf(plan);
  const cpu = cpuOf(plan, inputs.perServerLoadRps);
  const workers = workersOf(inputs.nginx, cpu.value);
  const { request, limit } = memoryOf(plan, inputs.nginx, inputs.nginxBudgetMiB, workers.workerProcesses.value);
  const { preStop, grace } = shutdownOf(inputs);
  return {
    replicas,
    pdbMinAvailable: pdb,
    cpuMillicores: cpu,
    ...workers,
    memoryRequestMiB: request,
    memoryLimitMiB: limit,
    ...probesOf(),
    preStopSleepS: preStop,
    terminationGracePeriodS: grace,
    serviceWeights: serviceWeightsOf(plan),
  };
}

/**
 * ingress-nginx balances over the pods of one Service evenly (per pod, not by the plan's weights):
 * mixed kinds with different weights get the wrong shares there.
 */
export function ingressWeightFinding(plan: Plan): Finding | null {
  const f = plan.fleet;
  if (plan.deploy.target === 'vm' || plan.deploy.k8sNginx !== 'ingress' || f.otherKinds.length === 0) return null;
  const { weights } = upstreamWeights(f);
  if (weights.every((w) => w === weights[0])) return null;
  return {
    id: 'k8s-ingress-ignores-weights',
    severity: 'warning',
    layer: 'nginx',
    message: 'The Ingress spreads requests evenly over every kind\'s pods, not by the plan\'s nginx weights: the slower kinds get more than their share.',
    fix: 'Run nginx as a Deployment (Export: "nginx on Kubernetes"): its upstream weights each kind\'s Service as the plan does.',
    source: 'DOMAIN.md C.5, G.6',
  };
}
