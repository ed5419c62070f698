/** App header: product name, the editable plan name, and a reset. */
import { useId, type ReactNode } from 'react';
import { useEditedText } from '../../components/use-edited-text';
import { fieldSchema } from '../../plan/fields';
import { usePlanStore } from '../../state/plan-store';

function PlanName() {
  const name = usePlanStore((s) => s.plan.name);
  const setField = usePlanStore((s) => s.setField);
  const { text, error, onChange } = useEditedText(name, (raw) => {
    // Validated by the schema's own rule for `name` (length and allowed characters).
    const r = fieldSchema(['name'])?.safeParse(raw);
    if (!r || !r.success) return { ok: false, message: `Plan name: ${r?.error.issues[0]?.message ?? 'invalid'}` };
    const res = setField(['name'], r.data);
    return res.ok ? { ok: true, value: r.data } : { ok: false, message: `Plan name: ${res.message}` };
  });
  const id = useId();
  return (
    <div className="plan-name">
      <label htmlFor={id}>Plan</label>
      <input id={id} type="text" value={text} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-e` : undefined} data-testid="field-name" />
      {error ? (
        <span id={`${id}-e`} role="alert" className="nf-error" data-testid="error-name">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** `children`: the share toolbar, composed by the app, so it sits inside the banner landmark. */
export function PlanHeader({ children }: { children?: ReactNode }) {
  const reset = usePlanStore((s) => s.reset);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>Headroom</h1>
        <span className="tagline">capacity planner for nginx → Gunicorn / PHP-FPM</span>
      </div>
      <PlanName />
      <button type="button" className="btn" onClick={reset}>
        Reset to defaults
      </button>
      {children}
    </header>
  );
}
