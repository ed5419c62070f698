/**
 * The Calibrate panel's "Apply to plan" (issue 14 item 3): ONE undoable plan replacement (like
 * ./catalog-actions.ts). The import and fit itself, the same importMeasurements the CLI runs
 * (src/cli/calibrate-cli.ts), runs in src/workers/calibrate-worker.ts; this module does not import
 * it, so the panel's chunk carries no parsers, no papaparse and no fit (≈ 30 KB gzip, issue 16).
 * The files never leave the browser: the panel reads them with File.text().
 */
import { applyFit, type FieldChange } from '../calibrate/apply';
import type { ImportOutcome, ImportResult } from '../calibrate/import';
import { overlayPoints } from '../calibrate/overlay';
import { useMeasuredPoints } from './measured-points';
import { usePlanStore } from './plan-store';

export interface MeasurementText {
  file: string;
  text: string;
}

/** Today as yyyy-mm-dd (the date recorded on applied fields when no meta.json dates the sweep). */
export const todayIso = () => new Date().toISOString().slice(0, 10);

/** A fit arrived: its measured points go on the main load curves for the rest of the session. */
export function showMeasuredPoints(outcome: ImportOutcome, files: readonly MeasurementText[]): void {
  const fit = outcome.ok ? outcome.result.fit : null;
  if (fit) useMeasuredPoints.getState().show({ files: files.map((f) => f.file), ...overlayPoints(fit) });
}

/**
 * Apply the shown fit to the plan as it is NOW (not as it was when the files were read, so an edit
 * made in between is kept): applyFit on the current plan, then one replacePlan (one undo step).
 * Cheap: the fit (~0.6 s for a 6-point sweep) is not run again. Returns the changed fields, or
 * null when nothing was applied (a contradictory sweep, or the plan already has these values).
 */
export function applyCalibration(result: ImportResult): FieldChange[] | null {
  const first = result.changes[0];
  if (!result.applied || !first) return null;
  const { plan, replacePlan } = usePlanStore.getState();
  // Every change of one import carries the same sources and date (src/calibrate/import.ts).
  const next = applyFit(plan, result.fit, result.memory, { files: first.sources, date: first.date });
  if (next.changes.length === 0) return null;
  return replacePlan(next.plan).ok ? next.changes : null;
}
