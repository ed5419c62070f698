/** The bottleneck verdict: one case per limit, each from a plan built to hit it (issue 15). */
import { describe, expect, it } from 'vitest';
import { fixture } from '../../plan/fixtures';
import { planSchema, type PlanInput } from '../../plan/schema';
import { analyzePlan } from './analyze-plan';
import type { LimitKind } from './types';

const noDdb = { dynamodb: { enabled: false } } as const;
const plan = (input: PlanInput) => planSchema.parse(input);

describe('bottleneckOf: the binding limit and its measured lift', () => {
  const cases: { name: string; input: PlanInput; binding: LimitKind; changeText: RegExp | null }[] = [
    { name: 'CPU-bound PHP on 2 cores', input: { ...fixtureInput('smallPhp'), ...noDdb }, binding: 'cpu', changeText: /double the cores \(2 → 4/ },
    { name: 'fat workers on a 2 GiB VM', input: { ...fixtureInput('memoryStarved'), ...noDdb }, binding: 'memory', changeText: /double the RAM \(2 → 4 GiB\)/ },
    {
      name: 'two pinned sync workers waiting on I/O',
      input: { ...noDdb, gunicorn: { workerClass: 'sync' }, workload: { arrivalRps: 20, cpuMs: 5, ioWaitMs: 50 }, pins: { gunicornWorkers: 2 } },
      binding: 'slots',
      changeText: /double the Gunicorn workers \(2 → 4\)/,
    },
    { name: 'pinned worker_connections', input: { ...noDdb, pins: { nginxWorkerConnections: 16, nginxWorkerProcesses: 1 } }, binding: 'connections', changeText: /unpin worker_connections/ },
    { name: 'pinned worker_rlimit_nofile below worker_connections', input: { ...noDdb, pins: { nginxWorkerConnections: 4096, nginxRlimitNofile: 64, nginxWorkerProcesses: 1 } }, binding: 'fds', changeText: /unpin worker_rlimit_nofile/ },
    { name: 'max_conns 2 per server', input: { ...noDdb, fleet: { maxConns: 2 } }, binding: 'upstream', changeText: /remove max_conns/ },
    { name: 'the large plan with DynamoDB fed per request', input: fixtureInput('large'), binding: 'ddb-partition', changeText: /shard the hot key of app-table/ },
    {
      // 10 ms per record, batches of 100: one shard sustains 100 / 1.05 s ≈ 95 records/s against the
      // web tier's writes (issue 18: the consumers are the limit, and the factor that is enough).
      name: 'a stream whose Lambda consumers fall behind the writes',
      input: { dynamodb: { enabled: true, tables: [{ name: 'orders', writesPerRequest: 1, stream: { enabled: true, consumer: { perRecordMs: 10 } } }] } },
      binding: 'ddb-stream',
      changeText: /parallelization factor of orders to \d+/,
    },
    { name: 'an SLO below a lone request (100 ms CPU, cv 1)', input: { ...fixtureInput('fourCoreCpuBound'), ...noDdb }, binding: 'request-time', changeText: /1\.5× faster per core/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const a = analyzePlan(plan(c.input));
      const b = a.bottleneck;
      expect(b.binding).toBe(c.binding);
      expect(b.ceilings[0]?.kind).toBe(c.binding);
      // The lowest ceiling is the fleet's load within the SLO; ceilings are sorted.
      expect(b.fleetRps).toBeCloseTo(b.ceilings[0]!.fleetRps, 6);
      for (let i = 1; i < b.ceilings.length; i++) expect(b.ceilings[i]!.fleetRps).toBeGreaterThanOrEqual(b.ceilings[i - 1]!.fleetRps);
      if (c.changeText === null) {
        expect(b.change).toBeNull();
        return;
      }
      expect(b.change?.kind).toBe(c.binding);
      expect(b.change?.text).toMatch(c.changeText);
      expect(b.change!.fleetRpsAfter).toBeGreaterThan(b.fleetRps);
      // The lift is bounded by the next-lowest ceiling (the other limits stay in force).
      const next = b.ceilings.find((x) => x.kind !== c.binding);
      if (next) expect(b.change!.fleetRpsAfter).toBeLessThanOrEqual(next.fleetRps + 1e-6);
      expect(b.sentence).toContain(`${Math.round(b.fleetRps).toLocaleString('en-US')} → ${Math.round(b.change!.fleetRpsAfter).toLocaleString('en-US')} rps`);
    });
  }
});

describe('bottleneckOf: the lift is a real re-analysis', () => {
  it('doubling the RAM of the memory-starved plan gives what analysing that plan gives', () => {
    const base = plan({ ...fixtureInput('memoryStarved'), ...noDdb });
    const b = analyzePlan(base).bottleneck;
    const lifted = analyzePlan({ ...base, hardware: { ...base.hardware, ramGiB: base.hardware.ramGiB * 2, catalogId: null } });
    expect(b.change!.fleetRpsAfter).toBeCloseTo(lifted.fleet.sloMaxRps.value, 0);
  });

  it('a fleet of 4 (N+1) scales the pool ceiling to the fleet: 3 serving servers', () => {
    const one = analyzePlan(plan({ ...fixtureInput('smallPhp'), ...noDdb })).bottleneck;
    const four = analyzePlan(plan({ ...fixtureInput('smallPhp'), ...noDdb, fleet: { servers: 4, spare: true } })).bottleneck;
    expect(four.binding).toBe('cpu');
    expect(four.fleetRps).toBeGreaterThan(2.5 * one.fleetRps);
  });

  it('DynamoDB tables with fixed rates cap nothing', () => {
    const p = plan({ dynamodb: { enabled: true, tables: [{ name: 'fixed', source: 'direct', readsPerSec: 100, writesPerSec: 10 }] } });
    expect(analyzePlan(p).bottleneck.ceilings.map((c) => c.kind)).not.toContain('ddb-partition');
  });

  it('the default plan names a limit and a change in one sentence without raw floats', () => {
    const b = analyzePlan(fixture('default')).bottleneck;
    expect(b.sentence).toMatch(/^Limited by [^:]+: the fleet carries [\d,]+ rps within the SLO\./);
    expect(b.sentence).not.toMatch(/\d\.\d{3,}/);
  });
});

function fixtureInput(name: Parameters<typeof fixture>[0]): PlanInput {
  // The fixtures' inputs as a partial plan (the schema fills the rest).
  return structuredClone(fixture(name)) as PlanInput;
}

describe('topologyOf: the boxes and arrows of the diagram', () => {
  it('clients → nginx → app → DynamoDB with the fleet rates; the binding box is the limit’s', () => {
    const a = analyzePlan(fixture('default'));
    const t = a.topology;
    expect(t.nodes.map((n) => n.id)).toEqual(a.dynamodb ? ['clients', 'nginx', 'app', 'dynamodb'] : ['clients', 'nginx', 'app']);
    expect(t.edges[0]).toMatchObject({ from: 'clients', to: 'nginx', rps: a.fleet.targetRps.value });
    expect(t.edges[1]).toMatchObject({ from: 'nginx', to: 'app', rps: a.rates.dynamicRps });
    expect(t.binding).toBe('app');
  });
  it('a pinned worker_connections marks nginx, over its limit', () => {
    const a = analyzePlan(plan({ ...noDdb, pins: { nginxWorkerConnections: 16, nginxWorkerProcesses: 1 } }));
    expect(a.topology.binding).toBe('nginx');
    const nginx = a.topology.nodes.find((n) => n.id === 'nginx')!;
    expect(nginx.overloaded).toBe(true);
    expect(nginx.utilisation).toBeGreaterThan(1);
    expect(a.topology.nodes.map((n) => n.id)).not.toContain('dynamodb');
  });
});
