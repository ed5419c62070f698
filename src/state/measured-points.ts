/**
 * The measured points of the last calibration imported in this session (issue 14), for the main
 * load curves (src/features/charts) to draw over the model. Session only: not part of the plan,
 * not saved, not shared. A tiny store of its own, so the charts (in the entry chunk) do not load
 * the parsers and the fit that the Calibrate panel uses.
 */
import { create } from 'zustand';
import type { OverlayRow } from '../calibrate/overlay';

export interface MeasuredPoints {
  /** The measurement files' names. */
  files: string[];
  /** Closed-loop points (fixed connections, no think time: wrk, k6 VUs) and open-loop ones (a fixed rate), in app requests/s. */
  closed: OverlayRow[];
  open: OverlayRow[];
}

interface MeasuredPointsState {
  points: MeasuredPoints | null;
  show: (points: MeasuredPoints) => void;
}

export const useMeasuredPoints = create<MeasuredPointsState>()((set) => ({
  points: null,
  show: (points) => set({ points: points.closed.length + points.open.length > 0 ? points : null }),
}));
