/**
 * Kubernetes objects (issue 17): per server kind a Deployment, a PodDisruptionBudget, an HPA and its
 * own Service; in front either an ingress-nginx Ingress carrying the nginx analysis as annotations,
 * or (deploy.k8sNginx = 'deployment') nginx itself: the exported nginx.conf as a ConfigMap, a
 * Deployment, a PodDisruptionBudget and a LoadBalancer Service. Every number is read from
 * PlanAnalysis.deploy (src/engine/deploy/) or the web sizing; this file only arranges them. DOMAIN.md G.6.
 */
import type { NginxPodPlan, PodPlan } from '../../engine/deploy/k8s';
import type { PlanAnalysis } from '../../engine/analysis/types';
import type { Plan } from '../../plan/schema';
import { kindName, token, UnsafeValueError } from '../safe';
import type { PlainData } from '../printers/yaml';
import { printNginx } from '../printers/nginx';
import type { ExportOptions } from '../types';
import { buildNginxConf, type NginxPodConf } from './nginx-conf';
import { HEALTHZ_PATH } from './nginx-edge';

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
  /** One file per kind: Deployment, PodDisruptionBudget, HorizontalPodAutoscaler, Service. */
  perKind: { kind: string; name: string; configFrom: string; docs: PlainData[] }[];
  /** The Ingress (with a Service over every kind's pods when there are several), or nginx's ConfigMap, Deployment, PodDisruptionBudget and Service. */
  front: PlainData[];
}

type Component = 'app' | 'nginx';
const labelsOf = (name: string, component: Component = 'app') => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': PART_OF });
const meta = (plan: Plan, name: string, component: Component = 'app') => ({ name, namespace: token(plan.deploy.namespace, 'deploy.namespace'), labels: labelsOf(name, component) });
/** The nginx Deployment's (and its ConfigMap's, PDB's and Service's) name. */
export const NGINX_NAME = 'nginx';
/** The Secret holding nginx's certificate (kubernetes.io/tls: tls.crt, tls.key; ca.crt for OCSP stapling). */
export const NGINX_TLS_SECRET = 'nginx-tls';
/** The Service over every kind's pods, for the Ingress when there are several kinds. */
const ALL_KINDS_SERVICE = 'app-all';

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

/** A server kind's own Service (its Deployment's pods), or with `allKinds` one over every kind's app pods. */
function serviceOf(plan: Plan, name: string, allKinds = false): PlainData {
  const port = appPort(plan);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(plan, name),
    spec: {
      type: 'ClusterIP',
      selector: allKinds ? { 'app.kubernetes.io/component': 'app', 'app.kubernetes.io/part-of': PART_OF } : labelsOf(name),
      ports: [{ name: 'app', port, targetPort: 'app', protocol: 'TCP' }],
    },
  };
}

/** ingress-nginx annotations from the nginx sizing: the same timeouts and buffers as nginx.conf. */
function ingressOf(analysis: PlanAnalysis, service: string): PlainData {
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
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { name: 'app' } } } }] } }],
    },
  };
}

const FASTCGI_PARAMS = 'app-fastcgi-params';

/** ingress-nginx passes these FastCGI params to PHP-FPM: every request runs the front controller under phpRoot. */
function fastcgiParamsOf(plan: Plan): PlainData {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(plan, FASTCGI_PARAMS), data: { SCRIPT_FILENAME: `${token(plan.deploy.phpRoot, 'deploy.phpRoot')}/index.php` } };
}

/** The Ingress in front: to the one kind's Service, or to a Service over every kind's pods (ingress-nginx then spreads per pod; a finding says so when weights differ). */
function ingressFront(analysis: PlanAnalysis, names: readonly string[]): PlainData[] {
  const { plan } = analysis;
  const several = names.length > 1;
  const target = several ? ALL_KINDS_SERVICE : (names[0] ?? 'app');
  return [...(several ? [serviceOf(plan, ALL_KINDS_SERVICE, true)] : []), ingressOf(analysis, target), ...(plan.app === 'phpfpm' ? [fastcgiParamsOf(plan)] : [])];
}

/** The exported nginx.conf for the pod: the pod's worker counts, each kind's Service as the upstream. */
export function nginxPodConfText(analysis: PlanAnalysis, opts: ExportOptions, nginx: NginxPodPlan): string {
  const { plan } = analysis;
  const ns = token(plan.deploy.namespace, 'deploy.namespace');
  const names = deploymentNames(analysis.deploy.pods.map((p) => p.kind));
  const several = names.length > 1;
  const pod: NginxPodConf = {
    workerProcesses: nginx.workerProcesses,
    workerConnections: nginx.workerConnections,
    workerRlimitNofile: nginx.workerRlimitNofile,
    services: names.map((name, i) => {
      const w = nginx.serviceWeights[i];
      return { host: `${name}.${ns}.svc`, weight: several && w ? w.value : null, note: `server kind ${analysis.deploy.pods[i]?.kind ?? name}${w && several ? `: ${w.formula} = ${w.value}` : ''}` };
    }),
  };
  const conf = buildNginxConf(plan, analysis.web, opts, analysis.edge, analysis.cluster.cache, pod);
  return printNginx(conf.header, conf.nodes);
}

const nginxPorts = (plan: Plan) => [
  { name: 'http', containerPort: plan.deploy.listenPort },
  ...(plan.edge.tls === 'nginx' ? [{ name: 'https', containerPort: plan.edge.httpsPort }] : []),
];

/** Where the app image keeps what nginx serves itself: the static files (Gunicorn) or the PHP document root (try_files checks the scripts exist). */
const servedRoot = (plan: Plan) => (plan.app === 'gunicorn' ? token(plan.deploy.staticRoot, 'deploy.staticRoot') : token(plan.deploy.phpRoot, 'deploy.phpRoot'));

/** The certificate files nginx.conf names, each from the TLS Secret (subPath mounts: a rotated Secret needs a rollout, like a changed ConfigMap). */
function tlsMounts(plan: Plan): PlainData[] {
  if (plan.edge.tls !== 'nginx') return [];
  const e = plan.edge;
  return [
    { name: 'tls', mountPath: token(e.certPath, 'edge.certPath'), subPath: 'tls.crt', readOnly: true },
    { name: 'tls', mountPath: token(e.keyPath, 'edge.keyPath'), subPath: 'tls.key', readOnly: true },
    ...(e.ocspStapling ? [{ name: 'tls', mountPath: token(e.chainPath, 'edge.chainPath'), subPath: 'ca.crt', readOnly: true }] : []),
  ];
}

function nginxContainer(plan: Plan, nginx: NginxPodPlan): PlainData {
  const cpu = `${nginx.cpuMillicores.value}m`;
  return {
    name: 'nginx',
    image: `nginx:${plan.nginx.version}`,
    ports: nginxPorts(plan),
    resources: { requests: { cpu, memory: `${nginx.memoryRequestMiB.value}Mi` }, limits: { cpu, memory: `${nginx.memoryLimitMiB.value}Mi` } },
    // /healthz on the plain-HTTP port is answered by nginx itself (also in the HTTPS redirect server).
    readinessProbe: { httpGet: { path: HEALTHZ_PATH, port: 'http' }, ...probeTimings(nginx.readiness) },
    livenessProbe: { tcpSocket: { port: 'http' }, ...probeTimings(nginx.liveness) },
    // The nginx image stops with SIGQUIT (graceful); the sleep first lets the endpoint removal propagate.
    lifecycle: { preStop: { sleep: { seconds: nginx.preStopSleepS.value } } },
    // The master starts as root to bind the ports and switch to the `user` of nginx.conf; everything else is dropped.
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE'] },
    },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', readOnly: true },
      { name: 'served', mountPath: servedRoot(plan), readOnly: true },
      // Writable paths on a read-only root: the pid file, temp files and the microcache.
      { name: 'run', mountPath: '/run' },
      { name: 'cache', mountPath: '/var/cache/nginx' },
      ...tlsMounts(plan),
    ],
  };
}

function nginxDeployment(plan: Plan, nginx: NginxPodPlan): PlainData {
  const root = servedRoot(plan);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(plan, NGINX_NAME, 'nginx'),
    spec: {
      replicas: nginx.replicas.value,
      selector: { matchLabels: labelsOf(NGINX_NAME, 'nginx') },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labelsOf(NGINX_NAME, 'nginx') },
        spec: {
          terminationGracePeriodSeconds: nginx.terminationGracePeriodS.value,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          // nginx serves these files itself: a copy from the app image, so both come from the same build.
          initContainers: [
            {
              name: 'served-files',
              image: token(plan.deploy.appImage, 'deploy.appImage'),
              // -R, not -a: without CAP_CHOWN preserving the owner fails; the copies are world-readable (umask 022) for nginx's workers.
              command: ['cp', '-R', `${root}/.`, '/served/'],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'served', mountPath: '/served' }],
            },
          ],
          containers: [nginxContainer(plan, nginx)],
          volumes: [
            { name: 'config', configMap: { name: `${NGINX_NAME}-config` } },
            { name: 'served', emptyDir: {} },
            { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
            { name: 'cache', emptyDir: {} },
            ...(plan.edge.tls === 'nginx' ? [{ name: 'tls', secret: { secretName: NGINX_TLS_SECRET } }] : []),
          ],
        },
      },
    },
  };
}

function nginxFront(analysis: PlanAnalysis, opts: ExportOptions, nginx: NginxPodPlan): PlainData[] {
  const { plan } = analysis;
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(plan, `${NGINX_NAME}-config`, 'nginx'), data: { 'nginx.conf': nginxPodConfText(analysis, opts, nginx) } },
    nginxDeployment(plan, nginx),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(plan, NGINX_NAME, 'nginx'),
      spec: { minAvailable: nginx.pdbMinAvailable.value, selector: { matchLabels: labelsOf(NGINX_NAME, 'nginx') } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(plan, NGINX_NAME, 'nginx'),
      spec: {
        type: 'LoadBalancer',
        // Keeps the client address (no SNAT hop); the cloud balancer only sends to nodes running an nginx pod.
        externalTrafficPolicy: 'Local',
        selector: labelsOf(NGINX_NAME, 'nginx'),
        ports: nginxPorts(plan).map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: 'TCP' })),
      },
    },
  ];
}

export function buildK8s(analysis: PlanAnalysis, configFiles: readonly string[], opts: ExportOptions): K8sObjects {
  const { plan } = analysis;
  const pods = analysis.deploy.pods;
  const names = deploymentNames(pods.map((p) => p.kind));
  const nginx = analysis.deploy.nginx;
  return {
    perKind: pods.map((pod, i) => {
      const name = names[i] ?? 'app';
      const docs = [deploymentOf(plan, pod, name), pdbOf(plan, pod, name), hpaOf(plan, pod, name), serviceOf(plan, name)];
      if (plan.app === 'phpfpm') docs.push(fpmListenConfigMap(plan, name));
      return { kind: pod.kind, name, configFrom: configFiles[i] ?? '', docs };
    }),
    front: nginx ? nginxFront(analysis, opts, nginx) : ingressFront(analysis, names),
  };
}
