/**
 * Keep proving what holds (issue 11): 10,000+ generated plan files — valid plans with unknown keys,
 * wrong types and hostile strings mixed in, and plain garbage — through the CLI's parser never
 * throw, and always give either a valid plan or exit 2 with one `<file>: <field path>: <message>`
 * line per problem. A sample goes through the whole `npm run plan` to a sized result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../plan/schema';
import { planArb as validPlanArb } from '../plan/testing/plan-arb';
import { readPlanInput } from './plan-input';
import { runPlanCli } from './plan-cli';

const hostileString = fc.constantFrom('', ' ', 'x\ny', 'evil;\n}', '*/', '\u202e', '\u0000', '$(rm -rf /)', '"', '__proto__', 'NaN', '1e999', '-0', '計画', 'a'.repeat(300));
const hostileValue = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, -1, 0, 1e308, -1e308, 0.5, 2 ** 53, [], {}, [1, 2], { a: 1 }),
  fc.double(),
  fc.integer(),
  fc.string(),
);
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'physicalcores', 'workloadd', 'x: y', 'a\nb', '\u202e', 'toString', ''), fc.string({ maxLength: 12 }));

type Json = Record<string, unknown>;
/** Every object in the plan (as a path), where an unknown key can be planted. */
function objectPaths(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (value === null || typeof value !== 'object') return out;
  out.push(path);
  for (const [k, v] of Object.entries(value)) objectPaths(v, [...path, k], out);
  return out;
}
const at = (root: unknown, path: readonly string[]) => path.reduce<unknown>((o, k) => (o as Json)[k], root);

type Mutation = [number, number, 'unknown' | 'value' | 'delete', string, unknown];

/**
 * Applies up to 4 mutations to a plan's JSON: an unknown key, a hostile value in place of a field,
 * or a deleted field. Each planted value is a copy: the hostile constants ({}, [1, 2], { a: 1 }) are
 * one object shared by every case, so planting one by reference let a later mutation write into
 * it (into every later case too) or plant it inside itself, a circular value JSON cannot hold
 * ("Converting circular structure to JSON", seen on the union of the old generators). Unknown keys
 * go into objects only: JSON keeps no named key on an array (and an array's `length` cannot be redefined).
 */
function mutate(json: Json, mutations: readonly Mutation[]): Json {
  for (const [i, j, what, key, value] of mutations) {
    const paths = objectPaths(json);
    const target = at(json, paths[i % paths.length] as string[]) as Json;
    const keys = Object.keys(target);
    if (what === 'unknown') {
      if (!Array.isArray(target)) Object.defineProperty(target, key, { value: structuredClone(value), enumerable: true, configurable: true, writable: true });
    } else if (keys.length > 0 && what === 'value') target[keys[j % keys.length] as string] = structuredClone(value);
    else if (keys.length > 0) delete target[keys[j % keys.length] as string];
  }
  return json;
}

/**
 * A mutated valid plan. The valid plans come from a fixed pool of 150 (the mutations give the
 * variety; generating a fresh valid plan per case would multiply the run time).
 */
const POOL = fc.sample(validPlanArb, { numRuns: 150, seed: 11 }).map((p) => JSON.stringify(p));
const mutatedPlan = fc
  .tuple(fc.constantFrom(...POOL), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('unknown' as const, 'value' as const, 'delete' as const), hostileKey, hostileValue), { maxLength: 4 }))
  .map(([plan, mutations]) => JSON.stringify(mutate(JSON.parse(plan) as Json, mutations)));
const planText = fc.oneof(
  { arbitrary: mutatedPlan, weight: 6 },
  { arbitrary: fc.json(), weight: 2 },
  { arbitrary: fc.string(), weight: 1 },
  { arbitrary: fc.constantFrom('{', '[]', 'null', '{"version":2}', '{"version":"1"}', '{"version":0.5}', '\ufeff{}'), weight: 1 },
);

/** Exit-2 text: one line per problem, each naming the file and a field path (no newline inside). */
const LINE = /^p\.json: [^\s:][^:\n]*: [^\n]+$/;

describe('the fuzz harness', () => {
  it('plants copies: a shared hostile object planted twice, the second time into the first, stays acyclic and unchanged', () => {
    const shared = {};
    // Paths of {} after the first mutation: [] (the root), ['x'] (the planted object).
    const json = mutate({}, [
      [0, 0, 'unknown', 'x', shared],
      [1, 0, 'unknown', 'y', shared],
    ]);
    expect(JSON.stringify(json)).toBe('{"x":{"y":{}}}');
    expect(shared).toEqual({});
  });
  it('plants no named key on an array (JSON would drop it; `length` cannot be redefined)', () => {
    expect(JSON.stringify(mutate({ a: [] }, [[1, 0, 'unknown', 'length', 'x']]))).toBe('{"a":[]}');
  });
});

describe('fuzz: generated plan files through the CLI parser', () => {
  it('10,000 files: never a throw; a valid plan, or exit-2 lines naming a field path', { timeout: 180_000 }, () => {
    let sized = 0;
    let refused = 0;
    fc.assert(
      fc.property(planText, fc.boolean(), (text, lenient) => {
        const r = readPlanInput('p.json', () => text, { lenient });
        if (r.ok) {
          sized++;
          expect(planSchema.safeParse(r.plan).success).toBe(true);
          for (const line of r.warnings.split('\n').filter(Boolean)) expect(line).toMatch(/^p\.json: [^\n]+: unknown field.* \(ignored: --lenient\)$/);
        } else {
          refused++;
          const lines = r.stderr.split('\n');
          expect(lines.pop()).toBe('');
          expect(lines.length).toBeGreaterThan(0);
          for (const line of lines) expect(line).toMatch(LINE);
        }
      }),
      { numRuns: 10_000, seed: 20261201 },
    );
    // Both outcomes are exercised, not just one.
    expect(sized).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });

  it('300 files through the whole `npm run plan`: exit 0 with a sized result, or exit 2 with field lines', { timeout: 120_000 }, () => {
    const prices = readFileSync(join(import.meta.dirname, '..', '..', 'public', 'prices', 'dynamodb.json'), 'utf8');
    fc.assert(
      fc.property(planText, (text) => {
        const out = runPlanCli(['p.json'], { readFile: () => text, readDynamoPrices: () => prices });
        if (out.code === 0) {
          const json = JSON.parse(out.stdout);
          expect(planSchema.safeParse(json.plan).success).toBe(true);
          expect(json.result.performance.capacityRps.value).toBeGreaterThan(0);
        } else {
          expect(out.code).toBe(2);
          for (const line of out.stderr.trimEnd().split('\n')) expect(line).toMatch(LINE);
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
