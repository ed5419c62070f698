/**
 * The server-kind analysis of a plan, shared by the fleet and cluster panels: one computation per
 * plan object (the panels follow the same settled plan). Apart from ./use-sizing.ts so the entry
 * chunk does not pull in the kinds analysis.
 */
import { analyzeKinds } from '../engine/fleet/kinds';
import { memoByPlan } from './memo-by-plan';

export const kindsFor = memoByPlan(analyzeKinds);
