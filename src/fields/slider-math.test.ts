import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_STEPS, positionOf, roundSig, stepOf, tidy, toText, valueAt, type SliderSpec } from './slider-math';

describe('display ↔ stored', () => {
  it.each([
    [0.29, 100, '29'],
    [0.07, 100, '7'],
    [1.1, 1, '1.1'],
    [Number.NaN, 1, ''],
    [null, 1, ''],
  ])('toText(%s, ×%s) = %j', (stored, scale, text) => {
    expect(toText(stored, scale)).toBe(text);
  });
  it('tidy removes float noise but keeps 12 significant digits', () => {
    expect(tidy(0.1 + 0.2)).toBe(0.3);
    expect(tidy(28.999999999999996)).toBe(29);
    expect(tidy(123456.789012)).toBe(123456.789012);
  });
  it.each([
    [1234.5678, 1230],
    [0.012345, 0.0123],
    [99.95, 100],
    [0, 0],
  ])('roundSig(%s) = %s', (n, want) => {
    expect(roundSig(n)).toBe(want);
  });
});

describe('linear slider', () => {
  const s: SliderSpec = { min: 0, max: 90, step: 5 };
  it('positions are the value, clamped to the range', () => {
    expect(positionOf(s, 30)).toBe(30);
    expect(positionOf(s, 120)).toBe(90);
    expect(positionOf(s, -5)).toBe(0);
  });
  it('steps: the spec, 1 for integers, else 1/100 of the range', () => {
    expect(stepOf(s, false)).toBe(5);
    expect(stepOf({ min: 1, max: 64 }, true)).toBe(1);
    expect(stepOf({ min: 0, max: 2 }, false)).toBe(0.02);
  });
  it('integer fields round the position', () => {
    expect(valueAt({ min: 1, max: 64 }, 7.4, true)).toBe(7);
  });
});

describe('log slider', () => {
  const rps: SliderSpec = { min: 1, max: 100_000, log: true };
  const zeroBased: SliderSpec = { min: 0, max: 10_000, log: true, logMin: 1 };

  it('the ends map to the range ends', () => {
    expect(positionOf(rps, 1)).toBe(0);
    expect(positionOf(rps, 100_000)).toBe(LOG_STEPS);
    expect(valueAt(rps, 0, false)).toBe(1);
    expect(valueAt(rps, LOG_STEPS, false)).toBe(100_000);
  });
  it('the middle of a 1..100,000 slider is about 316 (geometric mean)', () => {
    expect(valueAt(rps, LOG_STEPS / 2, false)).toBe(316);
    expect(positionOf(rps, 316)).toBe(500);
  });
  it('a slider from 0: position 0 is exactly 0 and any value below logMin sits there; other values never map to 0', () => {
    expect(valueAt(zeroBased, 0, false)).toBe(0);
    expect(positionOf(zeroBased, 0)).toBe(0);
    expect(positionOf(zeroBased, 0.5)).toBe(0);
    expect(positionOf(zeroBased, 1)).toBe(1);
  });
  it('values read as round numbers: at most 3 significant digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LOG_STEPS }), (p) => {
        const v = valueAt(rps, p, false);
        expect(roundSig(v)).toBe(v);
      }),
    );
  });
  it('keyboard steps (ArrowRight = position + 1) never go down, and a value maps back to within one step of its position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LOG_STEPS - 1 }), (p) => {
        const here = valueAt(rps, p, false);
        const next = valueAt(rps, p + 1, false);
        expect(next).toBeGreaterThanOrEqual(here);
        expect(Math.abs(positionOf(rps, here) - p)).toBeLessThanOrEqual(1);
      }),
    );
  });
  it('integer log fields take whole values', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: LOG_STEPS }), (p) => Number.isInteger(valueAt({ min: 1, max: 5000, log: true }, p, true))));
  });
});
