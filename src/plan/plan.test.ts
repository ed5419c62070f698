import { describe, expect, it } from 'vitest';
import { fieldSchema, numberFieldSpec, parseNumberField, schemaNode, setAtPath, getAtPath } from './fields';
import { restorePlan, restorePlanFromText } from './restore';
import { defaultPlan, MAX_OTHER_KINDS, planSchema, PLAN_FORMAT_VERSION } from './schema';
import { HARDWARE_PRESETS } from './presets';
import { FIXTURE_NAMES, fixture } from './fixtures';

describe('schema defaults', () => {
  it('{} is a complete plan carrying the format version', () => {
    const p = defaultPlan();
    expect(p.version).toBe(PLAN_FORMAT_VERSION);
    expect(p.hardware.physicalCores).toBe(6);
    expect(p.pins.gunicornWorkers).toBeNull();
  });
  it('every fixture parses', () => {
    for (const n of FIXTURE_NAMES) expect(() => fixture(n)).not.toThrow();
  });
  it('every preset is a valid hardware section', () => {
    for (const p of HARDWARE_PRESETS) {
      const { id, physicalCores, hardwareThreads, ramGiB, perCoreSpeed } = p;
      expect(planSchema.safeParse({ hardware: { presetId: id, physicalCores, hardwareThreads, ramGiB, perCoreSpeed } }).success).toBe(true);
    }
  });
  it('threads below cores is refused with a message naming the limit', () => {
    const r = planSchema.safeParse({ hardware: { physicalCores: 8, hardwareThreads: 4 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('≥ physical cores (8)');
  });
});

describe('field specs come from the schema', () => {
  it.each([
    [['workload', 'cpuMs'], { min: 0.1, max: 60_000, integer: false, nullable: false }],
    [['hardware', 'physicalCores'], { min: 1, max: 512, integer: true, nullable: false }],
    [['pins', 'gunicornWorkers'], { min: 1, max: 4096, integer: true, nullable: true }],
  ])('%j', (path, spec) => {
    expect(numberFieldSpec(path)).toEqual(spec);
  });
  it('unknown or non-numeric paths have no spec', () => {
    expect(numberFieldSpec(['workload', 'nope'])).toBeUndefined();
    expect(numberFieldSpec(['app'])).toBeUndefined();
  });
});

describe('parseNumberField names the limit', () => {
  it.each([
    ['abc', 'not a number'],
    ['-5', 'at least 0.1'],
    ['70000', 'at most 60,000'],
    ['', 'required'],
    ['1e9', 'at most 60,000'],
    ['0x10', 'not a number'],
    ['NaN', 'not a number'],
    ['Infinity', 'not a number'],
  ])('cpuMs %j → %s', (raw, msg) => {
    const r = parseNumberField(['workload', 'cpuMs'], raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(msg);
  });
  it('accepts valid values, and empty for pins (= recommended)', () => {
    expect(parseNumberField(['workload', 'cpuMs'], ' 12.5 ')).toEqual({ ok: true, value: 12.5 });
    expect(parseNumberField(['workload', 'cpuMs'], '1e3')).toEqual({ ok: true, value: 1000 });
    expect(parseNumberField(['pins', 'gunicornWorkers'], '')).toEqual({ ok: true, value: null });
    expect(parseNumberField(['hardware', 'physicalCores'], '2.5').ok).toBe(false);
  });
});

describe('setAtPath / getAtPath', () => {
  it('sets a leaf without touching siblings', () => {
    const p = defaultPlan();
    const q = setAtPath(p, ['workload', 'cpuMs'], 99);
    expect(getAtPath(q, ['workload', 'cpuMs'])).toBe(99);
    expect(q.hardware).toBe(p.hardware);
    expect(p.workload.cpuMs).toBe(25);
  });
});

describe('restorePlan (untrusted input)', () => {
  it('a bad field inside one server kind is reset and reported; the other kinds stay', () => {
    const r = restorePlan({ fleet: { servers: 2, otherKinds: [{ name: 'old', servers: 2, physicalCores: 4, hardwareThreads: 8, weight: 5000 }, { name: 'ok', servers: 3 }] } });
    if (!r.ok) throw new Error('expected a recovered plan');
    expect(r.plan.fleet.otherKinds.map((k) => [k.name, k.servers, k.weight])).toEqual([
      ['old', 2, 1],
      ['ok', 3, 1],
    ]);
    expect(r.problems).toEqual([{ field: 'fleet.otherKinds.0.weight', message: 'must be at most 1000', kind: 'invalid' }]);
  });

  it('drops bad fields, keeps the rest, and names each problem with its limit', () => {
    const r = restorePlan({ hardware: { ramGiB: -3, physicalCores: 'x' }, workload: { cpuMs: 1e9, ioWaitMs: 12 }, app: 'iis' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.workload.ioWaitMs).toBe(12);
    expect(r.plan.hardware.ramGiB).toBe(64);
    const fields = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(fields).toContain('hardware.ramGiB: must be at least 0.5');
    expect(fields).toContain('workload.cpuMs: must be at most 60000');
    expect(fields.some((f) => f.startsWith('app: must be one of'))).toBe(true);
  });
  it('refuses non-objects, unknown versions and bad JSON without throwing', () => {
    expect(restorePlan(null).ok).toBe(false);
    expect(restorePlan([1]).ok).toBe(false);
    expect(restorePlan({ version: 99 }).ok).toBe(false);
    expect(restorePlanFromText('{not json').ok).toBe(false);
  });
  it('ignores __proto__ keys', () => {
    const r = restorePlanFromText('{"__proto__": {"polluted": true}, "workload": {"cpuMs": 5}}');
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('deploy fields block directive injection', () => {
  const hostile = ['a;b', 'x\nlisten 1;', '/srv/../etc', 'ünï', '${x}', 'a b', '"q"', "'q'", 'a{b}', '#c', 'a\\b', 'x'.repeat(300)];
  const fields = ['serverName', 'appSocketPath', 'appModule', 'appDir', 'staticRoot', 'staticUrlPrefix', 'phpRoot', 'fpmSocketPath', 'fpmPoolName', 'user', 'group'];
  it.each(fields)('%s rejects every hostile string', (field) => {
    for (const h of hostile) {
      expect(planSchema.safeParse({ deploy: { [field]: h } }).success, `${field} = ${JSON.stringify(h)}`).toBe(false);
    }
  });
});

describe('plan name (issue 11 item 7)', () => {
  it.each(['', ' ', '   '])('%j is refused with a message, and a restored plan falls back to the default name', (name) => {
    const parsed = planSchema.safeParse({ name });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/is required: 1–80 characters, not only spaces/);
    const r = restorePlan({ name });
    if (!r.ok) throw new Error('expected a recovered plan');
    expect(r.plan.name).toBe(defaultPlan().name);
    expect(r.problems.map((p) => p.field)).toEqual(['name']);
  });

  it('a visible name of 1 to 80 characters is accepted; 81 is not', () => {
    expect(planSchema.safeParse({ name: 'x' }).success).toBe(true);
    expect(planSchema.safeParse({ name: ` ${'a'.repeat(78)} ` }).success).toBe(true);
    expect(planSchema.safeParse({ name: 'a'.repeat(81) }).success).toBe(false);
  });
});

describe('restorePlan: unknown keys (issue 11 item 1)', () => {
  it('reports each unknown or misspelled key with its path, kind "unknown", and sizes nothing from it', () => {
    const r = restorePlan({ hardware: { physicalcores: 64 }, workloadd: { arrivalRps: 5000 }, dynamodb: { tables: [{ name: 'orders', rcu: 5 }] } });
    if (!r.ok) throw new Error('expected a plan');
    expect(r.problems).toEqual([
      { field: 'hardware.physicalcores', message: 'unknown field', kind: 'unknown' },
      { field: 'workloadd', message: 'unknown field', kind: 'unknown' },
      { field: 'dynamodb.tables.0.rcu', message: 'unknown field', kind: 'unknown' },
    ]);
    expect(r.plan.dynamodb.tables[0]?.name).toBe('orders');
  });

  it('a hostile key cannot break a one-line report', () => {
    const r = restorePlan(JSON.parse('{"a\\nb: c":1,"\\u202e":2}'));
    expect(r.problems.map((p) => p.field)).toEqual(['a\\u000ab\\u003a\\u0020c', '\\u202e']);
  });
});

describe('the schema walker (fields.ts)', () => {
  const node = (path: string[]) => {
    const s = fieldSchema(path);
    if (!s) throw new Error(`no field ${path.join('.')}`);
    return schemaNode(s);
  };
  it('sees objects, arrays with their limit, enums, numbers and nullability through the wrappers', () => {
    expect(node(['hardware']).kind).toBe('object');
    expect(Object.keys(node(['hardware']).shape ?? {})).toContain('physicalCores');
    expect(node(['fleet', 'otherKinds'])).toMatchObject({ kind: 'array', maxItems: MAX_OTHER_KINDS });
    expect(node(['app']).options).toEqual(['gunicorn', 'phpfpm']);
    expect(node(['hardware', 'physicalCores'])).toMatchObject({ kind: 'leaf', number: { min: 1, max: 512, integer: true }, nullable: false });
    expect(node(['pins', 'gunicornWorkers'])).toMatchObject({ nullable: true, number: { min: 1, max: 4096, integer: true } });
    expect(node(['fleet', 'otherKinds', '0', 'weight']).number).toEqual({ min: 1, max: 1000, integer: true });
  });
  it('knows no prototype keys and no non-numeric array index', () => {
    expect(fieldSchema(['constructor'])).toBeUndefined();
    expect(fieldSchema(['hardware', 'toString'])).toBeUndefined();
    expect(fieldSchema(['fleet', 'otherKinds', 'x'])).toBeUndefined();
  });
});
