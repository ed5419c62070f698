/**
 * The one free-text input of the app (paths, host names, addresses, image names): a labelled text
 * box bound to one plan string. The text is checked with the field's own schema (parseTextField,
 * src/plan/fields.ts), the same patterns a plan file passes, which also keep a value from
 * injecting a directive into the exported config. Like NumberField, the text lives in
 * useEditedText: an invalid entry stays on screen with a message naming the field and its limit,
 * while the plan keeps the last valid value.
 */
import { memo, useId, useMemo } from 'react';
import { pathSegments, type PlanPath } from '../plan/plan-path';
import { getAtPath, parseTextField } from '../plan/fields';
import { usePlanStore } from '../state/plan-store';
import { useEditedText, type EditResult } from '../components/use-edited-text';
import { FieldNotes, labelledCommit } from './field-notes';

interface TextFieldProps {
  /** Dotted plan path of a string field, e.g. "edge.certPath". */
  field: PlanPath;
  label: string;
  hint?: string;
  /** Test id of the text box when `field-<path>` is taken by another input of the same value (the header's plan name). */
  testId?: string;
}

/** Check the typed text against the schema, then commit it; the label leads every message. */
function useTextSource(field: PlanPath, label: string) {
  const path = useMemo(() => pathSegments(field), [field]);
  const stored = usePlanStore((s) => getAtPath(s.plan, path)) as string;
  const setField = usePlanStore((s) => s.setField);
  const loads = usePlanStore((s) => s.loads);
  const apply = (raw: string): EditResult<string> => {
    const r = parseTextField(path, raw);
    if (!r.ok) return { ok: false, message: `${label}: ${r.message}` };
    return labelledCommit(r.value, setField(path, r.value), field, label, ': ');
  };
  return { stored, apply, loads };
}

export const TextField = memo(function TextField({ field, label, hint, testId }: TextFieldProps) {
  const { stored, apply, loads } = useTextSource(field, label);
  const { text, error, onChange } = useEditedText(stored, apply, { resetKey: loads });
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nf nf-text${error ? ' nf-invalid' : ''}`}>
      <div className="nf-row">
        <label htmlFor={id} className="nf-label">
          {label}
        </label>
        <input
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          className="nf-input nf-input-text"
          value={text}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId ?? `field-${field}`}
        />
      </div>
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} errorTestId={testId ? `${testId}-error` : `error-${field}`} />
    </div>
  );
});
