/**
 * Web Worker: the Calibrate panel's import and fit (src/calibrate/import.ts, about half a second
 * for a 6-point sweep) off the main thread, so the page stays responsive while it runs.
 * Messages: in { files, plan, today }; out the ImportOutcome, or an error for a bug.
 */
import { importMeasurements, type ImportOutcome } from '../calibrate/import';
import type { Plan } from '../plan/schema';

export interface CalibrateWorkerRequest {
  files: { file: string; text: string }[];
  plan: Plan;
  today: string;
}
export type CalibrateWorkerMessage = { type: 'result'; outcome: ImportOutcome } | { type: 'error'; message: string };

export function runImport(req: CalibrateWorkerRequest, post: (m: CalibrateWorkerMessage) => void): void {
  try {
    post({ type: 'result', outcome: importMeasurements(req.files, { plan: req.plan, today: req.today }) });
  } catch (e) {
    // Parsers and the fit report problems instead of throwing; a throw is a bug, said as such.
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

// In a worker, `self` is the worker scope; the module may also be imported on the main thread as a fallback.
if (typeof window === 'undefined' && typeof self !== 'undefined') {
  self.onmessage = (e: MessageEvent<CalibrateWorkerRequest>) => runImport(e.data, (m) => self.postMessage(m));
}
