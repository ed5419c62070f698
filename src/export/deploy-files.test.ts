/**
 * The deployment files (issue 17): Kubernetes objects valid against the Kubernetes OpenAPI schemas
 * (kubernetes-models' Ajv validators) for every fixture and 60 random plans; their numbers equal the
 * analysis and mean what they say (the memory limit covers the budget, the HPA target keeps the
 * SLO, the replica bounds are the fleet's); promtool and docker-compose accept the other files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { analyzePlan, type PlanAnalysis } from '../engine/analysis/analyze-plan';
import { fixture, FIXTURE_NAMES } from '../plan/fixtures';
import { DEPLOY_TARGETS, K8S_NGINX_MODES, planSchema, VPA_MODES, type Plan, type PlanInput } from '../plan/schema';
import { FPM_K8S_OVERRIDE, fpmListenOverride } from './builders/k8s';
import { buildBundle } from './bundle';
import { fileGroup } from './deploy-files';
// Real validators (kubernetes-models, promtool, docker-compose) check these files: exportable plans only.
import { planArb, samplePlans } from '../plan/testing/plan-arb';
import { fpmTest, mapLimit, nginxTest, run, toolGate, writeBundle, writeSelfSignedCert } from './testing/tools';
import type { BundleFile } from './types';

const OPTS = { generatedAt: new Date('2026-03-01T12:00:00Z') };

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; spec?: Record<string, unknown>; data?: Record<string, string> };

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'networking.k8s.io/v1 Ingress': Ingress,
};

function yamlDocs(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('; '));
    return d.toJS();
  });
}

function k8sObjects(files: BundleFile[]): Obj[] {
  return files.filter((f) => f.path.startsWith('k8s/')).flatMap((f) => yamlDocs(f.text) as Obj[]);
}

/** Each object validated by the model of its apiVersion and kind; an unknown kind fails. */
function validateAll(objs: Obj[]): void {
  for (const o of objs) {
    const Model = MODELS[`${o.apiVersion} ${o.kind}`];
    expect(Model, `${o.apiVersion} ${o.kind}`).toBeDefined();
    expect(() => new Model!(o as never).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
  }
}

const extraArb = fc.record({
  target: fc.constantFrom(...DEPLOY_TARGETS.options),
  vpa: fc.constantFrom(...VPA_MODES.options),
  namespace: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/),
  k8sNginx: fc.constantFrom(...K8S_NGINX_MODES.options),
});
const withDeploy = (p: Plan, extra: Partial<Plan['deploy']>): Plan => planSchema.parse({ ...p, deploy: { ...p.deploy, ...extra } });

const bundleOf = (plan: Plan) => {
  const a = analyzePlan(plan);
  return { a, files: buildBundle(a, OPTS) };
};

describe('Kubernetes objects pass the Kubernetes OpenAPI schemas', () => {
  it.each(FIXTURE_NAMES)('%s (both apps, nginx as an Ingress and as a Deployment)', (name) => {
    for (const app of ['gunicorn', 'phpfpm'] as const) {
      const { files } = bundleOf(planSchema.parse({ ...fixture(name), app }));
      const objs = k8sObjects(files);
      expect(objs.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Service', 'Ingress']));
      validateAll(objs);
      const deployed = k8sObjects(bundleOf(withDeploy(planSchema.parse({ ...fixture(name), app }), { k8sNginx: 'deployment' })).files);
      expect(deployed.filter((o) => o.metadata.name === 'nginx').map((o) => o.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Service']);
      expect(deployed.map((o) => o.kind)).not.toContain('Ingress');
      validateAll(deployed);
    }
  });

  it('60 random plans, every target and VPA mode', () => {
    fc.assert(
      fc.property(planArb, extraArb, (p, extra) => {
        const { a, files } = bundleOf(withDeploy(p, extra));
        const objs = k8sObjects(files);
        if (extra.target === 'vm') {
          expect(objs).toEqual([]);
          expect(files.some((f) => f.format === 'systemd') || a.plan.app === 'phpfpm').toBe(true);
          return;
        }
        if (extra.target === 'k8s') expect(files.filter((f) => f.format === 'systemd')).toEqual([]);
        expect(objs.filter((o) => o.kind === 'Deployment')).toHaveLength(a.deploy.pods.length + (extra.k8sNginx === 'deployment' ? 1 : 0));
        expect(a.deploy.nginx === null).toBe(extra.k8sNginx === 'ingress');
        validateAll(objs);
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('the validator does catch a broken object (a string where a number belongs)', () => {
    const objs = k8sObjects(bundleOf(fixture('default')).files);
    const hpa = structuredClone(objs.find((o) => o.kind === 'HorizontalPodAutoscaler')!);
    (hpa.spec as Record<string, unknown>).minReplicas = 'two';
    expect(() => new HorizontalPodAutoscaler(hpa as never).validate()).toThrow();
  });
});

/** The sizing a kind's exported app config uses: the web section for the main servers, the kind's row for the others. */
const sizingOf = (a: PlanAnalysis, i: number) => (i === 0 ? a.web : a.kinds.rows[i]!.sizing);

function appBudgetMiB(a: PlanAnalysis, i: number): number {
  return sizingOf(a, i).memory.items.filter((it) => /^(Gunicorn|Preloaded|PHP-FPM|opcache)/.test(it.label)).reduce((s, it) => s + it.mib, 0);
}

describe('the numbers mean what they say', () => {
  const plans: [string, Plan][] = [
    ...FIXTURE_NAMES.map((n) => [n, fixture(n)] as [string, Plan]),
    ['N+1 fleet of 4', planSchema.parse({ fleet: { servers: 4, spare: true }, workload: { arrivalRps: 900 } } satisfies PlanInput)],
    ['mixed kinds', planSchema.parse({ fleet: { servers: 2, otherKinds: [{ name: 'old_1', servers: 3, physicalCores: 2, hardwareThreads: 4, ramGiB: 8 }] } } satisfies PlanInput)],
    // The checks read the k8s objects: every random plan exports them (nginx as an Ingress, so the Deployments are the app's).
    ...samplePlans(20, 1701).map((p, i) => [`random ${i}`, withDeploy(p, { target: 'both', k8sNginx: 'ingress' })] as [string, Plan]),
  ];

  it.each(plans)('%s: pod memory, CPU, HPA, PDB and shutdown equal the analysis and hold together', (_name, plan) => {
    const { a, files } = bundleOf(plan);
    const objs = k8sObjects(files);
    a.deploy.pods.forEach((pod, i) => {
      const dep = objs.filter((o) => o.kind === 'Deployment')[i]!;
      const spec = dep.spec as { replicas: number; template: { spec: { terminationGracePeriodSeconds: number; containers: { resources: { requests: Record<string, string>; limits: Record<string, string> }; command: string[] }[] } } };
      const c = spec.template.spec.containers[0]!;
      // The limit covers the pod's whole budget (the app master, workers and shared pages of the memory bar).
      expect(pod.memoryLimitMiB.value).toBeGreaterThanOrEqual(appBudgetMiB(a, i));
      expect(pod.memoryRequestMiB.value).toBeGreaterThanOrEqual(appBudgetMiB(a, i));
      expect(pod.memoryRequestMiB.value).toBeLessThan(appBudgetMiB(a, i) + 1);
      expect(pod.memoryRequestMiB.value / pod.memoryLimitMiB.value).toBeLessThanOrEqual(0.8);
      expect(c.resources.requests.memory).toBe(`${pod.memoryRequestMiB.value}Mi`);
      expect(c.resources.limits.memory).toBe(`${pod.memoryLimitMiB.value}Mi`);
      expect(c.resources.limits.cpu).toBe(`${pod.cpuMillicores.value}m`);
      // The CPU the model lets the pool use fits in the limit.
      expect(pod.cpuMillicores.value / 1000).toBeGreaterThanOrEqual(sizingOf(a, i).performance.cpuServers.value - 1e-9);
      if (a.plan.app === 'gunicorn') {
        const w = c.command[c.command.indexOf('--workers') + 1];
        expect(Number(w)).toBe(pod.workers.value);
        expect(pod.workers.value).toBeLessThanOrEqual(4 * Math.ceil(pod.cpuMillicores.value / 1000) + 1);
        // The pod runs the pool of the config file its ConfigMap is made from (the memory budget is that pool's),
        // unless the CPU limit caps it (a pinned pool far above 4 × cores + 1): then the budget covers more than it runs.
        const conf = files.find((f) => f.path === (i === 0 ? 'gunicorn.conf.py' : `kinds/${pod.kind}/gunicorn.conf.py`))!;
        const confWorkers = Number(/^workers = (\d+)$/m.exec(conf.text)?.[1]);
        expect(pod.workers.value).toBe(Math.min(confWorkers, 4 * Math.ceil(pod.cpuMillicores.value / 1000) + 1));
      }
      expect(spec.template.spec.terminationGracePeriodSeconds).toBe(pod.terminationGracePeriodS.value);
      expect(pod.terminationGracePeriodS.value).toBeGreaterThan(pod.gracefulS + pod.preStopSleepS.value);
      // The liveness probe cannot restart a pod before the app's own timeout has killed a stuck worker.
      expect(pod.liveness.periodS.value * pod.liveness.failureThreshold.value).toBeGreaterThan(pod.appTimeoutS);
    });
    const hpas = objs.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    const pdbs = objs.filter((o) => o.kind === 'PodDisruptionBudget');
    a.deploy.pods.forEach((pod, i) => {
      const hs = hpas[i]!.spec as { minReplicas: number; maxReplicas: number };
      expect(hs.minReplicas).toBe(pod.minReplicas.value);
      expect(hs.maxReplicas).toBe(pod.maxReplicas.value);
      expect(hs.maxReplicas).toBeGreaterThanOrEqual(hs.minReplicas);
      expect((pdbs[i]!.spec as { minAvailable: number }).minAvailable).toBe(pod.pdbMinAvailable.value);
      // The HPA's bounds are the fleet's: the servers needed (N+1 included) for one kind, each kind's count when mixed.
      const needed = a.fleet.serversNeeded.value;
      if (a.plan.fleet.otherKinds.length === 0 && needed !== null) expect(hs.minReplicas).toBe(needed);
      else expect(hs.minReplicas).toBe(a.kinds.rows[i]!.servers);
      expect(hs.maxReplicas).toBeGreaterThanOrEqual(a.kinds.rows[i]!.servers);
      if (a.plan.fleet.spare && hs.minReplicas > 1) expect(pod.pdbMinAvailable.value).toBe(hs.minReplicas - 1);
    });
  });

  it.each(plans.slice(0, 12))('%s: below the HPA CPU target the model meets the SLO', (_name, plan) => {
    const a = analyzePlan(plan);
    const pod = a.deploy.pods[0]!;
    const perf = a.web.performance;
    const requestCores = pod.cpuMillicores.value / 1000;
    const key = `${perf.sloPercentile}Ms` as 'p50Ms' | 'p95Ms' | 'p99Ms';
    if (perf.limitsRps.sloMax <= 0) {
      // No load meets the SLO: the target is the floor, and a finding says why.
      expect(pod.hpaCpuTargetPct.value).toBe(1);
      expect(a.findings.map((f) => f.id)).toContain('k8s-hpa-target-low-main');
      return;
    }
    // Every point of the load curve whose CPU (as the HPA measures it, against the request) is at or below the target.
    const below = perf.openCurve.filter((pt) => (pt.cpuUtil * perf.cpuServers.value) / requestCores <= pod.hpaCpuTargetPct.value / 100 && pt.rejectedRps === 0);
    for (const pt of below) expect(pt[key], `at ${pt.offeredRps} rps`).toBeLessThanOrEqual(perf.sloMs * 1.001);
  });

  it('a VPA in Auto mode next to the CPU HPA is a warning; recommendations only is not', () => {
    const auto = analyzePlan(planSchema.parse({ deploy: { vpa: 'auto' } }));
    expect(auto.findings.map((f) => f.id)).toContain('k8s-hpa-vpa-fight');
    expect(analyzePlan(planSchema.parse({ deploy: { vpa: 'recommend' } })).findings.map((f) => f.id)).not.toContain('k8s-hpa-vpa-fight');
    expect(analyzePlan(planSchema.parse({ deploy: { vpa: 'auto', target: 'vm' } })).findings.map((f) => f.id)).not.toContain('k8s-hpa-vpa-fight');
  });

  it('alert thresholds are the analysis numbers', () => {
    const plan = planSchema.parse({ workload: { sloMs: 180, sloPercentile: 'p99' } });
    const { a, files } = bundleOf(plan);
    const rules = (yamlDocs(files.find((f) => f.path === 'alerts/headroom-rules.yaml')!.text)[0] as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);
    const expr = (name: string) => rules.find((r) => r.alert === name)?.expr ?? '';
    expect(expr('HeadroomUpstreamLatencyAboveSlo')).toContain('histogram_quantile(0.99,');
    expect(expr('HeadroomUpstreamLatencyAboveSlo')).toMatch(/> 0\.18$/);
    const pod = a.deploy.pods[0]!;
    expect(expr('HeadroomAppMemoryAboveBudget')).toMatch(new RegExp(`> ${pod.memoryRequestMiB.value * 1024 * 1024}$`));
    expect(expr('HeadroomAppCpuAboveHpaTarget')).toMatch(new RegExp(`> ${pod.hpaCpuTargetPct.value / 100}$`));
  });

  it('groups every file for the export panel', () => {
    const { files } = bundleOf(fixture('default'));
    expect(Object.fromEntries(files.map((f) => [f.path, fileGroup(f)]))).toMatchObject({
      'nginx.conf': 'server',
      'gunicorn.service': 'server',
      'k8s/app.yaml': 'k8s',
      'docker-compose.yaml': 'local',
      'loadtest.js': 'local',
      'alerts/headroom-rules.yaml': 'alerts',
      'RUNBOOK.md': 'docs',
      'README.md': 'docs',
    });
  });
});

type Container = {
  name: string;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  readinessProbe: Record<string, number | object>;
  livenessProbe: Record<string, number | object>;
  lifecycle: { preStop: { sleep: { seconds: number } } };
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean; capabilities: { drop: string[]; add: string[] } };
  volumeMounts: { name: string; mountPath: string }[];
};
type PodSpec = { terminationGracePeriodSeconds: number; containers: Container[]; securityContext?: Record<string, unknown> };
type Labels = Record<string, string>;

const objNamed = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const podLabels = (dep: Obj) => (dep.spec as { template: { metadata: { labels: Labels } } }).template.metadata.labels;
const selects = (selector: Labels, labels: Labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);
/** A directive's arguments in an nginx.conf text, e.g. `worker_processes 2;` → "2". */
const directive = (conf: string, name: string) => new RegExp(`^\\s*${name} ([^;]+);$`, 'm').exec(conf)?.[1];

describe('nginx as a Kubernetes Deployment: every number is the analysis\' (deploy.nginx)', () => {
  const plans: [string, Plan][] = [
    ...FIXTURE_NAMES.flatMap((n) => (['gunicorn', 'phpfpm'] as const).map((app) => [`${n} ${app}`, withDeploy(planSchema.parse({ ...fixture(n), app }), { k8sNginx: 'deployment' })] as [string, Plan])),
    ['mixed kinds, weight 3', planSchema.parse({ deploy: { k8sNginx: 'deployment' }, fleet: { servers: 2, otherKinds: [{ name: 'old_1', servers: 3, physicalCores: 2, hardwareThreads: 4, ramGiB: 8, weight: 3 }] } } satisfies PlanInput)],
    ['busy, 8 servers, TLS off', planSchema.parse({ deploy: { k8sNginx: 'deployment' }, edge: { tls: 'off' }, fleet: { servers: 8 }, workload: { arrivalRps: 40_000, cpuMs: 2, ioWaitMs: 5 } } satisfies PlanInput)],
    ...samplePlans(12, 1717).map((p, i) => [`random ${i}`, withDeploy(p, { k8sNginx: 'deployment', target: i % 2 ? 'k8s' : 'both' })] as [string, Plan]),
  ];

  it.each(plans)('%s', (_name, plan) => {
    const { a, files } = bundleOf(plan);
    const ng = a.deploy.nginx!;
    expect(ng).not.toBeNull();
    const objs = k8sObjects(files);
    const dep = objNamed(objs, 'Deployment', 'nginx')!;
    const spec = dep.spec as { replicas: number; template: { spec: PodSpec } };
    const c = spec.template.spec.containers[0]!;
    // Printed as computed.
    expect(spec.replicas).toBe(ng.replicas.value);
    expect(c.resources.requests).toEqual({ cpu: `${ng.cpuMillicores.value}m`, memory: `${ng.memoryRequestMiB.value}Mi` });
    expect(c.resources.limits).toEqual({ cpu: `${ng.cpuMillicores.value}m`, memory: `${ng.memoryLimitMiB.value}Mi` });
    for (const [probe, t] of [[c.readinessProbe, ng.readiness], [c.livenessProbe, ng.liveness]] as const) {
      expect(probe).toMatchObject({ initialDelaySeconds: t.initialDelayS.value, periodSeconds: t.periodS.value, timeoutSeconds: t.timeoutS.value, failureThreshold: t.failureThreshold.value });
    }
    expect(c.lifecycle.preStop.sleep.seconds).toBe(ng.preStopSleepS.value);
    expect(spec.template.spec.terminationGracePeriodSeconds).toBe(ng.terminationGracePeriodS.value);
    expect((objNamed(objs, 'PodDisruptionBudget', 'nginx')!.spec as { minAvailable: number }).minAvailable).toBe(ng.pdbMinAvailable.value);
    const conf = (objNamed(objs, 'ConfigMap', 'nginx-config')!.data ?? {})['nginx.conf'] ?? '';
    expect(directive(conf, 'worker_processes')).toBe(String(ng.workerProcesses.value));
    expect(directive(conf, 'worker_connections')).toBe(String(ng.workerConnections.value));
    expect(directive(conf, 'worker_rlimit_nofile')).toBe(String(ng.workerRlimitNofile.value));
    expect(directive(conf, 'worker_shutdown_timeout')).toBe(`${a.edge.workerShutdownTimeoutS.value}s`);
    // The same server settings as the VMs' nginx.conf: timeouts and buffers of the nginx sizing.
    const vmConf = files.find((f) => f.path === 'nginx.conf')?.text;
    if (vmConf) for (const k of ['keepalive_timeout', 'client_max_body_size', 'client_body_buffer_size']) expect(directive(conf, k), k).toBe(directive(vmConf, k));

    // And they mean what they say.
    const servers = a.plan.fleet.servers + a.plan.fleet.otherKinds.reduce((n, k) => n + k.servers, 0);
    expect(ng.replicas.value).toBe(servers);
    expect(ng.pdbMinAvailable.value).toBe(Math.max(1, servers - 1));
    // worker_processes follows the CPU limit, never the node's CPUs; the connections cover twice the sized peak.
    expect(ng.workerProcesses.value).toBe(Math.ceil(ng.cpuMillicores.value / 1000));
    expect(ng.workerProcesses.value * ng.workerConnections.value).toBeGreaterThanOrEqual(2 * a.web.nginx.peakConnections.value);
    // The limit covers the memory bar's nginx line at the pod's worker count (plus the master).
    const line = a.web.memory.items.find((i) => i.label === 'nginx')!.mib;
    const podLine = line - (a.web.nginx.workerProcesses.value - ng.workerProcesses.value) * a.plan.nginx.workerMemMiB;
    expect(ng.memoryRequestMiB.value).toBeGreaterThanOrEqual(podLine);
    expect(ng.memoryRequestMiB.value / ng.memoryLimitMiB.value).toBeLessThanOrEqual(0.8);
    // The grace period covers the preStop sleep and nginx's own graceful stop.
    expect(ng.terminationGracePeriodS.value).toBeGreaterThan(ng.preStopSleepS.value + a.edge.workerShutdownTimeoutS.value);
    // Hardened: nothing beyond binding the ports and switching to nginx.conf's user.
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.securityContext.capabilities.add.sort()).toEqual(['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID']);
    // Every path nginx.conf writes to is a writable mount (the root file system is read-only).
    const mounts = c.volumeMounts.map((m) => m.mountPath);
    // (The image's compiled-in temp paths are under /var/cache/nginx, like the microcache's.)
    const cachePath = /(?:proxy|fastcgi)_cache_path (\S+)/.exec(conf)?.[1] ?? '/var/cache/nginx/client_temp';
    for (const p of [directive(conf, 'pid'), cachePath]) expect(mounts.some((m) => p?.startsWith(`${m}/`)), p).toBe(true);
    // The certificate files nginx.conf names are mounted from the TLS Secret.
    if (a.plan.edge.tls === 'nginx') for (const k of ['ssl_certificate', 'ssl_certificate_key']) expect(mounts).toContain(directive(conf, k));

    // The upstream: each kind's Service, weighted by its servers' nginx weights.
    const names = a.deploy.pods.map((_p, i) => objs.filter((o) => o.kind === 'Deployment' && o.metadata.name !== 'nginx')[i]!.metadata.name);
    const lines = [...conf.matchAll(/^\s*server (\S+?)\.([a-z0-9-]+)\.svc:(\d+)(?: weight=(\d+))?/gm)];
    expect(lines.map((m) => m[1])).toEqual(names);
    for (const m of lines) expect(m[2]).toBe(a.plan.deploy.namespace);
    if (names.length > 1) {
      expect(lines.map((m) => Number(m[4]))).toEqual(ng.serviceWeights.map((w) => w.value));
      const total = a.plan.fleet.otherKinds.reduce((n, k) => n + k.servers * k.weight, (a.plan.fleet.weights ?? []).reduce((n, w) => n + w, 0) || a.plan.fleet.servers);
      expect(ng.serviceWeights.reduce((n, w) => n + w.value, 0)).toBe(total);
    } else expect(lines[0]![4]).toBeUndefined();
  });

  it('each server kind has its own Service, selecting its pods only; the Ingress reaches every kind', () => {
    const input = { fleet: { servers: 2, otherKinds: [{ name: 'old_1', servers: 3, physicalCores: 2, hardwareThreads: 4, ramGiB: 8, weight: 2 }, { name: 'big', servers: 1, physicalCores: 32, hardwareThreads: 64, ramGiB: 256 }] } } satisfies PlanInput;
    for (const k8sNginx of K8S_NGINX_MODES.options) {
      const objs = k8sObjects(bundleOf(planSchema.parse({ ...input, deploy: { k8sNginx } })).files);
      const apps = objs.filter((o) => o.kind === 'Deployment' && o.metadata.name !== 'nginx');
      expect(apps.map((o) => o.metadata.name)).toEqual(['app', 'app-old-1', 'app-big']);
      for (const dep of apps) {
        const svc = objNamed(objs, 'Service', dep.metadata.name)!;
        const selector = (svc.spec as { selector: Labels }).selector;
        expect(apps.filter((d) => selects(selector, podLabels(d))).map((d) => d.metadata.name)).toEqual([dep.metadata.name]);
      }
      const ingress = objs.find((o) => o.kind === 'Ingress');
      if (k8sNginx === 'deployment') {
        expect(ingress).toBeUndefined();
        // nginx's pods are nobody's app pods.
        const nginxPods = podLabels(objNamed(objs, 'Deployment', 'nginx')!);
        for (const svc of objs.filter((o) => o.kind === 'Service' && o.metadata.name !== 'nginx')) expect(selects((svc.spec as { selector: Labels }).selector, nginxPods)).toBe(false);
        continue;
      }
      const backend = (ingress!.spec as { rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] }).rules[0]!.http.paths[0]!.backend.service.name;
      const selector = (objNamed(objs, 'Service', backend)!.spec as { selector: Labels }).selector;
      expect(apps.filter((d) => selects(selector, podLabels(d))).map((d) => d.metadata.name)).toEqual(['app', 'app-old-1', 'app-big']);
    }
  });

  it('the Ingress with kinds of different weights is a warning (it spreads per pod); equal weights or nginx as a Deployment are not', () => {
    const kinds = (weight: number) => ({ fleet: { servers: 2, otherKinds: [{ name: 'old', servers: 2, physicalCores: 2, hardwareThreads: 4, ramGiB: 8, weight }] } });
    const ids = (input: PlanInput) => analyzePlan(planSchema.parse(input)).findings.map((f) => f.id);
    expect(ids(kinds(3))).toContain('k8s-ingress-ignores-weights');
    expect(ids(kinds(1))).not.toContain('k8s-ingress-ignores-weights');
    expect(ids({ ...kinds(3), deploy: { k8sNginx: 'deployment' } })).not.toContain('k8s-ingress-ignores-weights');
    expect(ids({ ...kinds(3), deploy: { target: 'vm' } })).not.toContain('k8s-ingress-ignores-weights');
  });
});

describe('nginx -t accepts the nginx ConfigMap\'s nginx.conf', () => {
  const gate = toolGate(['nginx', 'openssl']);
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-nginx-pod-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const plans: [string, Plan][] = [
    ...FIXTURE_NAMES.flatMap((n) => (['gunicorn', 'phpfpm'] as const).map((app) => [`${n} ${app}`, withDeploy(planSchema.parse({ ...fixture(n), app }), { k8sNginx: 'deployment' })] as [string, Plan])),
    ['mixed kinds, least_conn', planSchema.parse({ deploy: { k8sNginx: 'deployment' }, fleet: { lbMethod: 'least_conn', servers: 2, otherKinds: [{ name: 'old_1', servers: 3, physicalCores: 2, hardwareThreads: 4, ramGiB: 8, weight: 2 }] } } satisfies PlanInput)],
    ...samplePlans(10, 1718).map((p, i) => [`random ${i}`, withDeploy(p, { k8sNginx: 'deployment', target: 'k8s' })] as [string, Plan]),
  ];

  it.runIf(gate.run)(`${plans.length} plans, TLS certificate from the sandbox; the Service names resolved to 127.0.0.1 (no cluster DNS here)`, async () => {
    const source = join(dir, 'cert-source');
    const made = await writeSelfSignedCert(source);
    expect(made.ok, made.output).toBe(true);
    const runs = await mapLimit(plans, 2, async ([name, plan], i) => {
      const sub = join(dir, `case${i}`);
      const files = buildBundle(analyzePlan(plan), { ...OPTS, sandboxDir: sub });
      const cm = k8sObjects(files).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'nginx-config');
      const conf = cm?.data?.['nginx.conf'] ?? '';
      expect(conf, name).toMatch(/\.svc:\d+/);
      await writeBundle(sub, [{ path: 'nginx.conf', format: 'nginx', text: conf.replace(/\b[a-z0-9-]+\.[a-z0-9-]+\.svc:/g, '127.0.0.1:') }]);
      await writeSelfSignedCert(sub, source);
      return { name, r: await nginxTest(sub) };
    });
    expect(runs.filter((x) => !x.r.ok).map((x) => `${x.name}: ${x.r.output}`)).toEqual([]);
  }, 120_000);

  it.runIf(gate.run)('nginx -t does reject a broken ConfigMap nginx.conf (the check can fail)', async () => {
    const sub = join(dir, 'broken');
    const files = buildBundle(analyzePlan(planSchema.parse({ deploy: { k8sNginx: 'deployment' }, edge: { tls: 'off' } })), { ...OPTS, sandboxDir: sub });
    const conf = k8sObjects(files).find((o) => o.kind === 'ConfigMap')?.data?.['nginx.conf'] ?? '';
    // Unresolved Service names: nginx -t really resolves the upstream.
    await writeBundle(sub, [{ path: 'nginx.conf', format: 'nginx', text: conf.replace(/\.svc:/g, '.svc.invalid:') }]);
    expect((await nginxTest(sub)).ok).toBe(false);
  });
});

describe('promtool and docker-compose accept the files', () => {
  const gate = toolGate(['promtool', 'docker-compose']);
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-deploy-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the tools are installed in CI (APT_PACKAGES: prometheus docker-compose)', () => {
    expect(gate.mustFail, `missing: ${gate.missing.join(', ')}`).toBe(false);
  });

  const plans: [string, Plan][] = [
    ...FIXTURE_NAMES.flatMap((n) => (['gunicorn', 'phpfpm'] as const).map((app) => [`${n} ${app}`, planSchema.parse({ ...fixture(n), app })] as [string, Plan])),
    ['unix socket', planSchema.parse({ deploy: { appTransport: 'unix' } })],
    ...fc.sample(fc.tuple(planArb, extraArb), { numRuns: 6, seed: 99 }).map(([p, e], i) => [`random ${i}`, withDeploy(p, { ...e, target: 'both' })] as [string, Plan]),
  ];

  const dirOf = (name: string) => join(dir, name.replace(/\W+/g, '-'));
  const write = () => mapLimit(plans, 2, ([name, plan]) => writeBundle(dirOf(name), buildBundle(analyzePlan(plan), OPTS)));

  it.runIf(gate.run)(`promtool check rules accepts the rules of ${plans.length} plans (one run)`, async () => {
    await write();
    const r = await run('promtool', ['check', 'rules', ...plans.map(([name]) => join(dirOf(name), 'alerts/headroom-rules.yaml'))], { timeoutMs: 60_000 });
    expect(r.ok, r.output).toBe(true);
    expect(r.output.match(/SUCCESS/g)).toHaveLength(plans.length);
  }, 120_000);

  it.runIf(gate.run)(`docker-compose config -q accepts the compose file of ${plans.length} plans`, async () => {
    await write();
    // -q: no output, exit status only; the project name is fixed so the check needs no directory name.
    const runs = await mapLimit(plans, 2, ([name]) => run('docker-compose', ['-p', 'headroom', '-f', 'docker-compose.yaml', 'config', '-q'], { cwd: dirOf(name) }));
    runs.forEach((r, i) => expect(r.ok, `${plans[i]![0]}: ${r.output}`).toBe(true));
  }, 180_000);

  it.runIf(gate.run)('promtool does reject a broken rule (the check can fail)', async () => {
    const sub = join(dir, 'broken-rules');
    const rules = buildBundle(analyzePlan(fixture('default')), OPTS).find((f) => f.path === 'alerts/headroom-rules.yaml')!;
    await writeBundle(sub, [{ ...rules, text: rules.text.replace(/expr: "[^"]*"/, 'expr: "sum(rate(x[5m])"') }]);
    expect((await run('promtool', ['check', 'rules', join(sub, 'alerts/headroom-rules.yaml')])).ok).toBe(false);
  });

  it.runIf(gate.run)('docker-compose does reject a broken file (the check can fail)', async () => {
    const sub = join(dir, 'broken');
    const files = buildBundle(analyzePlan(fixture('default')), OPTS).map((f) => (f.path === 'docker-compose.yaml' ? { ...f, text: f.text.replace('healthcheck:', 'healthcheck: 3\n    x:') } : f));
    await writeBundle(sub, files);
    expect((await run('docker-compose', ['-p', 'headroom', '-f', 'docker-compose.yaml', 'config', '-q'], { cwd: sub })).ok).toBe(false);
  });

  it.runIf(toolGate(['php-fpm8.2']).run)('the PHP-FPM pod\'s listen override on top of the exported pool passes php-fpm -t', async () => {
    for (const input of [{ app: 'phpfpm' }, { app: 'phpfpm', fleet: { servers: 3 } }] satisfies PlanInput[]) {
      const plan = planSchema.parse(input);
      const sub = join(dir, `fpm-${plan.fleet.servers}`);
      const files = buildBundle(analyzePlan(plan), OPTS);
      await writeBundle(sub, [...files, { path: 'pool.d/www.conf', format: 'php-fpm-ini', text: files.find((f) => f.path === 'www.conf')!.text }, { path: `pool.d/${FPM_K8S_OVERRIDE}`, format: 'php-fpm-ini', text: fpmListenOverride(plan) }]);
      const r = await fpmTest(sub, join(sub, 'pool.d/*.conf'));
      expect(r.ok, r.output).toBe(true);
    }
  });
});
