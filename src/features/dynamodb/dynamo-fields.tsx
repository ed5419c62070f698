/**
 * Inputs of the DynamoDB panel, bound to `plan.dynamodb` in the plan store.
 *
 * A plan path cannot walk into the `tables` array, so the numbers here are NumberField sources
 * (DynamoNumberField) that validate the whole DynamoDB section with dynamodbSchema (the same
 * limits and messages) and then commit it with `setField(['dynamodb'], next)`. An invalid entry
 * stays on screen with the schema's message; the store keeps the last valid plan.
 */
import { useEditedText } from '../../components/use-edited-text';
import { memo, useId } from 'react';
import { NumberField, type NumberSource } from '../../fields/number-field';
import { tidy } from '../../fields/slider-math';
import { parseNumberText } from '../../plan/fields';
import { defaultDynamoPlan, dynamodbSchema, type DynamoPlan, type DynamoTable } from '../../plan/dynamodb-schema';
import type { Plan } from '../../plan/schema';
import { usePlanStore } from '../../state/plan-store';

type Path = readonly (string | number)[];
export type Commit = { ok: true } | { ok: false; message: string };

const DEFAULT_DYNAMO = defaultDynamoPlan();

/** The DynamoDB section of the plan (defaults until the lead wires it into planSchema). */
export function useDynamoPlan(): DynamoPlan {
  return usePlanStore((s) => (s.plan as Plan & { dynamodb?: DynamoPlan }).dynamodb) ?? DEFAULT_DYNAMO;
}

function setIn(obj: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(obj)) {
    const copy = [...obj];
    copy[head as number] = setIn(copy[head as number], rest, value);
    return copy;
  }
  const rec = (obj ?? {}) as Record<string, unknown>;
  return { ...rec, [head]: setIn(rec[head], rest, value) };
}

function getIn(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Validate and commit a new DynamoDB section; returns the first problem, preferring `focus`. */
export function useCommitDynamo() {
  const setField = usePlanStore((s) => s.setField);
  return (next: DynamoPlan, focus?: Path): Commit => {
    const parsed = dynamodbSchema.safeParse(next);
    if (!parsed.success) {
      const key = focus ? focus.join('.') : '';
      const issues = parsed.error.issues;
      const issue = issues.find((i) => i.path.join('.') === key) ?? issues.find((i) => key.startsWith(i.path.slice(0, 2).join('.'))) ?? issues[0];
      return { ok: false, message: issue?.message ?? 'invalid value' };
    }
    const res = setField(['dynamodb'], next);
    return res.ok ? { ok: true } : { ok: false, message: res.message };
  };
}


/** Mix fields whose remainder goes to a balancing field so the shares keep summing to 100%. */
const BALANCE: Record<string, { into: keyof DynamoTable; of: (keyof DynamoTable)[]; label: string }> = {
  strongShare: { into: 'eventualShare', of: ['strongShare', 'transactionalShare'], label: 'Strong + transactional' },
  transactionalShare: { into: 'eventualShare', of: ['strongShare', 'transactionalShare'], label: 'Strong + transactional' },
  batchGetShare: { into: 'getShare', of: ['batchGetShare', 'queryShare', 'scanShare'], label: 'BatchGetItem + Query + Scan' },
  queryShare: { into: 'getShare', of: ['batchGetShare', 'queryShare', 'scanShare'], label: 'BatchGetItem + Query + Scan' },
  scanShare: { into: 'getShare', of: ['batchGetShare', 'queryShare', 'scanShare'], label: 'BatchGetItem + Query + Scan' },
};

/**
 * The DynamoDB section after typing `raw` into the number at `path` of table `table`: the value in
 * stored units, the mix's balancing share updated so the shares keep summing to 100%, or the
 * message to show. Pure, so the unit tests cover it without a DOM.
 */
export function editDynamoNumber(dyn: DynamoPlan, table: number, path: Path, raw: string, { label, unit, scale = 1 }: { label: string; unit?: string; scale?: number }): { ok: true; value: number; next: DynamoPlan } | { ok: false; message: string } {
  const typed = parseNumberText(raw);
  if (typed === null) return { ok: false, message: `${label}: enter a number${unit ? ` (${unit})` : ''}` };
  const value = tidy(typed / scale);
  const next = setIn(dyn, ['tables', table, ...path], value) as DynamoPlan;
  const bal = path.length === 1 ? BALANCE[String(path[0])] : undefined;
  if (!bal) return { ok: true, value, next };
  const tbl = next.tables[table] as DynamoTable;
  const used = bal.of.reduce((sum, k) => sum + (tbl[k] as number), 0);
  if (used > 1 + 1e-9) return { ok: false, message: `${bal.label} cannot exceed 100% (now ${tidy(used * 100)}%)` };
  return { ok: true, value, next: setIn(next, ['tables', table, bal.into], tidy(Math.max(0, 1 - used))) as DynamoPlan };
}

export interface DynamoNumberProps {
  table: number;
  /** Path inside the table, e.g. ['autoscaling', 'readTargetPct'] or ['gsis', 0, 'writeShare']. */
  path: Path;
  label: string;
  unit?: string;
  /** Display = stored × scale (100 shows a share as %). */
  scale?: number;
  hint?: string;
}

/** A number of a DynamoDB table as a NumberField source: checked by dynamodbSchema, committed as the whole section. */
function useDynamoNumber({ table, path, label, unit, scale }: DynamoNumberProps): NumberSource {
  const dyn = useDynamoPlan();
  const commit = useCommitDynamo();
  const fullPath: Path = ['tables', table, ...path];
  const stored = getIn(dyn, fullPath);
  const testId = path.join('.');
  return {
    stored: typeof stored === 'number' ? stored : null,
    testIds: { input: `ddb-field-${testId}`, error: `ddb-error-${testId}` },
    apply: (raw) => {
      const edit = editDynamoNumber(dyn, table, path, raw, { label, ...(unit !== undefined ? { unit } : {}), ...(scale !== undefined ? { scale } : {}) });
      if (!edit.ok) return edit;
      const res = commit(edit.next, fullPath);
      return res.ok ? { ok: true, value: edit.value } : res;
    },
  };
}

/** A number field of a DynamoDB table: the one NumberField, reading and writing `plan.dynamodb`. */
export const DynamoNumberField = memo(function DynamoNumberField(props: DynamoNumberProps) {
  const source = useDynamoNumber(props);
  const { label, unit, scale, hint } = props;
  return <NumberField source={source} label={label} {...(unit !== undefined ? { unit } : {})} {...(scale !== undefined ? { scale } : {})} {...(hint !== undefined ? { hint } : {})} />;
});

/** A read-only share shown next to the mix fields (the remainder the user does not type). */
export function DdbShareReadout({ table, field, label }: { table: number; field: keyof DynamoTable; label: string }) {
  const dyn = useDynamoPlan();
  const v = dyn.tables[table]?.[field];
  return (
    <div className="nf">
      <div className="nf-row">
        <span className="nf-label">{label}</span>
        <output className="nf-input" data-testid={`ddb-field-${String(field)}`}>
          {typeof v === 'number' ? `${tidy(v * 100)}` : '—'}
        </output>
        <span className="nf-unit">% (remainder)</span>
      </div>
    </div>
  );
}

export const DdbTextField = memo(function DdbTextField({ table, path, label }: { table: number; path: Path; label: string }) {
  const dyn = useDynamoPlan();
  const commit = useCommitDynamo();
  const fullPath: Path = ['tables', table, ...path];
  const stored = String(getIn(dyn, fullPath) ?? '');
  const { text, error, onChange } = useEditedText(stored, (raw) => {
    const res = commit(setIn(dyn, fullPath, raw) as DynamoPlan, fullPath);
    return res.ok ? { ok: true, value: raw } : { ok: false, message: `${label}: ${res.message}` };
  });
  const id = useId();
  return (
    <div className={`nf${error ? ' nf-invalid' : ''}`}>
      <div className="nf-row">
        <label htmlFor={id} className="nf-label">
          {label}
        </label>
        <input id={id} type="text" className="nf-input" autoComplete="off" spellCheck={false} value={text} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} data-testid={`ddb-field-${path.join('.')}`} />
      </div>
      {error ? (
        <p className="nf-error" role="alert" data-testid={`ddb-error-${path.join('.')}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
});

export function DdbRadio<T extends string>({ table, path, label, options }: { table: number | null; path: Path; label: string; options: readonly { value: T; label: string }[] }) {
  const dyn = useDynamoPlan();
  const commit = useCommitDynamo();
  const fullPath: Path = table === null ? path : ['tables', table, ...path];
  const value = getIn(dyn, fullPath);
  const name = useId();
  return (
    <fieldset className="radio-field" data-testid={`ddb-field-${path.join('.')}`}>
      <legend>{label}</legend>
      <div className="radio-options">
        {options.map((o) => (
          <label key={o.value} className="radio-option">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => commit(setIn(dyn, fullPath, o.value) as DynamoPlan, fullPath)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export { setIn };
