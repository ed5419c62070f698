/**
 * Radio group / select / checkbox bound to one plan field. Options come from the schema enums
 * (`SOME_ENUM.options`) so a new choice cannot be half-added.
 */
import { memo, useId, useMemo } from 'react';
import { pathSegments, type PlanPath } from '../plan/plan-path';
import { getAtPath } from '../plan/fields';
import { usePlanStore } from '../state/plan-store';

export interface ChoiceOption {
  /** null is a real value: "Auto" (let the engine recommend). */
  value: string | null;
  label: string;
}

interface ChoiceProps {
  field: PlanPath;
  label: string;
  options: readonly ChoiceOption[];
}

const AUTO = '__auto__';
const enc = (v: string | null) => (v === null ? AUTO : v);
const dec = (s: string) => (s === AUTO ? null : s);

function useField<T>(field: PlanPath) {
  const path = useMemo(() => pathSegments(field), [field]);
  const value = usePlanStore((s) => getAtPath(s.plan, path)) as T;
  const setField = usePlanStore((s) => s.setField);
  return { path, value, setField };
}

export const RadioField = memo(function RadioField({ field, label, options }: ChoiceProps) {
  const { path, value, setField } = useField<string | null>(field);
  const name = useId();
  return (
    <fieldset className="radio-field" data-testid={`field-${field}`}>
      <legend>{label}</legend>
      <div className="radio-options">
        {options.map((o) => (
          <label key={enc(o.value)} className="radio-option">
            <input
              type="radio"
              name={name}
              value={enc(o.value)}
              checked={value === o.value}
              onChange={(e) => setField(path, dec(e.target.value))}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
});

export const SelectField = memo(function SelectField({ field, label, options }: ChoiceProps) {
  const { path, value, setField } = useField<string | null>(field);
  const id = useId();
  return (
    <div className="nf">
      <div className="nf-row">
        <label htmlFor={id} className="nf-label">
          {label}
        </label>
        <select id={id} className="nf-select" value={enc(value)} onChange={(e) => setField(path, dec(e.target.value))} data-testid={`field-${field}`}>
          {options.map((o) => (
            <option key={enc(o.value)} value={enc(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
});

export const CheckboxField = memo(function CheckboxField({ field, label }: { field: PlanPath; label: string }) {
  const { path, value, setField } = useField<boolean>(field);
  const id = useId();
  return (
    <div className="nf nf-check">
      <input id={id} type="checkbox" checked={value} onChange={(e) => setField(path, e.target.checked)} data-testid={`field-${field}`} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
});

/** Options from a zod enum's values, optionally with an "Auto" (null) first. */
export function enumOptions(values: readonly string[], auto?: string): ChoiceOption[] {
  const opts = values.map((v) => ({ value: v, label: v }));
  return auto ? [{ value: null, label: auto }, ...opts] : opts;
}
