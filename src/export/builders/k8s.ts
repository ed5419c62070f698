/**
 * Kubernetes objects (issue 17): per server kind a Deployment, a PodDisruptionBudget and an HPA; one
 * Service over every kind's pods; an ingress-nginx Ingress carrying the nginx analysis as
 * annotations. Every number is read from PlanAnalysis.deploy (src/engine/deploy/k8s.ts) or the web
 * sizing; this file only arranges them. DOMAIN.md G.6.
 */
import type { PodPlan } from '../../engine/deploy/k8s';
import type { PlanAnalysis } from '../../engine/analysis/types';
import type { Plan } from '../../plan/schema';
import { kindName, token, UnsafeValueError } from '../safe';
import type { PlainData } from '../printers/yaml';

export const K8S_DIR = 'k8s';
const PART_OF = 'headroom';
const CONFIG_MOUNT = { gunicorn: '/etc/gunicorn', phpfpm: '/usr/local/etc/php-fpm.d' } as const;

/** A DNS-1123 name from a server kind's name: lowercase, `_` → `-`; "app" for the plan's own servers. */
export function deploymentNames(kinds: readonly string[]): string[] {
  const used = new Set<string>();
  return kinds.map((k, i) => {
    if (i > 0) kindName(k, `fleet.otherKinds.${i - 1}.name`);
    const slug = k.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'kind';
    let name = i === 0 ? 'app' : `app-${slug}`;
    // "old_1" and "old-1" are different kinds but the same DNS name.
    if (used.has(name)) name = `${name}-${i}`;
    used.add(name);
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) throw new UnsafeValueError(`fleet kind ${k}`, name, 'not a Kubernetes object name');
    return name;
  });
}

export interface K8sObjects {
  /** One file per kind: Deployment, PodDisruptionBudget, HorizontalPodAutoscaler. */
  perKind: { kind: string; name: string; configFrom: string; docs: PlainData[] }[];
  /** The Service and the Ingress. */
  front: PlainData[];
}

const labelsOf = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'app', 'app.kubernetes.io/part-of': PART_OF });
const meta = (plan: Plan, name: string) => ({ name, namespace: token(plan.deploy.namespace, 'deploy.namespace'), labels: labelsOf(name) });

function appPort(plan: Plan): number {
  return plan.app === 'gunicorn' ? plan.deploy.appPort : plan.deploy.fpmPort;
}

function probeTimings(t: PodPlan['readiness']) {
  return {
    initialDelaySeconds: t.initialDelayS.value,
    periodSeconds: t.periodS.value,
    timeoutSeconds: t.timeoutS.value,
    failureThreshold: t.failureThreshold.value,
  };
}

function containerOf(plan: Plan, pod: PodPlan): PlainData {
  const port = appPort(plan);
  const mem = (mib: number) => `${mib}Mi`;
  const cpu = `${pod.cpuMillicores.value}m`;
  const isGunicorn = plan.app === 'gunicorn';
  const command = isGunicorn
    ? [
        'gunicorn',
        '--config', `${CONFIG_MOUNT.gunicorn}/gunicorn.conf.py`,
        // The command line overrides the file: a pod listens on every interface, and its worker count follows its CPU limit.
        '--bind', `0.0.0.0:${port}`,
        '--workers', String(pod.workers.value),
        // The heartbeat file on tmpfs, so a slow disk cannot make the arbiter kill workers (DOMAIN.md G.2).
        '--worker-tmp-dir', '/dev/shm',
        token(plan.deploy.appModule, 'deploy.appModule'),
      ]
    : ['php-fpm', '--nodaemonize'];
  return {
    name: 'app',
    image: token(plan.deploy.appImage, 'deploy.appImage'),
    command,
    ports: [{ name: 'app', containerPort: port }],
    resources: { requests: { cpu, memory: mem(pod.memoryRequestMiB.value) }, limits: { cpu, memory: mem(pod.memoryLimitMiB.value) } },
    // FastCGI is not HTTP, so PHP-FPM's readiness is a TCP connect too; nginx's /healthz passes through to it.
    readinessProbe: isGunicorn ? { httpGet: { path: '/healthz', port: 'app' }, ...probeTimings(pod.readiness) } : { tcpSocket: { port: 'app' }, ...probeTimings(pod.readiness) },
    livenessProbe: { tcpSocket: { port: 'app' }, ...probeTimings(pod.liveness) },
    lifecycle: { preStop: { sleep: { seconds: pod.preStopSleepS.value } } },
    volumeMounts: [{ name: 'config', mountPath: CONFIG_MOUNT[plan.app], readOnly: true }],
  };
}

function deploymentOf(plan: Plan, pod: PodPlan, name: string): PlainData {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(plan, name),
    spec: {
      replicas: pod.minReplicas.value,
      selector: { matchLabels: labelsOf(name) },
      // Never below the sized capacity during a rollout: add a pod, then remove one.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labelsOf(name) },
        spec: {
          terminationGracePeriodSeconds: pod.terminationGracePeriodS.value,
          containers: [containerOf(plan, pod)],
          volumes: [
            plan.app === 'gunicorn'
              ? { name: 'config', configMap: { name: `${name}-config` } }
              : { name: 'config', projected: { sources: [{ configMap: { name: `${name}-config` } }, { configMap: { name: `${name}-listen` } }] } },
          ],
        },
      },
    },
  };
}

/**
 * PHP-FPM in a pod listens on TCP for the Service, whatever the pool file says (a unix socket for one
 * server, allowed_clients for the nginx host): a later section of the same pool overrides those keys
 * (as the official image's zz-docker.conf does), and an empty allowed_clients admits any client.
 */
export const FPM_K8S_OVERRIDE = 'zz-headroom-k8s.conf';
export function fpmListenOverride(plan: Plan): string {
  return `[${token(plan.deploy.fpmPoolName, 'deploy.fpmPoolName')}]\nlisten = ${plan.deploy.fpmPort}\nlisten.allowed_clients =\n`;
}

function fpmListenConfigMap(plan: Plan, name: string): PlainData {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(plan, `${name}-listen`), data: { [FPM_K8S_OVERRIDE]: fpmListenOverride(plan) } };
}

function pdbOf(plan: Plan, pod: PodPlan, name: string): PlainData {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(plan, name),
    spec: { minAvailable: pod.pdbMinAvailable.value, selector: { matchLabels: labelsOf(name) } },
  };
}

function hpaOf(plan: Plan, pod: PodPlan, name: string): PlainData {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(plan, name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: pod.minReplicas.value,
      maxReplicas: pod.maxReplicas.value,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: pod.hpaCpuTargetPct.value } } }],
      // The defaults, written out so they are visible (DOMAIN.md G.6): scale up at once, down after 5 minutes of low load.
      behavior: { scaleUp: { stabilizationWindowSeconds: 0 }, scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

function serviceOf(plan: Plan): PlainData {
  const port = appPort(plan);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(plan, 'app'),
    spec: {
      type: 'ClusterIP',
      // Every server kind's pods: one Service, as nginx had one upstream.
      selector: { 'app.kubernetes.io/component': 'app', 'app.kubernetes.io/part-of': PART_OF },
      ports: [{ name: 'app', port, targetPort: 'app', protocol: 'TCP' }],
    },
  };
}

/** ingress-nginx annotations from the nginx sizing: the same timeouts and buffers as nginx.conf. */
function ingressOf(analysis: PlanAnalysis): PlainData {
  const { plan } = analysis;
  const n = analysis.web.nginx;
  const a = 'nginx.ingress.kubernetes.io';
  const annotations: Record<string, string> = {
    [`${a}/proxy-connect-timeout`]: String(n.proxyConnectTimeoutS.value),
    [`${a}/proxy-read-timeout`]: String(n.proxyReadTimeoutS.value),
    [`${a}/proxy-send-timeout`]: String(n.proxySendTimeoutS.value),
    [`${a}/proxy-buffer-size`]: `${n.proxyBufferSizeKiB.value}k`,
    [`${a}/proxy-buffers-number`]: String(n.proxyBuffersCount.value),
    [`${a}/client-body-buffer-size`]: `${n.clientBodyBufferSizeKiB.value}k`,
  };
  if (plan.app === 'phpfpm') {
    annotations[`${a}/backend-protocol`] = 'FCGI';
    annotations[`${a}/fastcgi-index`] = 'index.php';
    annotations[`${a}/fastcgi-params-configmap`] = FASTCGI_PARAMS;
  }
  const host = plan.deploy.serverName === '_' ? undefined : token(plan.deploy.serverName, 'deploy.serverName');
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...meta(plan, 'app'), annotations },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'app', port: { name: 'app' } } } }] } }],
    },
  };
}

const FASTCGI_PARAMS = 'app-fastcgi-params';

/** ingress-nginx passes these FastCGI params to PHP-FPM: every request runs the front controller under phpRoot. */
function fastcgiParamsOf(plan: Plan): PlainData {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(plan, FASTCGI_PARAMS), data: { SCRIPT_FILENAME: `${token(plan.deploy.phpRoot, 'deploy.phpRoot')}/index.php` } };
}

export function buildK8s(analysis: PlanAnalysis, configFiles: readonly string[]): K8sObjects {
  const { plan } = analysis;
  const pods = analysis.deploy.pods;
  const names = deploymentNames(pods.map((p) => p.kind));
  return {
    perKind: pods.map((pod, i) => {
      const name = names[i] ?? 'app';
      const docs = [deploymentOf(plan, pod, name), pdbOf(plan, pod, name), hpaOf(plan, pod, name)];
      if (plan.app === 'phpfpm') docs.push(fpmListenConfigMap(plan, name));
      return { kind: pod.kind, name, configFrom: configFiles[i] ?? '', docs };
    }),
    front: [serviceOf(plan), ingressOf(analysis), ...(plan.app === 'phpfpm' ? [fastcgiParamsOf(plan)] : [])],
  };
}
