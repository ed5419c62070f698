/**
 * nginx as a Deployment (deploy.nginx): hand-computed cases for the rules in nginx-pod.ts, read
 * through the one analysis.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../analysis/analyze-plan';
import { planSchema, type PlanInput } from '../../plan/schema';
import { NGINX_CPU_HEADROOM, NGINX_CPU_MS_REF } from './nginx-pod';

const analysis = (input: PlanInput) => analyzePlan(planSchema.parse({ ...input, deploy: { k8sNginx: 'deployment', ...input.deploy } }));

describe('deploy.nginx', () => {
  it('is null unless the plan runs nginx as a Deployment on Kubernetes', () => {
    expect(analyzePlan(planSchema.parse({})).deploy.nginx).toBeNull();
    expect(analysis({ deploy: { target: 'vm' } }).deploy.nginx).toBeNull();
    expect(analysis({ deploy: { target: 'k8s' } }).deploy.nginx).not.toBeNull();
  });

  it('40,000 rps over 8 servers: 5,000 rps per pod × 0.045 ms × 2 = 0.45 cores → 500m, 1 worker', () => {
    const a = analysis({ fleet: { servers: 8 }, workload: { arrivalRps: 40_000 } });
    const n = a.deploy.nginx!;
    expect(a.fleet.perServerLoadRps.value).toBe(5000);
    expect((NGINX_CPU_HEADROOM * 5000 * NGINX_CPU_MS_REF) / 1000).toBeCloseTo(0.45, 10);
    expect(n.cpuMillicores.value).toBe(500);
    expect(n.workerProcesses.value).toBe(1);
    expect(n.replicas.value).toBe(8);
    expect(n.pdbMinAvailable.value).toBe(7);
  });

  it('a slower core needs more CPU: perCoreSpeed 0.5 doubles it (0.9 cores → 900m)', () => {
    const n = analysis({ fleet: { servers: 8 }, workload: { arrivalRps: 40_000 }, hardware: { perCoreSpeed: 0.5 } }).deploy.nginx!;
    expect(n.cpuMillicores.value).toBe(900);
  });

  it('above one core the workers follow the limit: 2 × 20,000 × 0.045 ms = 1.8 cores → 1800m, 2 workers', () => {
    const a = analysis({ fleet: { servers: 2 }, workload: { arrivalRps: 40_000, cpuMs: 1, ioWaitMs: 1 } });
    const n = a.deploy.nginx!;
    expect(a.fleet.perServerLoadRps.value).toBe(20_000);
    expect(n.cpuMillicores.value).toBe(1800);
    expect(n.workerProcesses.value).toBe(2);
    // max(1024, ⌈2 × peak / 2 / 512⌉ × 512), and the file limit twice that.
    const peak = a.web.nginx.peakConnections.value;
    expect(n.workerConnections.value).toBe(Math.max(1024, Math.ceil((2 * peak) / 2 / 512) * 512));
    expect(n.workerRlimitNofile.value).toBe(2 * n.workerConnections.value);
  });

  it('memory: the budget line with the pod\'s workers instead of the host\'s, plus the master; limit = request / 0.8', () => {
    const a = analysis({ nginx: { workerMemMiB: 20 } });
    const n = a.deploy.nginx!;
    const line = a.web.memory.items.find((i) => i.label === 'nginx')!.mib;
    // Default hardware: 12 threads → 12 host workers; the pod runs 1.
    expect(a.web.nginx.workerProcesses.value).toBe(12);
    expect(n.memoryRequestMiB.value).toBe(Math.ceil(line - 11 * 20 + 20));
    expect(n.memoryLimitMiB.value).toBe(Math.ceil(n.memoryRequestMiB.value / 0.8));
  });

  it('the grace period is the preStop sleep + worker_shutdown_timeout + the margin', () => {
    const a = analysis({});
    expect(a.deploy.nginx!.terminationGracePeriodS.value).toBe(5 + a.edge.workerShutdownTimeoutS.value + 5);
  });

  it('Service weights: each kind gets the sum of its servers\' weights (2 × 1 and 3 × 4)', () => {
    const n = analysis({ fleet: { servers: 2, otherKinds: [{ name: 'old', servers: 3, physicalCores: 2, hardwareThreads: 4, ramGiB: 8, weight: 4 }] } }).deploy.nginx!;
    expect(n.serviceWeights.map((w) => w.value)).toEqual([2, 12]);
    expect(n.replicas.value).toBe(5);
  });
});
