/**
 * One computation per plan object: the store replaces the plan on every valid change (structural
 * sharing), so identity is the right cache key, and a WeakMap lets old plans go.
 */
import type { Plan } from '../plan/schema';

export function memoByPlan<T>(compute: (plan: Plan) => T): (plan: Plan) => T {
  const cache = new WeakMap<Plan, T>();
  return (plan) => {
    if (cache.has(plan)) return cache.get(plan) as T;
    const result = compute(plan);
    cache.set(plan, result);
    return result;
  };
}
