/**
 * Thresholds of the exported CloudWatch alarms on a table (issue 17 item 3), from its sizing:
 * - provisioned: consumed units above 80% of the auto scaling maximum (the capacity the plan lets
 *   auto scaling reach; beyond it requests throttle whatever the target);
 * - on-demand: consumed units above 2× the planned peak (on-demand absorbs up to 2× the previous
 *   peak at once, DOMAIN.md D.2; past that the traffic is outside the plan and may throttle).
 * Throttle events (table and each GSI) and system errors alarm on any occurrence; they need no sizing.
 */
import { explain, round } from '../explain';
import type { TableContext } from './table-context';
import type { DynamoTableUnits } from './types';

/** Share of the auto scaling maximum at which consumption alarms. */
export const NEAR_MAX_SHARE = 0.8;
/** On-demand: multiple of the planned peak at which consumption alarms. */
export const ON_DEMAND_PEAK_MULTIPLE = 2;

export function selectAlarmThresholds(c: TableContext, u: Pick<DynamoTableUnits, 'capacityTargets' | 'peakRcu' | 'peakWcu'>): Pick<DynamoTableUnits, 'alarmThresholds'> {
  const max = (index: string | null, dim: 'read' | 'write') => u.capacityTargets?.targets.find((x) => x.index === index && x.dimension === dim)?.maxUnits ?? 0;
  const one = (index: string | null, dim: 'read' | 'write', peak: number) => {
    const unit = dim === 'read' ? 'RCU' : 'WCU';
    const what = index === null ? 'table' : `index ${index}`;
    const value = c.provisioned ? NEAR_MAX_SHARE * max(index, dim) : Math.max(1, ON_DEMAND_PEAK_MULTIPLE * peak);
    return explain(value, {
      key: `alarm.${index ?? 'table'}.${dim}`,
      label: `Alarm: consumed ${unit}/s (${what})`,
      unit: `${unit}/s`,
      formula: c.provisioned ? `${NEAR_MAX_SHARE} × auto scaling maximum` : `max(1, ${ON_DEMAND_PEAK_MULTIPLE} × planned peak)`,
      inputs: c.provisioned ? { maxUnits: max(index, dim) } : { peak: round(peak, 3) },
      why: c.provisioned
        ? 'Auto scaling cannot go past its maximum: consumption near it means throttling is next (DOMAIN.md D.2).'
        : 'On-demand absorbs up to 2× the previous peak at once; past that the traffic is outside the plan (DOMAIN.md D.2).',
    });
  };
  return {
    alarmThresholds: {
      read: one(null, 'read', u.peakRcu.value),
      write: one(null, 'write', u.peakWcu.value),
    },
  };
}
