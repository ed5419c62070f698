/**
 * The one place derived numbers are computed: `sizePlan(plan)`, memoized on the plan object.
 * The store replaces the plan object on every valid change (structural sharing), so identity is
 * the right cache key. A module-level WeakMap lets every component that calls useSizing() share
 * one computation per plan instead of one per component.
 */
import { useMemo } from 'react';
import { sizePlanPerServer } from '../engine/size-plan';
import type { SizingResult } from '../engine/types';
import type { Plan } from '../plan/schema';
import { memoByPlan } from './memo-by-plan';
import { usePlanStore } from './plan-store';

// The workload is the whole fleet's; each of the N servers behind nginx is sized for its share
// (load / serving servers). One server (the default) is the plan itself.
export const sizingFor: (plan: Plan) => SizingResult = memoByPlan((plan) => sizePlanPerServer(plan));

export function useSizing(): SizingResult {
  const plan = usePlanStore((s) => s.plan);
  return useMemo(() => sizingFor(plan), [plan]);
}
