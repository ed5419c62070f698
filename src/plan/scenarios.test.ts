import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioPlan } from './scenarios';
import { planSchema } from './schema';

describe('scenario presets', () => {
  for (const s of SCENARIOS) {
    it(`${s.id}: a valid plan with its name and a one-line description`, () => {
      const parsed = planSchema.safeParse(s.input);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(s.description).not.toMatch(/\n/);
      expect(s.description.length).toBeLessThan(130);
      expect(scenarioPlan(s.id)?.name).toBe(s.input.name);
    });
  }
  it('ids are unique', () => expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length));
  it('unknown id: null', () => expect(scenarioPlan('nope')).toBeNull());
});
