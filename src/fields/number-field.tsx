/**
 * The one numeric input of the app: a labelled text box with an optional range slider, bound to one
 * plan value. Every number the user types goes through it — plan fields by their typed path, and
 * values a path cannot reach (the DynamoDB tables array) through a `source` their panel builds.
 *
 * Limits come from the plan schema (parseNumberField, src/plan/fields.ts, or the section schema
 * behind a source), never from here: the slider range is only a convenient *display* window, the
 * text box accepts the whole schema range. The text lives in useEditedText, so an invalid entry
 * ("abc", "-5", "") stays on screen with an inline message while the store keeps the last valid plan.
 */
import { memo, useId, useMemo, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { pathSegments, type PlanPath } from '../plan/plan-path';
import { getAtPath, numberFieldSpec, parseNumberField, parseNumberText, type FieldParse } from '../plan/fields';
import { calibrationOf, measuredText } from '../plan/measured';
import { usePlanStore } from '../state/plan-store';
import { formatNumber } from '../components/format';
import { useEditedText, type EditResult } from '../components/use-edited-text';
import { FieldNotes, labelledCommit } from './field-notes';
import { clamp, LOG_STEPS, positionOf, stepOf, tidy, toText, valueAt, type SliderSpec } from './slider-math';

export type { SliderSpec };

/** A value the field edits: what is stored, and how typed text (display units) is checked and committed. */
export interface NumberSource {
  stored: number | null;
  /** Check and commit the typed text; the value as now stored, or the whole message to show. */
  apply: (raw: string) => EditResult<number | null>;
  /** Integer values (the slider and arrow keys step by whole numbers). */
  integer?: boolean;
  /** Changes when the plan is replaced as a whole, so invalid text is dropped even if the value is unchanged. */
  resetKey?: unknown;
  /** Test ids of the text box and of its error message. */
  testIds: { input: string; error: string };
}

interface DisplayProps {
  label: string;
  unit?: string;
  /** Display value = stored value × scale (100 shows a 0–0.99 share as a percentage). */
  scale?: number;
  slider?: SliderSpec;
  hint?: string;
}

export type NumberFieldProps = DisplayProps & ({ /** Dotted plan path, e.g. "workload.cpuMs". */ field: PlanPath; source?: never } | { source: NumberSource; field?: never });

/** The typed text in stored units, checked against the schema; the message re-states limits in display units. */
function parseScaled(path: readonly string[], raw: string, scale: number, unit: string | undefined): FieldParse<number | null> {
  if (scale === 1) return parseNumberField(path, raw);
  const typed = parseNumberText(raw);
  const r = typed === null ? null : parseNumberField(path, String(tidy(typed / scale)));
  if (r?.ok) return r;
  // Re-state the schema limits in display units (e.g. % instead of a 0–0.99 share).
  const spec = numberFieldSpec(path);
  const lo = spec ? formatNumber(tidy(spec.min * scale)) : '?';
  const hi = spec ? formatNumber(tidy(spec.max * scale)) : '?';
  return { ok: false, message: `must be a number from ${lo} to ${hi}${unit === '%' ? '%' : ''}` };
}

/** A plan field as a number source (null when the field reads a `source` instead; the hooks still run). */
function usePlanNumber(field: PlanPath | undefined, { label, unit, scale = 1 }: DisplayProps): NumberSource | null {
  const path = useMemo(() => (field ? pathSegments(field) : []), [field]);
  const integer = useMemo(() => numberFieldSpec(path)?.integer ?? false, [path]);
  const stored = usePlanStore((s) => (field ? getAtPath(s.plan, path) : null)) as number | null;
  const setField = usePlanStore((s) => s.setField);
  const loads = usePlanStore((s) => s.loads);
  if (!field) return null;
  return {
    stored,
    resetKey: loads,
    integer,
    testIds: { input: `field-${field}`, error: `error-${field}` },
    apply: (raw) => {
      const r = parseScaled(path, raw, scale, unit);
      if (!r.ok) return { ok: false, message: `${label} ${r.message}` };
      return labelledCommit(r.value, setField(path, r.value), field, label, ' ');
    },
  };
}

interface SliderControl {
  pos: number;
  onSlide: (e: ChangeEvent<HTMLInputElement>) => void;
  /** Arrow keys in the text box move like the slider (the pair is one Tab stop): the text of the value one step away, for the caller to commit. */
  stepBy: (dir: 1 | -1) => string;
}

/** Slider position ↔ value; null without a slider. */
function useSliderControl(slider: SliderSpec | undefined, stored: number, scale: number, integer: boolean, error: string | null, commit: (raw: string) => void): SliderControl | null {
  const [slid, setSlid] = useState<{ pos: number; value: number } | null>(null);
  if (!slider) return null;
  const display = stored * scale;
  const { min, max, log } = slider;
  const step = stepOf(slider, integer);
  // Rounding a log position to a tidy value can map back to the same position, which would
  // make ArrowRight stick; keep the slider's own position while the value is the one it set.
  const pos = log ? (slid && slid.value === stored ? slid.pos : positionOf(slider, display)) : positionOf(slider, display);
  return {
    pos,
    onSlide: (e) => {
      const p = Number(e.target.value);
      const v = valueAt(slider, p, integer);
      setSlid({ pos: p, value: tidy(v / scale) });
      if (v === tidy(display) && !error) return;
      commit(String(v));
    },
    stepBy: (dir) => {
      let v: number;
      if (log) {
        const p = clamp(pos + dir, 0, LOG_STEPS);
        v = valueAt(slider, p, integer);
        setSlid({ pos: p, value: tidy(v / scale) });
      } else {
        v = valueAt(slider, clamp(display + dir * step, min, max), integer);
      }
      return String(v);
    },
  };
}

export const NumberField = memo(function NumberField(props: NumberFieldProps) {
  const { label, unit, scale = 1, slider, hint } = props;
  const planSource = usePlanNumber(props.field, props);
  const source = (props.source ?? planSource) as NumberSource;
  const { text, error, onChange } = useEditedText(source.stored, source.apply, { show: (v) => toText(v, scale), resetKey: source.resetKey });
  const stored = source.stored ?? 0;
  const control = useSliderControl(slider, stored, scale, source.integer ?? false, error, onChange);
  // A calibrated value says where it came from until it is edited by hand (the store drops the mark).
  const measured = usePlanStore((s) => (props.field ? calibrationOf(s.plan.measured, props.field) : undefined));

  const id = useId();
  const labelId = `${id}-label`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const measuredId = `${id}-measured`;
  const describedBy = [error ? errorId : null, measured ? measuredId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const onKeyDown = control
    ? (e: KeyboardEvent<HTMLInputElement>) => {
        if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || error) return;
        e.preventDefault();
        const raw = control.stepBy(e.key === 'ArrowUp' ? 1 : -1);
        // The focused box shows its new text before React commits this edit's other changes:
        // setting a focused input's value moves its caret, and Chromium lays the page out at once
        // for that. In React's commit it came after the tiles' new text, a forced layout of the
        // whole page per key (issue 16: 4–27 ms of the frame at 4×); here the page is still clean.
        // React then finds the value already there and leaves it.
        e.currentTarget.value = raw;
        onChange(raw);
      }
    : undefined;

  return (
    <div className={`nf${error ? ' nf-invalid' : ''}`}>
      <div className="nf-row">
        <label id={labelId} htmlFor={id} className="nf-label">
          {label}
        </label>
        <span className="nf-box">
          {/* A block between the flex box and the input: a flex item cannot be a relayout boundary, the input inside can (styles.css, .nf-input-wrap). */}
          <span className="nf-input-wrap">
            <input
              id={id}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              className="nf-input"
              value={text}
              onChange={(e) => onChange(e.target.value)}
              onKeyDown={onKeyDown}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              data-testid={source.testIds.input}
            />
          </span>
          <span className="nf-unit" aria-hidden={unit ? undefined : true}>
            {unit ?? ''}
          </span>
        </span>
      </div>
      {control && slider ? (
        <input
          type="range"
          // Out of the Tab order: the number field beside it takes the arrow keys (issue 15: one stop per pair).
          tabIndex={-1}
          className="nf-slider"
          min={slider.log ? 0 : slider.min}
          max={slider.log ? LOG_STEPS : slider.max}
          step={slider.log ? 1 : stepOf(slider, source.integer ?? false)}
          value={control.pos}
          onChange={control.onSlide}
          aria-labelledby={labelId}
          aria-valuetext={`${formatNumber(stored * scale)}${unit ? ` ${unit}` : ''}`}
          data-testid={`slider-${props.field ?? source.testIds.input}`}
        />
      ) : null}
      {measured ? (
        <p id={measuredId} className="nf-hint nf-measured" data-testid={`measured-${props.field}`}>
          {measuredText(measured)}
          {measured.confidence ? ` (fit confidence ${measured.confidence})` : ''}
        </p>
      ) : null}
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} errorTestId={source.testIds.error} />
    </div>
  );
});
