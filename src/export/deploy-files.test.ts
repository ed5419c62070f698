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
import { DEPLOY_TARGETS, planSchema, VPA_MODES, type Plan, type PlanInput } from '../plan/schema';
import { FPM_K8S_OVERRIDE, fpmListenOverride } from './builders/k8s';
import { buildBundle } from './bundle';
import { fileGroup } from './deploy-files';
// Real validators (kubernetes-models, promtool, docker-compose) check these files: exportable plans only.
import { exportPlanArb as planArb, samplePlans } from '../plan/testing/plan-arb';
import { fpmTest, mapLimit, run, toolGate, writeBundle } from './testing/tools';
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

const extraArb = fc.record({ target: fc.constantFrom(...DEPLOY_TARGETS.options), vpa: fc.constantFrom(...VPA_MODES.options), namespace: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/) });
const withDeploy = (p: Plan, extra: Partial<Plan['deploy']>): Plan => planSchema.parse({ ...p, deploy: { ...p.deploy, ...extra } });

const bundleOf = (plan: Plan) => {
  const a = analyzePlan(plan);
  return { a, files: buildBundle(a, OPTS) };
};

describe('Kubernetes objects pass the Kubernetes OpenAPI schemas', () => {
  it.each(FIXTURE_NAMES)('%s (both apps)', (name) => {
    for (const app of ['gunicorn', 'phpfpm'] as const) {
      const { files } = bundleOf(planSchema.parse({ ...fixture(name), app }));
      const objs = k8sObjects(files);
      expect(objs.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Service', 'Ingress']));
      validateAll(objs);
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
        expect(objs.filter((o) => o.kind === 'Deployment')).toHaveLength(a.deploy.pods.length);
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
    ...samplePlans(20, 1701).map((p, i) => [`random ${i}`, p] as [string, Plan]),
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
