/**
 * The phone's sticky summary bar (issue 15 item 5): past capacity it says "overloaded" and by how
 * much, as the headline tile does, instead of a queueing time; the pool count is singular for one.
 */
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePlan } from '../../engine/analysis/analyze-plan';
import { fixture } from '../../plan/fixtures';
import { setAtPath } from '../../plan/fields';
import { usePlanStore } from '../../state/plan-store';
import { loadAnalyzer } from '../../state/use-analysis';
import { MiniSummary, poolText } from './mini-summary';

const render = (plan: ReturnType<typeof fixture>) => {
  usePlanStore.setState({ plan });
  // The numbers sit in test-id spans (for the golden test); these checks read the text around them.
  return renderToString(<MiniSummary />)
    .replace(/<!-- -->/g, '')
    .replace(/<span data-testid="[^"]+">([^<]*)<\/span>/g, '$1');
};

describe('MiniSummary', () => {
  beforeAll(async () => {
    await loadAnalyzer();
  });
  it('below capacity: the SLO percentile at the planned load', () => {
    const plan = fixture('default');
    const a = analyzePlan(plan);
    expect(a.slo.offeredOverCapacity).toBeLessThan(1);
    expect(render(plan)).toMatch(new RegExp(`>${a.slo.percentile} [\\d,]+ ms<`));
  });
  it('past capacity: "overloaded" with offered over capacity, no latency figure', () => {
    const base = fixture('default');
    const cap = analyzePlan(base).web.performance.capacityRps.value;
    const plan = setAtPath(base, ['workload', 'arrivalRps'], Math.round(cap * 2.1));
    const a = analyzePlan(plan);
    expect(a.slo.offeredOverCapacity).toBeGreaterThan(2);
    const html = render(plan);
    expect(html).toContain(`>overloaded ${Math.round(a.slo.offeredOverCapacity * 100)}%<`);
    expect(html).not.toMatch(/ ms</);
  });
  it('one worker is "1 worker"', () => {
    expect(poolText(1, 'worker', 'workers')).toBe('1 worker');
    expect(poolText(13, 'worker', 'workers')).toBe('13 workers');
    expect(poolText(1, 'child', 'children')).toBe('1 child');
  });
});
