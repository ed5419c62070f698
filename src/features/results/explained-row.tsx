/**
 * One recommended setting: label, value + unit, a "pinned" badge, a what-if pin box, and a
 * disclosure with the formula, its inputs and the domain reason.
 */
import { memo, useId, useState } from 'react';
import { formatValue } from '../../components/format';
import { WhyDetails } from '../../components/why-details';
import type { Explained } from '../../engine/types';
import { parseNumberField } from '../../plan/fields';
import type { Pins } from '../../plan/schema';
import { usePlanStore } from '../../state/plan-store';

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

interface RowProps {
  item: Explained<unknown>;
  testId: string;
}

function sameInputs(a: Explained<unknown>['inputs'], b: Explained<unknown>['inputs']): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is(a[k], b[k]));
}

/** The engine returns new objects on every run; re-render a row only when what it shows changed. */
function sameRow(p: RowProps, n: RowProps): boolean {
  const a = p.item;
  const b = n.item;
  return (
    p.testId === n.testId &&
    Object.is(a.value, b.value) &&
    a.pinned === b.pinned &&
    a.pinKey === b.pinKey &&
    a.label === b.label &&
    a.key === b.key &&
    a.unit === b.unit &&
    a.formula === b.formula &&
    a.why === b.why &&
    a.serverDefault === b.serverDefault &&
    sameInputs(a.inputs, b.inputs)
  );
}

export const ExplainedRow = memo(function ExplainedRow({ item, testId }: RowProps) {
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
      <WhyDetails item={item} />
    </li>
  );
}, sameRow);
