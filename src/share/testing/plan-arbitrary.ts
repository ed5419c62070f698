/**
 * Test support: a fast-check arbitrary of VALID plans, derived from the plan schema itself (every
 * leaf: keep the default, or a random value within the schema's limits / one of its choices), so
 * a new field is covered without editing this file. Candidates go through restorePlan, which
 * drops the few combinations a cross-field rule refuses.
 */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { PLAN_SCHEMA, schemaNode } from '../../plan/fields';
import { restorePlan } from '../../plan/restore';
import { defaultPlan, type Plan } from '../../plan/schema';

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

const candidates = arb(PLAN_SCHEMA, defaultPlan());

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
