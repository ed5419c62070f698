/**
 * A labelled numeric input bound to one plan field: optional range slider + text box.
 *
 * Limits come from the plan schema through parseNumberField (src/plan/fields.ts), never from
 * here: the slider range is only a convenient *display* window, the text box accepts the whole
 * schema range. The text lives in local state so an invalid entry ("abc", "-5", "") stays on
 * screen with an inline message while the store keeps the last valid plan.
 */
import { memo, useId, useMemo, useState, type ChangeEvent } from 'react';
import { pathSegments, type PlanPath } from '../plan/plan-path';
import { getAtPath, NUMBER_TEXT, numberFieldSpec, parseNumberField, type FieldParse } from '../plan/fields';
import { calibrationOf, measuredText } from '../plan/measured';
import { usePlanStore } from '../state/plan-store';
import { formatNumber } from '../components/format';
import { clamp, LOG_STEPS, positionOf, stepOf, tidy, toText, valueAt, type SliderSpec } from './slider-math';

export type { SliderSpec };

export interface NumberFieldProps {
  /** Dotted plan path, e.g. "workload.cpuMs". */
  field: PlanPath;
  label: string;
  unit?: string;
  /** Display value = stored value × scale (100 shows a 0–0.99 share as a percentage). */
  scale?: number;
  slider?: SliderSpec;
  hint?: string;
}

export const NumberField = memo(function NumberField({ field, label, unit, scale = 1, slider, hint }: NumberFieldProps) {
  const path = useMemo(() => pathSegments(field), [field]);
  const spec = useMemo(() => numberFieldSpec(path), [path]);
  const stored = usePlanStore((s) => getAtPath(s.plan, path)) as number;
  const setField = usePlanStore((s) => s.setField);
  const loads = usePlanStore((s) => s.loads);
  // A calibrated value says where it came from until it is edited by hand (the store drops the mark).
  const measured = usePlanStore((s) => calibrationOf(s.plan.measured, field));

  const [text, setText] = useState(() => toText(stored, scale));
  const [seen, setSeen] = useState(stored);
  const [seenLoads, setSeenLoads] = useState(loads);
  const [error, setError] = useState<string | null>(null);
  const [slid, setSlid] = useState<{ pos: number; value: number } | null>(null);
  // The plan changed from elsewhere (preset, reset, restore, undo): show the new value, and drop
  // any invalid text still in the box.
  if (stored !== seen || loads !== seenLoads) {
    setSeen(stored);
    setSeenLoads(loads);
    setText(toText(stored, scale));
    setError(null);
  }

  const id = useId();
  const labelId = `${id}-label`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const measuredId = `${id}-measured`;

  const parse = (raw: string): FieldParse<number | null> => {
    if (scale === 1) return parseNumberField(path, raw);
    const t = raw.trim().replace(/_/g, '');
    const r = NUMBER_TEXT.test(t) ? parseNumberField(path, String(tidy(Number(t) / scale))) : null;
    if (r?.ok) return r;
    // Re-state the schema limits in display units (e.g. % instead of a 0–0.99 share).
    const lo = spec ? formatNumber(tidy(spec.min * scale)) : '?';
    const hi = spec ? formatNumber(tidy(spec.max * scale)) : '?';
    return { ok: false, message: `must be a number from ${lo} to ${hi}${unit === '%' ? '%' : ''}` };
  };

  const commitText = (raw: string) => {
    setText(raw);
    const r = parse(raw);
    if (!r.ok) {
      setError(`${label} ${r.message}`);
      return;
    }
    const res = setField(path, r.value);
    if (res.ok) {
      setSeen(r.value as number);
      setError(null);
    } else if (res.path === field) {
      setError(`${label} ${res.message}`);
    } else {
      setError(`${label}: conflicts with ${res.path} — ${res.message}`);
    }
  };

  // Slider position ↔ value.
  const display = stored * scale;
  let sliderEl = null;
  /** Arrow keys in the number field move like the slider (the pair is one Tab stop). */
  let stepBy: ((dir: 1 | -1) => void) | null = null;
  if (slider) {
    const { min, max, log } = slider;
    const step = stepOf(slider, spec?.integer ?? false);
    // Rounding a log position to a tidy value can map back to the same position, which would
    // make ArrowRight stick; keep the slider's own position while the value is the one it set.
    const pos = log ? (slid && slid.value === stored ? slid.pos : positionOf(slider, display)) : positionOf(slider, display);
    const onSlide = (e: ChangeEvent<HTMLInputElement>) => {
      const p = Number(e.target.value);
      const v = valueAt(slider, p, spec?.integer ?? false);
      setSlid({ pos: p, value: tidy(v / scale) });
      if (v === tidy(display) && !error) return;
      commitText(String(v));
    };
    stepBy = (dir) => {
      let v: number;
      if (log) {
        const p = clamp(pos + dir, 0, LOG_STEPS);
        v = valueAt(slider, p, spec?.integer ?? false);
        setSlid({ pos: p, value: tidy(v / scale) });
      } else {
        v = valueAt(slider, clamp(display + dir * step, min, max), spec?.integer ?? false);
      }
      commitText(String(v));
    };
    sliderEl = (
      <input
        type="range"
        // Out of the Tab order: the number field beside it takes the arrow keys (issue 15: one stop per pair).
        tabIndex={-1}
        className="nf-slider"
        min={log ? 0 : min}
        max={log ? LOG_STEPS : max}
        step={log ? 1 : step}
        value={pos}
        onChange={onSlide}
        aria-labelledby={labelId}
        aria-valuetext={`${formatNumber(display)}${unit ? ` ${unit}` : ''}`}
        data-testid={`slider-${field}`}
      />
    );
  }

  const describedBy = [error ? errorId : null, measured ? measuredId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={`nf${error ? ' nf-invalid' : ''}`}>
      <div className="nf-row">
        <label id={labelId} htmlFor={id} className="nf-label">
          {label}
        </label>
        <span className="nf-box">
          <input
            id={id}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            className="nf-input"
            value={text}
            onChange={(e) => commitText(e.target.value)}
            onKeyDown={
              stepBy
                ? (e) => {
                    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || error) return;
                    e.preventDefault();
                    stepBy?.(e.key === 'ArrowUp' ? 1 : -1);
                  }
                : undefined
            }
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            data-testid={`field-${field}`}
          />
          <span className="nf-unit" aria-hidden={unit ? undefined : true}>
            {unit ?? ''}
          </span>
        </span>
      </div>
      {sliderEl}
      {measured ? (
        <p id={measuredId} className="nf-hint nf-measured" data-testid={`measured-${field}`}>
          {measuredText(measured)}
          {measured.confidence ? ` (fit confidence ${measured.confidence})` : ''}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="nf-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="nf-error" role="alert" data-testid={`error-${field}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
});
