import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../../engine/analysis/analyze-plan';
import { fixture } from '../../plan/fixtures';
import { setAtPath } from '../../plan/fields';
import { inputRows, OUTPUTS, outputRows, p95Curve } from './compare-data';

describe('compare rows', () => {
  const a = fixture('default');
  const b = setAtPath(a, ['hardware', 'physicalCores'], 10);

  it('a plan against itself: nothing changed', () => {
    expect(inputRows(a, a).filter((r) => r.changed)).toEqual([]);
    expect(outputRows(analyzePlan(a), analyzePlan(a)).filter((r) => r.changed)).toEqual([]);
  });

  it('marks exactly the changed inputs', () => {
    const changed = inputRows(a, b).filter((r) => r.changed);
    expect(changed.map((r) => r.key)).toEqual(['hardware.physicalCores']);
    expect(changed[0]).toMatchObject({ a: '6', b: '10' });
  });

  it('more cores: more workers and capacity, marked changed', () => {
    const rows = outputRows(analyzePlan(a), analyzePlan(b));
    expect(rows).toHaveLength(OUTPUTS.length);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.workers?.changed).toBe(true);
    expect(byKey.capacity?.changed).toBe(true);
    for (const r of rows) expect(`${r.a} ${r.b}`).not.toMatch(/NaN|undefined/);
  });

  it('PHP against Gunicorn: tables and pools are compared without NaN', () => {
    const rows = outputRows(analyzePlan(fixture('phpShop')), analyzePlan(fixture('large')));
    for (const r of rows) expect(`${r.a} ${r.b}`).not.toMatch(/NaN|undefined/);
    expect(inputRows(fixture('phpShop'), fixture('large')).find((r) => r.key === 'app')).toMatchObject({ a: 'phpfpm', b: 'gunicorn', changed: true });
  });

  it('p95 curve has finite points only', () => {
    const curve = p95Curve(analyzePlan(a).web);
    expect(curve.length).toBeGreaterThan(5);
    for (const p of curve) expect(Number.isFinite(p.p95) && Number.isFinite(p.rps)).toBe(true);
  });
});
