/**
 * Test support: a fast-check arbitrary of VALID plans, derived from the plan schema itself (every
 * leaf: keep the default, or a random value within the schema's limits / one of its choices), so
 * a new field is covered without editing this file. Candidates go through restorePlan, which
 * drops the few combinations a cross-field rule refuses.
 */
import fc from 'fast-check';
import { restorePlan } from '../../plan/restore';
import { defaultPlan, planSchema, type Plan } from '../../plan/schema';

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  element?: Schema;
  shape?: Record<string, Schema>;
  entries?: Record<string, string>;
  format?: string;
  checks?: { _zod: { def: { check: string; value?: number; format?: string; maximum?: number } } }[];
}
type Schema = { _zod: { def: Def }; parse: (x: unknown) => unknown };

function leafNumber(def: Def, template: unknown): fc.Arbitrary<number> {
  let min = -1e9;
  let max = 1e9;
  let integer = def.format !== undefined && /int/.test(def.format);
  for (const c of def.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'greater_than' && cd.value !== undefined) min = Math.max(min, cd.value);
    if (cd.check === 'less_than' && cd.value !== undefined) max = Math.min(max, cd.value);
    if (cd.check === 'number_format' && cd.format && /int/.test(cd.format)) integer = true;
  }
  const random = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
  return typeof template === 'number' ? fc.oneof({ arbitrary: fc.constant(template), weight: 2 }, { arbitrary: random, weight: 1 }) : random;
}

function arb(schema: Schema, template: unknown): fc.Arbitrary<unknown> {
  let s = schema;
  let nullable = false;
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    if (def.type === 'nullable') nullable = true;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) break;
    s = inner;
  }
  const def = s._zod.def;
  let a: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'object': {
      const t = (template ?? {}) as Record<string, unknown>;
      const parts: Record<string, fc.Arbitrary<unknown>> = {};
      for (const key of Object.keys(def.shape ?? {})) parts[key] = arb((def.shape as Record<string, Schema>)[key] as Schema, t[key]);
      return fc.record(parts);
    }
    case 'array': {
      const element = def.element as Schema;
      const t = Array.isArray(template) ? template : [];
      // A number element (fleet.weights) has no default to start from: 1 is the neutral weight.
      const elementTemplate = t[0] ?? (element._zod.def.type === 'number' ? 1 : element.parse({}));
      const maxLen = Math.min(3, ...(def.checks ?? []).map((c) => c._zod.def.maximum ?? 3));
      const arr = fc.array(arb(element, elementTemplate), { minLength: t.length > 0 ? 1 : 0, maxLength: maxLen });
      return nullable ? fc.oneof(fc.constant(template ?? null), arr) : arr;
    }
    case 'number':
      a = leafNumber(def, template);
      break;
    case 'boolean':
      a = fc.boolean();
      break;
    case 'enum':
      a = fc.constantFrom(...Object.values(def.entries ?? {}));
      break;
    case 'string':
      // Valid variants of the default for every string field (paths, names, hosts), plus Unicode for
      // free-text names; an invalid variant is dropped by restorePlan, which keeps the default.
      a = typeof template === 'string' ? fc.constantFrom(template, `${template}x`, `${template}-2`, `${template} Ünïcødé 計画`) : fc.constant('x');
      break;
    default:
      return fc.constant(template);
  }
  if (nullable) a = fc.oneof(fc.constant(null), a);
  return fc.oneof({ arbitrary: fc.constant(template), weight: 1 }, { arbitrary: a, weight: 1 });
}

const candidates = arb(planSchema as unknown as Schema, defaultPlan());

export const validPlanArb: fc.Arbitrary<Plan> = candidates.map((c) => {
  const cand = c as { hardware: { physicalCores: number; hardwareThreads: number } } & Record<string, unknown>;
  cand.hardware.hardwareThreads = Math.max(cand.hardware.hardwareThreads, cand.hardware.physicalCores);
  // fleet.weights: one per server, 1–1000 (a cross-field rule, like threads ≥ cores above).
  const fleet = cand['fleet'] as { servers: number; weights: number[] | null };
  if (Array.isArray(fleet.weights)) {
    const w = fleet.weights;
    fleet.weights = Array.from({ length: fleet.servers }, (_, i) => Math.min(1000, Math.max(1, Math.round(Math.abs(w[i % Math.max(1, w.length)] ?? 1)))));
  }
  const r = restorePlan(cand);
  if (r.ok) return r.plan;
  const { dynamodb: _dropped, ...rest } = cand;
  const r2 = restorePlan(rest);
  return r2.ok ? r2.plan : defaultPlan();
});
