/**
 * One recommended setting: label, value + unit, a "pinned" badge, a what-if pin box, and a
 * disclosure with the formula, its inputs and the domain reason.
 */
import { memo, useId, useState } from 'react';
import { DASH, formatValue } from '../../components/format';
import type { Explained, InputValue } from '../../engine/types';
import { parseNumberField } from '../../plan/fields';
import type { Pins } from '../../plan/schema';
import { usePlanStore } from '../../state/plan-store';

function formatInput(v: InputValue): string {
  if (typeof v === 'number') return formatValue(v);
  if (v === null) return 'none';
  return String(v);
}

function PinInput({ pinKey, label }: { pinKey: keyof Pins; label: string }) {
  const pinned = usePlanStore((s) => s.plan.pins[pinKey]);
  const pin = usePlanStore((s) => s.pin);
  const [text, setText] = useState(pinned === null ? '' : String(pinned));
  const [seen, setSeen] = useState(pinned);
  const [error, setError] = useState<string | null>(null);
  if (pinned !== seen) {
    setSeen(pinned);
    setText(pinned === null ? '' : String(pinned));
    setError(null);
  }
  const id = useId();
  const onChange = (raw: string) => {
    setText(raw);
    const r = parseNumberField(['pins', pinKey], raw);
    if (!r.ok) {
      setError(`Pin ${r.message}`);
      return;
    }
    const res = pin(pinKey, r.value);
    if (res.ok) {
      setSeen(r.value);
      setError(null);
    } else setError(`Pin ${res.message}`);
  };
  return (
    <span className="pin">
      <label htmlFor={id} className="visually-hidden">
        Pin {label} (empty = recommended)
      </label>
      <input
        id={id}
        className="pin-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="pin"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        data-testid={`pin-${pinKey}`}
      />
      {error ? (
        <span id={`${id}-err`} role="alert" className="nf-error pin-error" data-testid={`error-pins.${pinKey}`}>
          {error}
        </span>
      ) : null}
    </span>
  );
}

export const ExplainedRow = memo(function ExplainedRow({ item, testId }: { item: Explained<unknown>; testId: string }) {
  const inputs = Object.entries(item.inputs);
  return (
    <li className="setting">
      <div className="setting-main">
        <span className="setting-label">
          {item.label}
          {item.key ? <code className="setting-key">{item.key}</code> : null}
        </span>
        <span className="setting-value" data-testid={testId}>
          {formatValue(item.value, item.unit)}
        </span>
        {item.pinned ? <span className="badge badge-pinned">pinned</span> : null}
        {item.pinKey ? <PinInput pinKey={item.pinKey} label={item.label} /> : null}
      </div>
      <details className="why">
        <summary>why</summary>
        <dl>
          <dt>Formula</dt>
          <dd>
            <code>{item.formula || DASH}</code>
          </dd>
          {inputs.length > 0 ? (
            <>
              <dt>Inputs</dt>
              <dd>
                <ul className="inputs">
                  {inputs.map(([k, v]) => (
                    <li key={k}>
                      <code>
                        {k} = {formatInput(v)}
                      </code>
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          <dt>Why</dt>
          <dd>{item.why || DASH}</dd>
          {item.serverDefault !== undefined ? (
            <>
              <dt>Server default</dt>
              <dd>{formatValue(item.serverDefault, item.unit)}</dd>
            </>
          ) : null}
        </dl>
      </details>
    </li>
  );
});
