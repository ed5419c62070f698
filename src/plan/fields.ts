/**
 * Field-level access to the plan schema, so the UI validates one input at a time with the same
 * limits the schema enforces (validation rules are written once, in schema.ts).
 */
import type * as z from 'zod/mini';
import { planSchema, type Plan } from './schema';

export interface NumberFieldSpec {
  min: number;
  max: number;
  integer: boolean;
  nullable: boolean;
}

/**
 * THE schema walker: the only code that reads zod's internals (`_zod.def`). The UI's field specs
 * (below), the unknown-key pass of restorePlan (./restore.ts) and the property tests' plan
 * arbitrary (src/plan/testing/plan-arb.ts) all walk the plan schema through it.
 */
interface Def {
  type: string;
  innerType?: z.ZodMiniType;
  in?: z.ZodMiniType;
  shape?: Record<string, z.ZodMiniType>;
  format?: string;
  element?: z.ZodMiniType;
  entries?: Record<string, string>;
  checks?: { _zod: { def: { check: string; value?: number; format?: string; maximum?: number } } }[];
}
const defOf = (s: z.ZodMiniType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** What a schema is once default / prefault / nullable / optional / pipe wrappers are peeled off. */
export interface SchemaNode {
  kind: 'object' | 'array' | 'leaf';
  /** The base schema's def type, e.g. 'number', 'string', 'enum'. */
  type: string;
  nullable: boolean;
  /** Object: the schema of each known key. */
  shape?: Readonly<Record<string, z.ZodMiniType>>;
  /** Array: the schema of every element, and the most elements allowed. */
  element?: z.ZodMiniType;
  maxItems?: number;
  /** Number: its limits (±Infinity when open) and whether it must be whole. */
  number?: { min: number; max: number; integer: boolean };
  /** Enum: the choices. */
  options?: readonly string[];
  base: z.ZodMiniType;
}

function numberLimits(def: Def): { min: number; max: number; integer: boolean } {
  let min = -Infinity;
  let max = Infinity;
  let integer = def.format !== undefined && /int/.test(def.format);
  for (const c of def.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'greater_than' && cd.value !== undefined) min = Math.max(min, cd.value);
    if (cd.check === 'less_than' && cd.value !== undefined) max = Math.min(max, cd.value);
    if (cd.check === 'number_format' && cd.format && /int/.test(cd.format)) integer = true;
  }
  return { min, max, integer };
}

export const PLAN_SCHEMA = planSchema as unknown as z.ZodMiniType;

/** Unwrap default / prefault / nullable / optional / pipe wrappers to reach the base schema. */
export function schemaNode(schema: z.ZodMiniType): SchemaNode {
  let s = schema;
  let nullable = false;
  for (let i = 0; i < 10; i++) {
    const def = defOf(s);
    if (def.type === 'nullable') nullable = true;
    if ((def.type === 'default' || def.type === 'prefault' || def.type === 'nullable' || def.type === 'optional') && def.innerType) {
      s = def.innerType;
      continue;
    }
    if (def.type === 'pipe' && def.in) {
      s = def.in;
      continue;
    }
    break;
  }
  const def = defOf(s);
  if (def.type === 'object' && def.shape) return { kind: 'object', type: def.type, nullable, shape: def.shape, base: s };
  if (def.type === 'array' && def.element) {
    const maxItems = Math.min(Infinity, ...(def.checks ?? []).map((c) => c._zod.def.maximum ?? Infinity));
    return { kind: 'array', type: def.type, nullable, element: def.element, maxItems, base: s };
  }
  const leaf: SchemaNode = { kind: 'leaf', type: def.type, nullable, base: s };
  if (def.type === 'number') leaf.number = numberLimits(def);
  if (def.type === 'enum') leaf.options = Object.values(def.entries ?? {});
  return leaf;
}

/** The schema one step down: an object's key, or an array's element for a numeric key ("0", "1", …). */
export function childSchema(schema: z.ZodMiniType, key: string): z.ZodMiniType | undefined {
  const node = schemaNode(schema);
  if (node.kind === 'array') return /^\d+$/.test(key) ? node.element : undefined;
  if (node.kind === 'object' && Object.prototype.hasOwnProperty.call(node.shape, key)) return node.shape?.[key];
  return undefined;
}

/** The schema of a leaf field, by path such as ['workload', 'cpuMs'] or ['fleet', 'otherKinds', '0', 'servers']. */
export function fieldSchema(path: readonly string[]): z.ZodMiniType | undefined {
  let s: z.ZodMiniType | undefined = PLAN_SCHEMA;
  for (const key of path) {
    s = childSchema(s, key);
    if (!s) return undefined;
  }
  return s;
}

export function numberFieldSpec(path: readonly string[]): NumberFieldSpec | undefined {
  const s = fieldSchema(path);
  const node = s ? schemaNode(s) : undefined;
  return node?.number ? { ...node.number, nullable: node.nullable } : undefined;
}

export type FieldParse<T> = { ok: true; value: T } | { ok: false; message: string };

const fmt = (n: number) => (Math.abs(n) >= 10_000 ? n.toLocaleString('en-US') : String(n));

/**
 * Parse what the user typed into a numeric field. The message names the limit, e.g.
 * "must be between 0.1 and 60,000". An empty field is allowed only for nullable (pinnable) fields,
 * where it means "use the recommendation".
 */
/**
 * The one number syntax every numeric input accepts: decimal digits with an optional exponent
 * (1e3 is a number). Number('') is 0, Number('0x10') is 16 and Number(' ') is 0, so the text is
 * checked before it is converted. Underscores are digit separators.
 */
export const NUMBER_TEXT = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** The number typed, or null when the text is not a number in that syntax. */
export function parseNumberText(raw: string): number | null {
  const t = raw.trim().replace(/_/g, '');
  if (!NUMBER_TEXT.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function parseNumberField(path: readonly string[], raw: string): FieldParse<number | null> {
  const spec = numberFieldSpec(path);
  if (!spec) return { ok: false, message: 'unknown field' };
  const text = raw.trim().replace(/_/g, '');
  if (text === '') {
    return spec.nullable ? { ok: true, value: null } : { ok: false, message: `required: a number from ${fmt(spec.min)} to ${fmt(spec.max)}` };
  }
  // Only NUMBER_TEXT (1e9 is a number, just too big).
  if (!NUMBER_TEXT.test(text)) return { ok: false, message: `not a number: enter ${spec.integer ? 'a whole number' : 'a number'} from ${fmt(spec.min)} to ${fmt(spec.max)}` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: 'not a finite number' };
  if (spec.integer && !Number.isInteger(value)) return { ok: false, message: `must be a whole number from ${fmt(spec.min)} to ${fmt(spec.max)}` };
  if (value < spec.min) return { ok: false, message: `must be at least ${fmt(spec.min)} (max ${fmt(spec.max)})` };
  if (value > spec.max) return { ok: false, message: `must be at most ${fmt(spec.max)} (min ${fmt(spec.min)})` };
  return { ok: true, value };
}

/**
 * Parse what the user typed into a free-text field (a path, a host name, an address) with the
 * field's own schema, so the dashboard refuses exactly what a plan file would. Surrounding spaces
 * are dropped (a pasted path often carries them). The message is the schema's, every distinct
 * limit once, e.g. "at most 200 characters; an absolute file path of letters, digits and . _ - / only".
 */
export function parseTextField(path: readonly string[], raw: string): FieldParse<string> {
  const s = fieldSchema(path);
  const node = s ? schemaNode(s) : undefined;
  if (!s || node?.type !== 'string') return { ok: false, message: 'unknown field' };
  const text = raw.trim();
  const r = s.safeParse(text);
  if (r.success) return { ok: true, value: text };
  const messages = [...new Set(r.error.issues.map((i) => i.message))];
  return { ok: false, message: messages.join('; ') };
}

/** Set a value at a path in a plan, returning a new plan (structural sharing). */
export function setAtPath(plan: Plan, path: readonly string[], value: unknown): Plan {
  if (path.length === 0) return plan;
  const [head, ...rest] = path as [string, ...string[]];
  const current = (plan as unknown as Record<string, unknown>)[head];
  const next = rest.length === 0 ? value : setAtPath(current as Plan, rest, value);
  if (Array.isArray(plan)) {
    // An array item (path key "0", "1", …): copy the array, never turn it into an object.
    if (!/^\d+$/.test(head)) return plan;
    const copy = [...(plan as unknown[])];
    copy[Number(head)] = next;
    return copy as unknown as Plan;
  }
  return { ...(plan as unknown as Record<string, unknown>), [head]: next } as unknown as Plan;
}

export function getAtPath(plan: Plan, path: readonly string[]): unknown {
  let cur: unknown = plan;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
