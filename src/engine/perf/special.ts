/**
 * Special functions used by the latency-percentile approximations in model.ts.
 *
 * Everything here is written for speed (a plan evaluates these a few thousand times) and for
 * robustness: inputs outside the domain return the limiting value, never NaN.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, ~15 significant digits). */
export function lnGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln erfc(x), with relative accuracy ~1.2e-7 everywhere (Numerical Recipes `erfcc`, a Chebyshev
 * fit of the form erfc(x) = t·exp(−x² + P(t))). Working in logs lets the sojourn tail multiply
 * huge exponentials by tiny normal tails without overflow.
 */
export function lnErfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const lnPos = Math.log(t) - z * z + poly;
  if (x >= 0) return lnPos;
  return Math.log(2 - Math.exp(lnPos));
}

/** ln P(Z > z) for a standard normal Z. */
export function lnNormalSurvival(z: number): number {
  return lnErfc(z / Math.SQRT2) - Math.LN2;
}

/** P(Z > z) for a standard normal Z. */
export function normalSurvival(z: number): number {
  return Math.exp(lnNormalSurvival(z));
}

/**
 * Regularised lower incomplete gamma P(a, x) (Numerical Recipes gser / gcf). For large shapes
 * (a > 60) the Wilson–Hilferty cube-root normal approximation is used instead: its error is
 * ~1e-4 or less there (far below the model's own error) and it avoids O(√a) iterations.
 */
/** Shapes above this take gammaQ's Wilson–Hilferty approximation and expGammaSumSurvival's normal one. */
const EXACT_MAX_SHAPE = 60;
/** Poisson means from this on take poissonMeanOfRatio's delta method instead of its sum. */
const EXACT_MAX_POISSON_MEAN = 40;

export function gammaP(a: number, x: number, lnGammaA?: number): number {
  return 1 - gammaQ(a, x, lnGammaA);
}

/**
 * x^a·e^(−x)/Γ(a) as the last gammaQ call computed it, or NaN when that call did not (a > 60, x
 * outside the domain): a Gamma(a, rate β) density at t = x/β is this / t, with no further exp or log.
 * A scratch slot like model.ts's `lastMode`, read right after the call. A Float64Array element, not
 * a module-level `let`: Node's V8 boxes every double stored in a `let` (a heap number per gammaQ call).
 */
const lastPrefactor = new Float64Array([Number.NaN]);
export function lastGammaQPrefactor(): number {
  return lastPrefactor[0] as number;
}

/**
 * Regularised upper incomplete gamma Q(a, x) = P(Gamma(a, 1) > x). Pass ln Γ(a) when calling
 * repeatedly with the same shape (percentile searches): it is most of the cost.
 */
export function gammaQ(a: number, x: number, lnGammaA?: number): number {
  lastPrefactor[0] = Number.NaN;
  if (!(x > 0)) return 1;
  if (!(a > 0)) return 0;
  if (!Number.isFinite(x)) return 0;
  if (a > EXACT_MAX_SHAPE) {
    // Wilson–Hilferty: (X/a)^(1/3) is nearly normal with mean 1 − 1/(9a), variance 1/(9a).
    const v = 1 / (9 * a);
    const z = (Math.cbrt(x / a) - (1 - v)) / Math.sqrt(v);
    return normalSurvival(z);
  }
  const lnPre = a * Math.log(x) - x - (lnGammaA ?? lnGamma(a));
  if (x < a + 1) {
    // Series for P.
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    const pre = Math.exp(lnPre);
    lastPrefactor[0] = pre;
    const p = sum * pre;
    return clamp01(1 - p);
  }
  // Continued fraction for Q (modified Lentz).
  const FPMIN = 1e-300;
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  const pre = Math.exp(lnPre);
  lastPrefactor[0] = pre;
  return clamp01(pre * h);
}

/** P(S > t) for S ~ Gamma(shape k, rate β). */
export function gammaSurvival(shape: number, rate: number, t: number, lnGammaShape?: number): number {
  return gammaQ(shape, rate * t, lnGammaShape);
}

/**
 * P(E + S > t) for independent E ~ Exp(rate θ) and S ~ Gamma(shape k, rate β), exactly.
 *
 * Why: in an M/M/c-like queue the conditional wait is exponential and the in-slot time is
 * gamma; DOMAIN.md E.1 warns not to add percentiles, so the convolution is needed. With k = 1
 * this reproduces the E.1 sojourn formula (including θ = μ).
 *
 * P(E + S > t) = P(S > t) + J,  J = ∫₀ᵗ f_S(s) e^{−θ(t−s)} ds.
 * Writing D = (βt)^k e^{−βt} / Γ(k+1):
 *  - β > θ (b = β − θ):  J = D · Σ_n (bt)^n / ((k+1)…(k+n))            (series, bt < k + 1)
 *                        J = e^{−θt} (β/b)^k · P(k, bt)                 (otherwise)
 *  - β < θ (a = θ − β):  J = D · E[k / (k + N)],  N ~ Poisson(at)
 * `gammaSurvivalAtT`, when given, must be gammaSurvival(shape, rate, t, lnGammaShape);
 * `prefactorAtT`, when given and finite, that call's lastGammaQPrefactor() (then D = it / k, saving
 * three logs and an exp; equal to the log form up to rounding, so a curve passes it, a single point not).
 */
export function expGammaSumSurvival(
  theta: number,
  shape: number,
  rate: number,
  t: number,
  lnGammaShape?: number,
  gammaSurvivalAtT?: number,
  prefactorAtT = Number.NaN,
): number {
  if (!(t > 0)) return 1;
  if (!(theta > 0) || !Number.isFinite(theta)) {
    // E is 0 (θ = ∞) or never ends (θ = 0).
    return theta > 0 ? gammaSurvival(shape, rate, t, lnGammaShape) : 1;
  }
  const k = shape;
  const beta = rate;
  const lgK = lnGammaShape ?? lnGamma(k);
  // The caller often has P(S > t) already (the percentile search needs it too): one gammaQ less.
  const qs = gammaSurvivalAtT ?? gammaSurvival(k, beta, t, lgK);
  if (k > EXACT_MAX_SHAPE) {
    // S is close to normal; the exponentially modified Gaussian has a closed form tail and
    // avoids the slowly-converging series for large k.
    return clamp01(Math.max(qs, emgSurvival(theta, k / beta, Math.sqrt(k) / beta, t)));
  }
  // ln Γ(k+1) = ln Γ(k) + ln k.
  const fromPrefactor = Number.isFinite(prefactorAtT);
  const lnD = fromPrefactor ? 0 : k * Math.log(beta * t) - beta * t - (lgK + Math.log(k));
  const dAtT = prefactorAtT / k;
  let j: number;
  const b = beta - theta;
  if (b >= 0) {
    const x = b * t;
    if (x < k + 1) {
      let term = 1;
      let sum = 1;
      for (let n = 1; n < 2000; n++) {
        term *= x / (k + n);
        sum += term;
        if (term < sum * 1e-15) break;
      }
      j = fromPrefactor ? dAtT * sum : Math.exp(lnD + Math.log(sum));
    } else {
      const p = 1 - gammaQ(k, x, lgK);
      j = Math.exp(-theta * t + k * Math.log(beta / b)) * p;
    }
  } else {
    const mu = -b * t;
    j = (fromPrefactor ? dAtT : Math.exp(lnD)) * poissonMeanOfRatio(k, mu);
  }
  return clamp01(qs + j);
}

/**
 * Whether gammaQ(shape, ·) is computed without approximation (series or continued fraction), so
 * that the Gamma density is its exact derivative.
 */
export function gammaQIsExact(shape: number): boolean {
  return shape > 0 && shape <= EXACT_MAX_SHAPE;
}

/**
 * Whether expGammaSumSurvival(theta, shape, rate, t) takes an exact branch (no normal or delta
 * approximation), so that θ·(it − P(S > t)) is its exact derivative.
 */
export function expGammaSumIsExact(theta: number, shape: number, rate: number, t: number): boolean {
  if (!(theta > 0) || !Number.isFinite(theta) || !gammaQIsExact(shape)) return false;
  return rate >= theta || (theta - rate) * t < EXACT_MAX_POISSON_MEAN;
}

/** E[k / (k + N)] for N ~ Poisson(μ). */
function poissonMeanOfRatio(k: number, mu: number): number {
  if (mu < EXACT_MAX_POISSON_MEAN) {
    let pmf = Math.exp(-mu);
    let acc = pmf;
    let cum = pmf;
    for (let n = 1; n < 400; n++) {
      pmf *= mu / n;
      acc += (pmf * k) / (k + n);
      cum += pmf;
      if (n > mu && pmf < 1e-16) break;
    }
    // cum ≈ 1; dividing absorbs truncation error.
    return acc / cum;
  }
  // N is concentrated near μ: second-order delta method, g(n) = k/(k+n), g'' = 2k/(k+n)³.
  const s = k + mu;
  return k / s + (k * mu) / (s * s * s);
}

/**
 * P(E + S > t) for E ~ Exp(θ) and S ~ Normal(m, σ²) (exponentially modified Gaussian):
 * P = Φ̄((t−m)/σ) + exp(−θ(t−m) + θ²σ²/2) · Φ((t−m)/σ − θσ).
 */
export function emgSurvival(theta: number, m: number, sigma: number, t: number): number {
  if (!(sigma > 1e-12 * Math.max(m, 1e-300))) {
    return t <= m ? 1 : Math.exp(-theta * (t - m));
  }
  const z = (t - m) / sigma;
  const tailNormal = normalSurvival(z);
  // Φ(w) = Φ̄(−w): evaluate in logs because the exponential factor may be huge.
  const w = z - theta * sigma;
  const lnTerm = -theta * (t - m) + 0.5 * theta * theta * sigma * sigma + lnNormalSurvival(-w);
  return clamp01(tailNormal + Math.exp(lnTerm));
}

export function clamp01(x: number): number {
  if (!(x > 0)) return 0;
  return x > 1 ? 1 : x;
}
