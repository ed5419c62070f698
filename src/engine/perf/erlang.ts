/**
 * M/M/c (Erlang C) formulas, DOMAIN.md E.1–E.2.
 *
 * Notation follows DOMAIN.md E: c servers, arrival rate λ, per-server service rate μ, offered
 * load A = λ/μ (Erlangs), utilisation ρ = A/c. Times are in whatever unit 1/μ uses (the tests use
 * seconds, model.ts uses ms). Unstable inputs (A ≥ c) return the limiting values (C = 1, infinite
 * waits capped to Number.MAX_VALUE) rather than NaN, so callers never see NaN.
 */

/**
 * Erlang B blocking probability by the stable recursion B(0) = 1, B(k) = A·B(k−1)/(k + A·B(k−1))
 * (DOMAIN.md E.2). O(c), no factorials, never overflows. Non-integer c is rounded down.
 */
export function erlangB(c: number, offeredErlangs: number): number {
  const servers = Math.floor(c);
  const a = offeredErlangs;
  if (!(a > 0)) return servers >= 0 ? (servers === 0 ? 1 : 0) : 1;
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C probability of waiting, C = B / (1 − ρ(1 − B)) (DOMAIN.md E.2). 1 when unstable. */
export function erlangC(c: number, offeredErlangs: number): number {
  const servers = Math.floor(c);
  if (servers < 1) return 1;
  if (!(offeredErlangs > 0)) return 0;
  if (offeredErlangs >= servers) return 1;
  const b = erlangB(servers, offeredErlangs);
  const rho = offeredErlangs / servers;
  return b / (1 - rho * (1 - b));
}

export interface MmcMetrics {
  /** P(an arrival waits) = Erlang C. */
  waitProbability: number;
  /** Mean wait in queue, Wq = C/(cμ − λ). */
  meanWait: number;
  /** Mean response (sojourn), W = Wq + 1/μ. */
  meanResponse: number;
  /** Mean queue length, Lq = C·A/(c − A). */
  meanQueueLength: number;
  /** Mean number in system, L = Lq + A (Little, DOMAIN.md E.4). */
  meanInSystem: number;
  utilisation: number;
}

const BIG = Number.MAX_VALUE;

/** Mean-value metrics of M/M/c (DOMAIN.md E.1). */
export function mmc(c: number, lambda: number, mu: number): MmcMetrics {
  const servers = Math.floor(c);
  const a = lambda / mu;
  const stable = servers >= 1 && mu > 0 && lambda >= 0 && a < servers;
  if (!stable) {
    return {
      waitProbability: 1,
      meanWait: BIG,
      meanResponse: BIG,
      meanQueueLength: BIG,
      meanInSystem: BIG,
      utilisation: 1,
    };
  }
  const cw = erlangC(servers, a);
  const meanWait = cw / (servers * mu - lambda);
  const meanQueueLength = (cw * a) / (servers - a);
  return {
    waitProbability: cw,
    meanWait,
    meanResponse: meanWait + 1 / mu,
    meanQueueLength,
    meanInSystem: meanQueueLength + a,
    utilisation: a / servers,
  };
}

/** P(Wq > t) = C·e^{−(cμ−λ)t} for t ≥ 0 (DOMAIN.md E.1). */
export function mmcWaitTail(c: number, lambda: number, mu: number, t: number): number {
  const servers = Math.floor(c);
  const a = lambda / mu;
  if (servers < 1 || !(mu > 0) || a >= servers) return 1;
  if (t < 0) return 1;
  return erlangC(servers, a) * Math.exp(-(servers * mu - lambda) * t);
}

/** Waiting-time percentile t_p = max(0, ln(C/(1−p))/(cμ−λ)) (DOMAIN.md E.1). */
export function mmcWaitPercentile(c: number, lambda: number, mu: number, p: number): number {
  const servers = Math.floor(c);
  const a = lambda / mu;
  if (servers < 1 || !(mu > 0) || a >= servers) return BIG;
  const cw = erlangC(servers, a);
  if (cw <= 1 - p) return 0;
  return Math.log(cw / (1 - p)) / (servers * mu - lambda);
}

/**
 * Sojourn-time tail P(T > t), θ = cμ − λ (DOMAIN.md E.1):
 * (1−C)e^{−μt} + C·(θe^{−μt} − μe^{−θt})/(θ−μ), and C·e^{−μt}(1+μt) for the second term when θ = μ.
 */
export function mmcSojournTail(c: number, lambda: number, mu: number, t: number): number {
  const servers = Math.floor(c);
  const a = lambda / mu;
  if (servers < 1 || !(mu > 0) || a >= servers) return 1;
  if (t <= 0) return 1;
  const cw = erlangC(servers, a);
  const theta = servers * mu - lambda;
  const eMu = Math.exp(-mu * t);
  let second: number;
  // Near θ = μ the general formula is 0/0; the limit is e^{−μt}(1 + μt).
  if (Math.abs(theta - mu) <= 1e-9 * mu) second = eMu * (1 + mu * t);
  else second = (theta * eMu - mu * Math.exp(-theta * t)) / (theta - mu);
  const p = (1 - cw) * eMu + cw * second;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * Sojourn-time percentile by bisection on P(T > t) = 1 − p. DOMAIN.md E.1: the wait and
 * service percentiles must not simply be added.
 */
export function mmcSojournPercentile(c: number, lambda: number, mu: number, p: number): number {
  const servers = Math.floor(c);
  if (servers < 1 || !(mu > 0) || lambda / mu >= servers) return BIG;
  const target = 1 - p;
  let lo = 0;
  let hi = 1 / mu;
  while (mmcSojournTail(servers, lambda, mu, hi) > target && hi < 1e300) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (mmcSojournTail(servers, lambda, mu, mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
