/**
 * The web tier of one (main) server at its share of the fleet's load (weighted over every server
 * kind, N − 1 with a spare): today's SizingResult. Shared by every analysis of the same plan object,
 * whatever data (catalog, prices) comes with it.
 */
import type { Plan } from '../../plan/schema';
import { sizePlanPerServer } from '../size-plan';
import type { SizingResult } from '../types';
import { memoOnObject } from './lazy';

export const webSizingOf: (plan: Plan) => SizingResult = memoOnObject((plan: Plan) => sizePlanPerServer(plan));

/** One server's limits in total requests/s, read from its sizing (a server that cannot meet the SLO: 0). */
export { limitsOfSizing as serverLimitsOf } from '../fleet/optimizer';
