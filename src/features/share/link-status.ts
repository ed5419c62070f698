/** What the last opened link lost (shown in a dismissible banner until the user closes it). */
import { create } from 'zustand';
import type { PlanProblem } from '../../plan/restore';

export interface LinkStatus {
  problems: PlanProblem[];
  report: (problems: PlanProblem[]) => void;
  dismiss: () => void;
}

export const useLinkStatus = create<LinkStatus>()((set) => ({
  problems: [],
  report: (problems) => set({ problems }),
  dismiss: () => set({ problems: [] }),
}));
