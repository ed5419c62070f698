/**
 * Random valid plans for the export tests (fast-check). Spans the schema's ranges like the
 * engine's arbitrary (src/engine/testing/plan-arb.ts), plus the versions, pins and deploy fields
 * the exporter reads.
 *
 * Deploy names stay within what the real tools can check on a test machine: users that exist on
 * Debian (www-data, nobody), module names that cannot collide with the standard library.
 */
import fc from 'fast-check';
import { appTierArbs, hardwareAndLoadArbs, logNum, memoryArbs } from '../../engine/testing/plan-arb';
import { planSchema, type Plan, type PlanInput } from '../../plan/schema';

const seg = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
const absPath = (maxLen: number) =>
  fc.array(seg, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`.slice(0, maxLen).replace(/\/$/, ''));
const hostLabel = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const hostname = fc.oneof(fc.constant('_'), fc.array(hostLabel, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')));
/** Python identifiers with a prefix no standard-library module or keyword has. */
const pyIdent = fc.stringMatching(/^[A-Za-z0-9_]{0,10}$/).map((s) => `hr_${s}`);
const appModule = fc
  .tuple(fc.array(pyIdent, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/))
  .map(([mods, callable]) => `${mods.join('.')}:app_${callable}`);
const account = fc.constantFrom({ user: 'www-data', group: 'www-data' }, { user: 'nobody', group: 'nogroup' });

export const deployArb = fc.record({
  serverName: hostname,
  listenPort: fc.integer({ min: 1, max: 65535 }),
  appTransport: fc.constantFrom('tcp', 'unix' as const),
  appPort: fc.integer({ min: 1024, max: 65535 }),
  appSocketPath: absPath(100).map((p) => `${p}.sock`),
  appModule,
  appDir: absPath(200),
  staticRoot: fc.oneof(absPath(200), absPath(199).map((p) => `${p}/`)),
  staticUrlPrefix: fc.oneof(fc.constant('/'), fc.array(seg, { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}/`)),
  phpRoot: absPath(200),
  fpmSocketPath: absPath(100).map((p) => `${p}.sock`),
  fpmPoolName: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/).filter((n) => n.toLowerCase() !== 'global'),
  account,
});

/** The public edge (issue 12); the TLS mode is set by each test (on and off for every tool check). */
export const edgeArb = fc.record({
  tls: fc.constantFrom('nginx', 'front-lb', 'off' as const),
  httpsPort: fc.oneof(fc.constant(443), fc.integer({ min: 1, max: 65535 })),
  ocspStapling: fc.boolean(),
  behindLoadBalancer: fc.boolean(),
  frontLbAddress: fc.constantFrom('198.51.100.0/24', '10.1.2.3', '172.16.0.0/12'),
  maxUploadMiB: fc.integer({ min: 1, max: 4096 }),
  rateLimitRps: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
  connLimitPerClient: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: null }),
  websocket: fc.boolean(),
});

const pin = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: null, freq: 3 });

export const planArb: fc.Arbitrary<Plan> = fc
  .record({
    ...hardwareAndLoadArbs,
    ioWaitMs: fc.oneof(fc.constant(0), logNum(0.01, 600_000)),
    staticShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
    slowestRequestS: fc.integer({ min: 1, max: 3600 }),
    responseKiB: logNum(0.1, 102_400),
    ...appTierArbs,
    gunicornVersion: fc.constantFrom('20.1', '23.0', '26.1' as const),
    phpVersion: fc.constantFrom('8.1', '8.2', '8.3', '8.4' as const),
    nginxVersion: fc.constantFrom('1.22', '1.28', '1.30' as const),
    ...memoryArbs,
    clientKeepaliveS: fc.integer({ min: 0, max: 3600 }),
    pins: fc.record({
      gunicornWorkers: pin(1, 4096),
      gunicornThreads: pin(1, 1024),
      gunicornTimeoutS: pin(0, 86_400),
      gunicornKeepaliveS: pin(0, 3600),
      gunicornMaxRequests: pin(0, 10_000_000),
      fpmMaxChildren: pin(1, 100_000),
      fpmStartServers: pin(1, 100_000),
      fpmMinSpareServers: pin(1, 50),
      fpmMaxSpareServers: pin(50, 100_000),
      fpmRequestTerminateTimeoutS: pin(0, 86_400),
      nginxWorkerProcesses: pin(1, 1024),
      nginxWorkerConnections: pin(16, 1_048_576),
      nginxProxyReadTimeoutS: pin(1, 86_400),
    }),
    deploy: deployArb,
    edge: edgeArb,
    fleet: fc.record({ servers: fc.integer({ min: 1, max: 6 }), zones: fc.integer({ min: 1, max: 3 }), maxConns: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }) }),
  })
  .map((r) => {
    const { account, ...deploy } = r.deploy;
    const input: PlanInput = {
      name: 'Random plan',
      hardware: { presetId: 'custom', physicalCores: r.cores, hardwareThreads: Math.min(1024, r.cores * r.smt), ramGiB: r.ramGiB, perCoreSpeed: r.speed },
      workload: {
        mode: r.mode,
        arrivalRps: r.arrivalRps,
        concurrentUsers: r.users,
        thinkTimeMs: r.thinkTimeMs,
        cpuMs: r.cpuMs,
        ioWaitMs: r.ioWaitMs,
        staticShare: r.staticShare,
        slowestRequestS: r.slowestRequestS,
        responseKiB: r.responseKiB,
      },
      app: r.app,
      gunicorn: { version: r.gunicornVersion, workerClass: r.workerClass, workerMemMiB: r.workerMemMiB, preload: r.preload },
      phpfpm: { version: r.phpVersion, pm: r.pm, childMemMiB: r.workerMemMiB },
      nginx: { version: r.nginxVersion, clientKeepaliveS: r.clientKeepaliveS },
      system: { somaxconn: r.somaxconn },
      deploy: { ...deploy, ...account },
      pins: r.pins,
      // nginx refuses one port with and without ssl (the schema says so too).
      edge: { ...r.edge, httpsPort: r.edge.httpsPort === deploy.listenPort ? (deploy.listenPort === 443 ? 8443 : 443) : r.edge.httpsPort },
      fleet: { ...r.fleet, lbMethod: r.fleet.servers > 1 ? 'least_conn' : 'round_robin' },
    };
    return planSchema.parse(input);
  });

/** `count` reproducible plans; the same seed gives the same plans on every machine. */
export function samplePlans(count: number, seed: number): Plan[] {
  return fc.sample(planArb, { numRuns: count, seed });
}
