/**
 * The share-link codec: exact round trips (property), only non-defaults in the link, and bad
 * links of every kind decoded to a valid plan with a reason — never an exception.
 */
import { deflateSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURE_NAMES, fixture } from '../plan/fixtures';
import { defaultPlan, planSchema, type Plan } from '../plan/schema';
import { setAtPath } from '../plan/fields';
import { decodeLink, encodePlan, extractCode, hasPlanParam, MAX_CODE_CHARS, planDiff, planFragment } from './link-codec';
import { bytesToBase64Url, base64UrlToBytes } from './link-format';
import { planArb as validPlanArb } from '../plan/testing/plan-arb';

/** A link whose JSON text is given verbatim (so hostile keys such as "__proto__" survive as text). */
const linkFromJson = (json: string) => `#p=${bytesToBase64Url(deflateSync(new TextEncoder().encode(json)))}`;
const fields = (r: { problems: { field: string }[] }) => r.problems.map((p) => p.field);

function expectValid(plan: Plan) {
  const parsed = planSchema.safeParse(plan);
  expect(parsed.success).toBe(true);
}

describe('encode', () => {
  it('the default plan has an empty diff and a clean URL (no fragment)', () => {
    expect(planDiff(defaultPlan())).toEqual({});
    expect(planFragment(defaultPlan())).toBe('');
  });

  it('carries only the non-default leaves', () => {
    const plan = setAtPath(setAtPath(defaultPlan(), ['hardware', 'physicalCores'], 8), ['workload', 'sloMs'], 300);
    expect(planDiff(plan)).toEqual({ hardware: { physicalCores: 8 }, workload: { sloMs: 300 } });
  });

  it('compares arrays (DynamoDB tables) as whole values', () => {
    const base = defaultPlan();
    const tables = [{ ...base.dynamodb.tables[0]!, readsPerSec: 500 }];
    const plan = setAtPath(base, ['dynamodb', 'tables'], tables);
    expect(planDiff(plan)).toEqual({ dynamodb: { tables } });
  });

  it('is deterministic and URL-safe', () => {
    const plan = fixture('phpShop');
    expect(encodePlan(plan)).toBe(encodePlan(structuredClone(plan)));
    expect(encodePlan(plan)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(planFragment(plan)).toMatch(/^#p=[A-Za-z0-9_-]+$/);
  });
});

describe('round trip', () => {
  it.each(FIXTURE_NAMES)('fixture %s opens to the same plan with no problems', (name) => {
    const plan = fixture(name);
    const r = decodeLink(`https://headroom.example/#p=${encodePlan(plan)}`);
    expect(r.problems).toEqual([]);
    expect(r.plan).toEqual(plan);
  });

  it('the multi-server follow-up fields (weights, backups, max_conns, session length) survive a link', () => {
    const plan = planSchema.parse({ fleet: { servers: 3, weights: [3, 1, 2], backupServers: 2, maxConns: 500, sessionS: 900, lbMethod: 'least_conn' } });
    const r = decodeLink(`https://headroom.example/#p=${encodePlan(plan)}`);
    expect(r.problems).toEqual([]);
    expect(r.plan).toEqual(plan);
    // Weights of the wrong length are refused with the message (the fleet section falls back to defaults).
    const bad = decodeLink(`#p=${encodePlan({ ...plan, fleet: { ...plan.fleet, weights: [1, 1] } })}`);
    expect(bad.problems.map((p) => p.message).join('\n')).toMatch(/weights: one per server, 1–1000/);
  });

  // 200 seeded plans: each draw walks the whole schema and goes through restorePlan (~20 ms here),
  // so 1,000 took over a minute on a busy CI machine.
  it('property: random valid plans → encode → decode is deep-equal, no problems (200 plans)', () => {
    fc.assert(
      fc.property(validPlanArb, (plan) => {
        const code = encodePlan(plan);
        expect(code.length).toBeLessThan(MAX_CODE_CHARS);
        const r = decodeLink(`#p=${code}`);
        expect(r.problems).toEqual([]);
        expect(r.plan).toEqual(plan);
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });

  it('finds the code in a URL, a fragment, p=… or a bare code', () => {
    const code = encodePlan(fixture('ioBoundApi'));
    for (const input of [`https://x.test/path?q=1#p=${code}`, `#p=${code}`, `#x=1&p=${code}&y=2`, `p=${code}`, code]) {
      expect(extractCode(input)).toBe(code);
    }
    expect(hasPlanParam(`#p=${code}`)).toBe(true);
    expect(hasPlanParam('#section')).toBe(false);
  });
});

describe('bad links open with the recoverable part and say why', () => {
  const cases: [string, string, RegExp][] = [
    ['empty fragment', '#p=', /no plan/],
    ['not base64url', '#p=@@@!!', /not base64url/],
    ['impossible base64 length', '#p=A', /not base64url/],
    ['not deflate', `#p=${bytesToBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))}`, /damaged/],
    ['deflated non-JSON', linkFromJson('{"v":1,"p":'), /not valid JSON/],
    ['JSON that is not an object', linkFromJson('[1,2]'), /does not hold a plan/],
    ['missing version', linkFromJson('{"p":{}}'), /no format version/],
    ['unknown version', linkFromJson('{"v":99,"p":{}}'), /unknown link format version 99/],
    ['version as text', linkFromJson('{"v":"1","p":{}}'), /unknown link format \(version "1" is not a positive whole number\)/],
    ['a 100 KB fragment', `#p=${'A'.repeat(100_000)}`, /too long/],
    ['query string only', 'https://x.test/?p=abc', /not base64url|no plan/],
  ];
  it.each(cases)('%s → defaults and a reason', (_name, link, reason) => {
    const r = decodeLink(link);
    expect(r.plan).toEqual(defaultPlan());
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.map((p) => p.message).join('\n')).toMatch(reason);
  });

  it('a truncated link does not throw and falls back to defaults', () => {
    const code = encodePlan(fixture('phpShop'));
    const r = decodeLink(`#p=${code.slice(0, Math.floor(code.length / 2))}`);
    expectValid(r.plan);
    expect(r.problems.length).toBeGreaterThan(0);
  });

  it('out-of-range values are dropped one by one; the rest of the plan is kept', () => {
    const r = decodeLink(linkFromJson('{"v":1,"p":{"hardware":{"physicalCores":8},"workload":{"cpuMs":-5,"sloMs":300},"nginx":{"version":"9.9"}}}'));
    expect(r.plan.hardware.physicalCores).toBe(8);
    expect(r.plan.workload.sloMs).toBe(300);
    expect(r.plan.workload.cpuMs).toBe(defaultPlan().workload.cpuMs);
    expect(r.plan.nginx.version).toBe(defaultPlan().nginx.version);
    expect(fields(r)).toEqual(['workload.cpuMs', 'nginx.version']);
    expect(r.problems[0]?.message).toMatch(/at least 0\.1/);
  });

  it('unknown keys are reported and ignored', () => {
    const r = decodeLink(linkFromJson('{"v":1,"x":1,"p":{"hardware":{"physicalCores":8,"gpu":4},"theme":"dark"}}'));
    expect(r.plan.hardware.physicalCores).toBe(8);
    expect(fields(r)).toEqual(['(link)', 'hardware.gpu', 'theme']);
  });

  it('__proto__ / constructor / prototype keys are stripped and pollute nothing', () => {
    const json =
      '{"v":1,"p":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"hardware":{"__proto__":{"physicalCores":99},"physicalCores":8},"dynamodb":{"tables":[{"__proto__":{"polluted":1},"name":"orders"}]}}}';
    const r = decodeLink(linkFromJson(json));
    expect(r.plan.hardware.physicalCores).toBe(8);
    expect(r.plan.dynamodb.tables[0]?.name).toBe('orders');
    expect(fields(r)).toEqual(['__proto__', 'constructor', 'hardware.__proto__', 'dynamodb.tables.0.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.plan)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(r.plan.hardware)).toBe(Object.prototype);
    expectValid(r.plan);
  });

  it('a cross-field conflict resets only the fields of its rule', () => {
    // 20 cores with the default 12 threads: the cores/threads pair goes back to its defaults, the
    // rest of the hardware section (RAM) and the other sections stay.
    const r = decodeLink(linkFromJson('{"v":1,"p":{"hardware":{"physicalCores":20,"ramGiB":64},"workload":{"sloMs":300}}}'));
    expect(r.plan.hardware).toEqual({ ...defaultPlan().hardware, ramGiB: 64 });
    expect(r.plan.workload.sloMs).toBe(300);
    expect(fields(r)).toEqual(['hardware.physicalCores']);
    expect(r.problems[0]?.message).toBe('hardwareThreads must be ≥ physical cores (20); reset to the default');
  });

  it('a cross-field conflict resets its own fields only, next to a bad field already dropped', () => {
    const r = decodeLink(linkFromJson('{"v":1,"p":{"hardware":{"physicalCores":16},"workload":{"cpuMs":-1,"arrivalRps":500}}}'));
    expect(r.ok).toBe(true);
    expect(r.plan.workload.arrivalRps).toBe(500);
    expect(r.plan.hardware).toEqual(defaultPlan().hardware);
    expect(fields(r)).toEqual(['workload.cpuMs', 'hardware.physicalCores']);
  });

  it.each([
    ['text', '"1"'],
    ['zero', '0'],
    ['negative', '-3'],
    ['a fraction', '1.5'],
    ['an object', '{"major":1}'],
  ])('a link version that is not a positive whole number (%s) is an unknown link format, not a newer Headroom', (_name, v) => {
    const r = decodeLink(linkFromJson(`{"v":${v},"p":{}}`));
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toMatch(/^unknown link format \(version .* is not a positive whole number\)$/);
    expect(r.problems[0]?.message).not.toMatch(/newer/);
  });

  it('a plan claiming a newer plan version inside a version-1 link is refused, not half-loaded', () => {
    const r = decodeLink(linkFromJson('{"v":1,"p":{"version":2,"hardware":{"physicalCores":8}}}'));
    expect(r.ok).toBe(false);
    expect(r.plan).toEqual(defaultPlan());
    expect(r.problems.map((p) => p.field)).toEqual(['version', '(link)']);
    expect(r.problems[0]?.message).toMatch(/unsupported plan format version 2.*newer Headroom/);
  });

  it('each problem is listed once', () => {
    const links = [
      '{"v":1,"p":{"hardware":{"physicalCores":16,"ramGiB":-1},"workload":{"cpuMs":-1},"fleet":{"servers":3,"weights":[1,2]}}}',
      '{"v":1,"p":{"dynamodb":{"tables":[{"name":"a"},{"name":"a"},{"name":"bb","eventualShare":2}]},"pins":{"fpmMinSpareServers":9,"fpmMaxSpareServers":2}}}',
      '{"v":1,"p":{"fleet":{"otherKinds":[{"name":"main"},{"name":"x","physicalCores":9}]},"hardware":{"physicalCores":600}}}',
    ];
    for (const json of links) {
      const r = decodeLink(linkFromJson(json));
      const keys = r.problems.map((p) => `${p.field}: ${p.message}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(r.problems.length).toBeGreaterThan(0);
      expectValid(r.plan);
    }
  });

  it('a deflate bomb is refused without inflating it all into memory', () => {
    const json = `{"v":1,"p":{"name":"${'a'.repeat(5_000_000)}"}}`;
    const link = linkFromJson(json);
    expect(link.length).toBeLessThan(MAX_CODE_CHARS);
    const r = decodeLink(link);
    expect(r.plan).toEqual(defaultPlan());
    expect(r.problems[0]?.message).toMatch(/too large/);
  });

  it('invalid UTF-8 inside is reported, not mis-decoded', () => {
    const r = decodeLink(`#p=${bytesToBase64Url(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))}`);
    expect(r.plan).toEqual(defaultPlan());
    expect(r.problems[0]?.message).toMatch(/damaged/);
  });
});

describe('fuzz: 12,000 generated bad links never throw and always give a valid plan', () => {
  const sample = [fixture('phpShop'), fixture('large'), fixture('fourCoreCpuBound'), defaultPlan()].map(encodePlan);
  const check = (link: string) => {
    const r = decodeLink(link);
    expect(Array.isArray(r.problems)).toBe(true);
    expect(planSchema.safeParse(r.plan).success).toBe(true);
  };
  const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hardware', 'workload', 'pins', 'v', 'p', 'physicalCores', 'cpuMs', 'tables', 'toString', 'valueOf', 'hasOwnProperty');
  const hostileJson = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
    ),
  })).value;

  it('3,000 random strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z0-9_-]{0,200}$/)), (s) => check(`#p=${s}`)), { numRuns: 3000 });
  });

  it('2,000 truncations of valid links', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sample), fc.nat(), (code, n) => check(`#p=${code.slice(0, n % (code.length + 1))}`)),
      { numRuns: 2000 },
    );
  });

  it('3,000 bit flips of the compressed bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sample), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (code, flips) => {
        const bytes = base64UrlToBytes(code) as Uint8Array;
        for (const f of flips) bytes[(f >> 3) % bytes.length]! ^= 1 << (f & 7);
        check(`#p=${bytesToBase64Url(bytes)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('4,000 random JSON envelopes with hostile keys, then no prototype is polluted', () => {
    const envelope = fc.oneof(
      hostileJson,
      fc.record({ v: fc.oneof(fc.constant(1), hostileJson), p: hostileJson }),
      fc.record({ v: fc.constant(1), p: fc.dictionary(hostileKey, fc.dictionary(hostileKey, hostileJson, { maxKeys: 4 }), { maxKeys: 5 }) }),
    );
    fc.assert(
      fc.property(envelope, (env) => {
        // JSON.stringify writes an own "__proto__" key as text, like a hostile link would.
        check(linkFromJson(JSON.stringify(env)));
      }),
      { numRuns: 4000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
