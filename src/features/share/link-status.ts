/** What the last opened link lost (shown in a dismissible banner until the user closes it). */
import { create } from 'zustand';
import type { PlanProblem } from '../../plan/restore';

/** 'partial': the readable part was loaded; 'kept': nothing was usable and the open plan stayed; 'defaults': nothing was usable on page load. */
export type LinkOutcome = 'partial' | 'kept' | 'defaults';

export interface LinkStatus {
  problems: PlanProblem[];
  outcome: LinkOutcome;
  report: (problems: PlanProblem[], outcome?: LinkOutcome) => void;
  dismiss: () => void;
}

export const useLinkStatus = create<LinkStatus>()((set) => ({
  problems: [],
  outcome: 'partial',
  report: (problems, outcome = 'partial') => set({ problems, outcome }),
  dismiss: () => set({ problems: [] }),
}));
