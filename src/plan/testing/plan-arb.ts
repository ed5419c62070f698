/**
 * THE plan arbitrary of the property tests (fast-check): `planArb`, one generator for every layer
 * (plan, engine, export, share, CLI and the golden test import it from here; src/plan is the layer
 * all of them may import). One draw is built in two parts, then restored like a plan file:
 * 1. every leaf of the plan schema, walked by the schema's one walker (keep the default, or a random
 *    value in the schema's limits / one of its choices), so a new field is covered without editing
 *    this file: server kinds, weights, catalog ids, k8s fields, every DynamoDB table field…;
 * 2. over those, hand-shaped distributions for the fields the engine and the exporter are most
 *    sensitive to: hardware and load log-scaled across the schema's ranges (CPU time 0.1 ms–60 s,
 *    0.001–10⁶ rps), the queueing inputs (CVs, framework overhead, keep-alive stickiness), the
 *    server versions and pins, deploy/edge names shaped like real hosts, paths and modules, and
 *    DynamoDB tables (names, rates, item sizes, GSIs, auto scaling bounds).
 * The result goes through restorePlan, which drops the few combinations a cross-field rule refuses.
 *
 * A test that needs a narrower space derives it from `planArb` with a named restriction below
 * (`toolCheckablePlanArb`, `dynamoPlanArb`), never with a second generator.
 */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { PLAN_SCHEMA, schemaNode } from '../fields';
import { restorePlan } from '../restore';
import { defaultDynamoTable, dynamoTableSchema } from '../dynamodb-schema';
import { defaultPlan, type Plan } from '../schema';

/** Arbitrary valid plans spanning the schema's limits (log-scaled where the range is wide). */
export const logNum = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.min(max, Math.max(min, Math.exp(x))));

/** The hardware and load fields, log-scaled where the schema's range is wide. */
const hardwareAndLoadArbs = {
  cores: fc.integer({ min: 1, max: 512 }),
  smt: fc.constantFrom(1, 2),
  ramGiB: logNum(0.5, 8192),
  speed: logNum(0.1, 10),
  mode: fc.constantFrom('open', 'closed' as const),
  arrivalRps: logNum(0.001, 1_000_000),
  users: fc.integer({ min: 1, max: 1_000_000 }),
  thinkTimeMs: logNum(0.001, 3_600_000),
  cpuMs: logNum(0.1, 60_000),
};
const appTierArbs = {
  app: fc.constantFrom('gunicorn', 'phpfpm' as const),
  workerClass: fc.constantFrom(null, 'sync', 'gthread', 'gevent', 'asgi' as const),
  pm: fc.constantFrom(null, 'static', 'dynamic', 'ondemand' as const),
};
const memoryArbs = {
  workerMemMiB: logNum(5, 65_536),
  preload: fc.boolean(),
  somaxconn: fc.integer({ min: 1, max: 1_048_576 }),
};

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
/** Two accounts Debian has and one it does not (toolCheckablePlanArb keeps the first two). */
const account = fc.constantFrom({ user: 'www-data', group: 'www-data' }, { user: 'nobody', group: 'nogroup' }, { user: 'headroom', group: 'headroom' });

const deployArb = fc.record({
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

/** The public edge (issue 12); real-tools tests set the TLS mode themselves (on and off for every tool check). */
const edgeArb = fc.record({
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

/*
 * DynamoDB tables (issue 3), shaped like the export tests need them: names from 3 to 255
 * characters, rates and item sizes log-scaled or across DynamoDB's limits, up to 20 GSIs of every
 * projection, and auto scaling bounds in order. Direct rates mostly (per-request rates follow the
 * web tier's load); the other table fields (read mix, streams, storage…) come from the schema walk.
 */
const ddbName = fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{3,40}$/) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{200,255}$/) });
const ddbUnits = logNum(1, 1_000_000).map(Math.round);
const ddbGsiArb = fc.record({
  name: ddbName,
  projection: fc.constantFrom('ALL' as const, 'KEYS_ONLY' as const, 'INCLUDE' as const),
  // ≤ 5 × 20 indexes = 100, the per-table NonKeyAttributes limit.
  includedAttributes: fc.integer({ min: 1, max: 5 }),
  projectedEntryBytes: fc.integer({ min: 1, max: 400 * 1024 }),
  keyChangeShare: fc.double({ min: 0, max: 1, noNaN: true }),
  // ≤ 1/20 each, so 20 indexes never take more than all the queries.
  queryShare: fc.double({ min: 0, max: 0.05, noNaN: true }),
  writeShare: fc.constant(1),
});
const ddbTableFields = fc
  .record({
    name: ddbName,
    source: fc.oneof({ weight: 3, arbitrary: fc.constant('direct' as const) }, { weight: 1, arbitrary: fc.constant('per-request' as const) }),
    capacityMode: fc.constantFrom('provisioned', 'on-demand' as const),
    readsPerSec: logNum(0.01, 1_000_000),
    writesPerSec: logNum(0.01, 200_000),
    itemSizeBytes: fc.integer({ min: 1, max: 400 * 1024 }),
    writeItemSizeBytes: fc.integer({ min: 1, max: 400 * 1024 }),
    gsis: fc.uniqueArray(ddbGsiArb, { maxLength: 20, selector: (g) => g.name }),
    units: fc.tuple(ddbUnits, ddbUnits, ddbUnits, ddbUnits),
    readTargetPct: fc.integer({ min: 20, max: 90 }),
    writeTargetPct: fc.integer({ min: 20, max: 90 }),
  })
  .map(({ units: [r1, r2, w1, w2], readTargetPct, writeTargetPct, ...table }) => ({
    ...table,
    autoscaling: { minRcu: Math.min(r1, r2), maxRcu: Math.max(r1, r2), minWcu: Math.min(w1, w2), maxWcu: Math.max(w1, w2), readTargetPct, writeTargetPct },
  }));

type Schema = z.ZodMiniType;

function leafNumber(limits: { min: number; max: number; integer: boolean }, template: unknown): fc.Arbitrary<number> {
  const min = Math.max(-1e9, limits.min);
  const max = Math.min(1e9, limits.max);
  const random = limits.integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
  return typeof template === 'number' ? fc.oneof({ arbitrary: fc.constant(template), weight: 2 }, { arbitrary: random, weight: 1 }) : random;
}

function arb(schema: Schema, template: unknown): fc.Arbitrary<unknown> {
  // The plan schema's one walker (src/plan/fields.ts), like the UI's field specs and restorePlan.
  const node = schemaNode(schema);
  let a: fc.Arbitrary<unknown>;
  if (node.kind === 'object') {
    const t = (template ?? {}) as Record<string, unknown>;
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, child] of Object.entries(node.shape ?? {})) parts[key] = arb(child, t[key]);
    return fc.record(parts);
  }
  if (node.kind === 'array' && node.element) {
    const element = node.element;
    const t = Array.isArray(template) ? template : [];
    // A number element (fleet.weights) has no default to start from: 1 is the neutral weight. An
    // element with required fields and no defaults (plan.measured: files, date) has none either:
    // that array keeps its template (src/plan/measured.test.ts covers its values).
    const parsed = z.safeParse(element, {});
    const elementTemplate = t[0] ?? (schemaNode(element).type === 'number' ? 1 : parsed.success ? parsed.data : undefined);
    if (elementTemplate === undefined) return fc.constant(template);
    const arr = fc.array(arb(element, elementTemplate), { minLength: t.length > 0 ? 1 : 0, maxLength: Math.min(3, node.maxItems ?? 3) });
    return node.nullable ? fc.oneof(fc.constant(template ?? null), arr) : arr;
  }
  if (node.number) a = leafNumber(node.number, template);
  else if (node.type === 'boolean') a = fc.boolean();
  else if (node.options) a = fc.constantFrom(...node.options);
  else if (node.type === 'string') {
    // Valid variants of the default for every string field (paths, names, hosts), plus Unicode for
    // free-text names; an invalid variant is dropped by restorePlan, which keeps the default.
    a = typeof template === 'string' ? fc.constantFrom(template, `${template}x`, `${template}-2`, `${template} Ünïcødé 計画`) : fc.constant('x');
  } else return fc.constant(template);
  if (node.nullable) a = fc.oneof(fc.constant(null), a);
  return fc.oneof({ arbitrary: fc.constant(template), weight: 1 }, { arbitrary: a, weight: 1 });
}


/** Every leaf of the plan schema: its default or a random value within its limits. */
const schemaLeaves = arb(PLAN_SCHEMA, defaultPlan()) as fc.Arbitrary<Record<string, Record<string, unknown>>>;

/** `keys` of `o` scaled to sum to 1 (all zero: the first takes everything). */
function normalised(o: Record<string, unknown>, keys: readonly string[]): Record<string, number> {
  const values = keys.map((k) => Math.max(0, Number(o[k]) || 0));
  const total = values.reduce((a, b) => a + b, 0);
  return Object.fromEntries(keys.map((k, i) => [k, total > 0 ? values[i]! / total : i === 0 ? 1 : 0]));
}

/**
 * The walk's table leaves with their share mixes summing to 100 % (the schema's cross-field rules:
 * read consistency, operations, each item-size mix). Drawn independently they almost never do, and
 * restorePlan would then reset the whole DynamoDB section to its defaults.
 */
function withConsistentShares(t: Record<string, unknown>): Record<string, unknown> {
  const mixes = (t['itemSizeMix'] ?? {}) as Record<string, { bytes: number; share: number }[]>;
  const itemSizeMix = Object.fromEntries(
    Object.entries(mixes).map(([op, mix]) => {
      const shares = normalised(Object.fromEntries(mix.map((x, i) => [String(i), x.share])), mix.map((_, i) => String(i)));
      return [op, mix.map((x, i) => ({ ...x, share: shares[String(i)]! }))];
    }),
  );
  return { ...t, ...normalised(t, ['eventualShare', 'strongShare', 'transactionalShare']), ...normalised(t, ['getShare', 'batchGetShare', 'queryShare', 'scanShare']), itemSizeMix };
}

/** 1–4 DynamoDB tables: each the schema walk's leaves of a table with the shaped fields above laid over them. */
const ddbTablesArb = fc
  .uniqueArray(fc.tuple(arb(dynamoTableSchema, defaultDynamoTable()) as fc.Arbitrary<Record<string, unknown>>, ddbTableFields), { minLength: 1, maxLength: 4, selector: ([, t]) => t.name })
  .map((pairs) => pairs.map(([leaves, shaped]) => ({ ...withConsistentShares(leaves), ...shaped, autoscaling: { ...(leaves['autoscaling'] as object), ...shaped.autoscaling } })));

const pin = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: null, freq: 3 });

/** The shaped fields (part 2 above), drawn in key order so a seed keeps giving the same plans. */
const shapedFields = fc.record({
  ...hardwareAndLoadArbs,
  cpuCv: fc.double({ min: 0, max: 4, noNaN: true }),
  ioWaitMs: fc.oneof(fc.constant(0), logNum(0.01, 600_000)),
  ioCv: fc.double({ min: 0, max: 4, noNaN: true }),
  staticShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
  slowestRequestS: fc.integer({ min: 1, max: 3600 }),
  responseKiB: logNum(0.1, 102_400),
  sloMs: logNum(1, 600_000),
  overheadMs: fc.oneof(fc.constant(0), logNum(0.001, 1000)),
  ...appTierArbs,
  gunicornVersion: fc.constantFrom('20.1', '23.0', '26.1' as const),
  phpVersion: fc.constantFrom('8.1', '8.2', '8.3', '8.4' as const),
  nginxVersion: fc.constantFrom('1.22', '1.28', '1.30' as const),
  ...memoryArbs,
  sticky: fc.boolean(),
  connections: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
  clientKeepaliveS: fc.integer({ min: 0, max: 3600 }),
  microcache: fc.boolean(),
  hitRatio: fc.double({ min: 0, max: 1, noNaN: true }),
  ttlS: fc.integer({ min: 0, max: 3600 }),
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
  ddbTables: ddbTablesArb,
});
type Shaped = typeof shapedFields extends fc.Arbitrary<infer T> ? T : never;
type Leaves = Record<string, Record<string, unknown>>;

/** Part 2 laid over part 1, section by section (the shaped value wins; other leaves stay). */
function overlay(leaves: Leaves, r: Shaped): Leaves {
  const { account, ...deploy } = r.deploy;
  const threads = Math.min(1024, r.cores * r.smt);
  const parts: Leaves = {
    hardware: { presetId: 'custom', catalogId: null, physicalCores: r.cores, hardwareThreads: threads, ramGiB: r.ramGiB, perCoreSpeed: r.speed },
    workload: {
      mode: r.mode, arrivalRps: r.arrivalRps, concurrentUsers: r.users, thinkTimeMs: r.thinkTimeMs, cpuMs: r.cpuMs, cpuCv: r.cpuCv, ioWaitMs: r.ioWaitMs, ioCv: r.ioCv,
      staticShare: r.staticShare, slowestRequestS: r.slowestRequestS, responseKiB: r.responseKiB, sloMs: r.sloMs, frameworkOverheadMsRef: r.overheadMs,
    },
    gunicorn: { version: r.gunicornVersion, workerClass: r.workerClass, workerMemMiB: r.workerMemMiB, preload: r.preload, keepAliveSticky: r.sticky, persistentConnections: r.connections },
    phpfpm: { version: r.phpVersion, pm: r.pm, childMemMiB: r.workerMemMiB },
    nginx: { version: r.nginxVersion, clientKeepaliveS: r.clientKeepaliveS },
    system: { somaxconn: r.somaxconn },
    cache: { microcacheEnabled: r.microcache, hitRatio: r.hitRatio, ttlS: r.ttlS },
    pins: r.pins,
    deploy: { ...deploy, ...account },
    // nginx refuses one port with and without ssl (the schema says so too).
    edge: { ...r.edge, httpsPort: r.edge.httpsPort === deploy.listenPort ? (deploy.listenPort === 443 ? 8443 : 443) : r.edge.httpsPort },
    fleet: r.fleet,
    dynamodb: { tables: r.ddbTables },
  };
  const out: Leaves = { ...leaves, app: r.app as unknown as Record<string, unknown> };
  for (const [section, fields] of Object.entries(parts)) out[section] = { ...leaves[section], ...fields };
  return out;
}

/** fleet.weights: one per server, 1–1000 (a cross-field rule the schema checks). */
function fitWeights(fleet: Record<string, unknown>): void {
  const w = fleet['weights'];
  if (!Array.isArray(w)) return;
  const servers = fleet['servers'] as number;
  fleet['weights'] = Array.from({ length: servers }, (_, i) => Math.min(1000, Math.max(1, Math.round(Math.abs(Number(w[i % Math.max(1, w.length)] ?? 1))))));
}

/** Any valid plan (see the top of this file). */
export const planArb: fc.Arbitrary<Plan> = fc.tuple(schemaLeaves, shapedFields).map(([leaves, shaped]) => {
  const cand = overlay(leaves, shaped);
  fitWeights(cand['fleet']!);
  const r = restorePlan(cand);
  if (r.ok) return r.plan;
  const { dynamodb: _dropped, ...rest } = cand;
  const r2 = restorePlan(rest);
  return r2.ok ? r2.plan : defaultPlan();
});

/** Deploy accounts that exist on the test machines (Debian), where the real tools check the files. */
const TOOL_ACCOUNTS = new Set(['www-data:www-data', 'nobody:nogroup']);

/**
 * Restriction of `planArb` for the tests that run the real servers' checks on the files (nginx -t,
 * php-fpm -t, gunicorn --check-config, systemd-analyze) on the test machine:
 * - php-fpm and systemd refuse a user or group the machine does not have: the account is Debian's;
 * - the machine's nginx is 1.22, which has no `sticky` (open source since 1.29.6, written for plans
 *   that target 1.30; older targets fall back to ip_hash, which is kept);
 * - nginx -t maps the microcache's keys zone: at most a million keys keeps it to what the test
 *   machine can map (63 GB failed with ENOMEM);
 * - php-fpm -i maps the opcache's shared memory: at most 16 GiB keeps it to what the 24 GiB test
 *   machine can map (30000 MiB with a 64 MiB interned-strings buffer failed to start opcache);
 */
export const toolCheckablePlanArb: fc.Arbitrary<Plan> = planArb.filter(
  (p) =>
    TOOL_ACCOUNTS.has(`${p.deploy.user}:${p.deploy.group}`) &&
    !(p.fleet.lbMethod === 'sticky_cookie' && p.nginx.version === '1.30') &&
    p.cache.keys <= 1_000_000 &&
    p.phpfpm.opcacheMiB <= 16_384,
);

/**
 * Restriction of `planArb` for the DynamoDB tests (export files, alarms, the units/cost split):
 * DynamoDB on. Its tables are planArb's own (the shaped tables above over the schema walk).
 */
export const dynamoPlanArb: fc.Arbitrary<Plan> = planArb.filter((p) => p.dynamodb.enabled);

/** `count` reproducible tool-checkable plans; the same seed gives the same plans on every machine. */
export function samplePlans(count: number, seed: number): Plan[] {
  return fc.sample(toolCheckablePlanArb, { numRuns: count, seed });
}
