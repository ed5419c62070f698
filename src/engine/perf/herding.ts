/**
 * Herding of a few time-shared workers by the idle-wake cost (closed loop), in closed form.
 *
 * The situation: n requests circulate in a pool (a closed loop whose users send again at once, or
 * whose slots never empty), each one CPU burst of s ms shared by c cores (processor sharing) and
 * one I/O wait of d ms, and a burst that lands on an idle core costs up to w ms more CPU (the
 * idle-wake cost, model.ts cpuMsAtLoad). The product form (model.ts, step 1) assumes the n
 * requests' phases are independent. With regular requests they are not: the request that lands on
 * the idle core pays w and leaves later, the others returning from their I/O catch up with it, and
 * every cycle pulls the group closer together, until all n run their bursts at once and then all
 * wait at once while the cores idle (simulate.ts reproduces it; model.test.ts, "herds the workers").
 *
 * The closed form, each part from that picture, its four constants fitted to simulate.ts on a grid
 * (c = 1–2, n = 2–8, s:d = 1.3:33 to 10:10, CV 0.02–0.5, w = 0.62 and 1.5 ms, 640 points; not to
 * any real-server measurement):
 * - the herded limit cycle: all n together, T = n·s/c + w·(1 − e^(−d/τ)) + d, throughput n/T;
 * - the pull per cycle κ = w·(1 − e^(−d/τ)) (the leader's wake after the group's idle wait) against
 *   the spread one cycle adds to a gap between two requests, σ² = 2·(sd_cpu² + sd_io² + Z²)
 *   (Z: an exponential think time between a response and the next request);
 * - a drift κ against a diffusion σ² keeps a lag below L with probability 1 − e^(−κL/σ²) (the
 *   exponential stationary law of a reflected random walk); L, the lag over which the pull holds,
 *   grows with the burst: L = HERD_LAG_MS·(1 − e^(−s/(c·HERD_LAG_BURST_MS)));
 * - the pull needs idle cores outside the herded state: a pool whose product-form cores are busy
 *   (u → 1) has no idle gap to pay a wake in, and never falls back into step: × (1 − u^HERD_IDLE_POWER);
 * - the herded share h = HERD_MAX × capture × idle term; throughput X = X_pf − h·(X_pf − X_herd).
 * Throughput against simulate.ts over that grid (scripts/herding-grid.ts): median error 0.6 %, 90 % of
 * points within 3.3 %, worst 12.4 % (at CV 0.02); the product form alone: 1.3 %, 17.6 %, 35 %.
 * model.test.ts checks a held-out grid (other shapes, pool sizes and CVs).
 * Outside the range it was checked on: a wake above 1.2 × the burst counts as 1.2 × the burst in the
 * term (herdWakeMs; the term held at its edge, so a dearer wake never raises throughput, as a
 * taper to 0 did: +17 % from 1.2 to 1.5 ms on 1 ms bursts), and I/O waits under 1.5 τ taper the
 * term to 0 at τ (herdCheckedRange: a shorter wait only makes the cycle faster, the direction the
 * taper moves throughput too). w = 0 gives κ = 0 and h = 0: the product form's numbers, exactly.
 */

/** Lag (ms) within which the wake's pull holds a request in the group, for long bursts. */
export const HERD_LAG_MS = 1.7;
/** Burst length per core (ms) over which that lag builds up. */
export const HERD_LAG_BURST_MS = 3.3;
/** Power of the product-form core load in the idle term 1 − u^p (the pull vanishes as u → 1). */
export const HERD_IDLE_POWER = 34;
/** Share of the herded loss a fully captured group reaches (the group keeps a spread of about w). */
export const HERD_MAX = 0.84;

export interface HerdInput {
  /** CPU servers (cores the pool can use). */
  c: number;
  /** CPU burst per request (ms, the busy cost, without the wake share). */
  cpuMs: number;
  cpuCv: number;
  ioMs: number;
  ioCv: number;
  /** Mean exponential think time between a response and the next request (ms; 0 = none). */
  thinkMs: number;
  /** The idle-wake cost (ms) and the share of it an idle wait of ioMs builds up, 1 − e^(−d/τ). */
  idleWakeCpuMs: number;
  wakeBuiltUp: number;
}

/** The largest wake per burst the form was checked on against the simulation. */
export const HERD_MAX_WAKE_PER_BURST = 1.2;

/**
 * The wake cost (ms) the herding term uses: the plan's, at most HERD_MAX_WAKE_PER_BURST × the
 * burst. Beyond it even the product form's wake share is off and the term would extrapolate; held
 * at its edge rather than dropped, the term keeps throughput falling as the wake cost grows.
 */
export function herdWakeMs(h: HerdInput): number {
  return Math.min(h.idleWakeCpuMs, HERD_MAX_WAKE_PER_BURST * h.cpuMs);
}

/**
 * 1 where the I/O wait is at least 1.5 τ (the range checked against the simulation), tapering
 * linearly to 0 at τ: an idle wait too short for the wake to build up.
 */
export function herdCheckedRange(h: HerdInput, windowMs: number): number {
  const ioPerWindow = windowMs > 0 ? h.ioMs / windowMs : 0;
  const x = (ioPerWindow - 1) / 0.5;
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * The probability that the pull holds a request in the group, 1 − e^(−κL/σ²) (the same for every n),
 * times herdCheckedRange; windowMs is τ, the idle gap over which the wake builds up.
 */
export function herdCapture(h: HerdInput, windowMs: number): number {
  const s = h.cpuMs;
  const d = h.ioMs;
  const kappa = herdWakeMs(h) * h.wakeBuiltUp;
  if (!(kappa > 0) || !(s > 0) || !(d > 0) || !(h.c > 0)) return 0;
  const range = herdCheckedRange(h, windowMs);
  if (!(range > 0)) return 0;
  const spread2 = 2 * ((h.cpuCv * s) ** 2 + (h.ioCv * d) ** 2 + h.thinkMs ** 2);
  const lagMs = HERD_LAG_MS * -Math.expm1(-s / (h.c * HERD_LAG_BURST_MS));
  return range * (spread2 > 0 ? -Math.expm1(-(kappa * lagMs) / spread2) : 1);
}

/**
 * Throughput (per ms) of n circulating requests with herding, from the product form's xPf (per ms)
 * and herdCapture's capture; xPf itself when the situation does not herd (n ≤ c, nothing to capture,
 * a herded cycle no slower than the product form, busy cores).
 */
export function herdedThroughput(h: HerdInput, capture: number, n: number, xPf: number): number {
  if (!(capture > 0) || !(n > h.c) || !(xPf > 0)) return xPf;
  const xHerd = n / ((n * h.cpuMs) / h.c + herdWakeMs(h) * h.wakeBuiltUp + h.ioMs);
  if (!(xHerd < xPf)) return xPf;
  const u = Math.min(1, (xPf * h.cpuMs) / h.c);
  const share = HERD_MAX * capture * (1 - u ** HERD_IDLE_POWER);
  return xPf - share * (xPf - xHerd);
}
