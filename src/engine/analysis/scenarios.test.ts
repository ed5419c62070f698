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

describe('the nginx memory line reads as a sentence', () => {
  it('in-flight responses ≥ 100 are whole, grouped numbers (no "54540.4")', () => {
    const a = analyzePlan(scenarioPlan('reference-30-workers')!);
    const nginx = a.web.memory.items.find((i) => i.label === 'nginx')!;
    expect(nginx.formula).toMatch(/buffers of [\d,.]+ in-flight responses/);
    expect(nginx.formula).not.toMatch(/\d{3,}\.\d+ in-flight/);
  });
});
