/**
 * What every bound input shows under its box: its hint, then its error (an alert, so a screen
 * reader says it as it appears). NumberField and TextField both use it; the ids are the ones their
 * input's aria-describedby names.
 */
import type { ChangeResult } from '../state/plan-store';
import type { EditResult } from '../components/use-edited-text';

export function FieldNotes({ hint, hintId, error, errorId, errorTestId }: { hint?: string; hintId: string; error: string | null; errorId: string; errorTestId: string }) {
  return (
    <>
      {hint ? (
        <p id={hintId} className="nf-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="nf-error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** The store's answer to a checked value as an edit result; every message is led by the field's label. */
export function labelledCommit<T>(checked: T, res: ChangeResult, field: string, label: string, sep: string): EditResult<T> {
  if (res.ok) return { ok: true, value: checked };
  return { ok: false, message: res.path === field ? `${label}${sep}${res.message}` : `${label}: conflicts with ${res.path} — ${res.message}` };
}
