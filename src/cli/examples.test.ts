import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restorePlanFromText } from '../plan/restore';

/** The example plans shipped in examples/ must stay valid as the schema evolves. */
const dir = join(import.meta.dirname, '..', '..', 'examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('examples/*.json', () => {
  it('has examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });
  it.each(files)('%s is a valid plan with no problems', (file) => {
    const restored = restorePlanFromText(readFileSync(join(dir, file), 'utf8'));
    expect(restored.problems).toEqual([]);
    expect(restored.ok).toBe(true);
  });
});
