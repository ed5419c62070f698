/** The scenario presets' descriptions (src/plan/scenarios.ts) say what the analysis shows: checked here. */
import { describe, expect, it } from 'vitest';
import { scenarioPlan } from '../../plan/scenarios';
import { analyzePlan } from './analyze-plan';

describe('scenario presets, as analysed', () => {
  it('what the descriptions claim holds in the analysis', () => {
    const bench = analyzePlan(scenarioPlan('reference-30-workers')!);
    expect(bench.web.performance.capacityRps.value).toBeLessThan(1000);
    expect(bench.slo.offeredOverCapacity).toBeGreaterThan(10);
    expect(bench.bottleneck.binding).toBe('slots');
    expect(analyzePlan(scenarioPlan('flask-slow-apis')!).web.gunicorn?.workerClass.value).toBe('gevent');
    expect(analyzePlan(scenarioPlan('cpu-heavy-32c')!).bottleneck.binding).toBe('cpu');
    expect(analyzePlan(scenarioPlan('django-small-vm')!).bottleneck.binding).toBe('memory');
    expect(analyzePlan(scenarioPlan('laravel-shop')!).fleet.serving.value).toBe(1);
  });
});
