/**
 * Seeded pseudo-random numbers for the simulator and the property tests.
 *
 * Engine code must be reproducible (STYLE.md habit 8: randomness takes a seeded generator passed
 * in), so nothing here touches Math.random. mulberry32 is tiny, fast and good enough for
 * Monte-Carlo work of this size (period 2^32; we draw a few million numbers per run).
 */

/** A generator returning uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32 (Tommy Ettinger, public domain). `seed` is truncated to 32 bits. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in (0, 1): never returns 0, so -ln(u) is always finite. */
export function uniformOpen(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng();
  return u;
}

/** Exponential variate with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(uniformOpen(rng)) * mean;
}

/** Standard normal variate (Marsaglia polar method). */
export function standardNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng() - 1;
    const v = 2 * rng() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma variate with shape k and scale 1 (Marsaglia & Tsang 2000). For k < 1 we use the
 * boost Gamma(k) = Gamma(k + 1) · U^(1/k).
 */
export function gammaUnit(rng: Rng, shape: number): number {
  if (shape < 1) {
    return gammaUnit(rng, shape + 1) * Math.pow(uniformOpen(rng), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniformOpen(rng);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A service time with the given mean and coefficient of variation, drawn from a gamma
 * distribution (CV 0 = deterministic). Gamma is the textbook choice for positive,
 * right-skewed service demands whose CV may be below or above 1.
 */
export function gammaWithMeanCv(rng: Rng, mean: number, cv: number): number {
  if (!(mean > 0)) return 0;
  if (!(cv > 1e-9)) return mean;
  const shape = 1 / (cv * cv);
  return gammaUnit(rng, shape) * (mean / shape);
}
