/**
 * Seeded discrete-event simulation of nginx balancing N application servers (issue 7). Pure: the
 * random generator is passed in. There is no closed form for the latency tail under least_conn,
 * power-of-two choices or hashed clients, so the planner simulates it.
 *
 * Model (the simplest faithful one): Poisson arrivals at nginx; the balancer sends each request to
 * one server; each server is a c-slot FIFO queue (c requests in service at once, the rest wait in
 * its backlog) with gamma service times of the app's in-slot mean and CV. "In flight" for
 * least_conn is what nginx counts: requests sent to the server and not yet answered (in service +
 * queued). Hashed methods (ip_hash, hash, sticky) bind each client to one server; client request
 * rates follow a Zipf law with exponent `zipfS`, so a few heavy clients dominate.
 * Not modelled: nginx workers each having their own least_conn view, retries, timeouts, network.
 */
import { MinHeap } from '../perf/simulate';
import { exponential, gammaWithMeanCv, type Rng } from '../perf/rng';

export const SIM_METHODS = ['round_robin', 'least_conn', 'random', 'random_two', 'ip_hash'] as const;
export type SimMethod = (typeof SIM_METHODS)[number];


/** The simulation caps the number of servers to keep a run within a second or two. */
export const MAX_SIM_SERVERS = 64;
export const MAX_SIM_SLOTS = 256;

export interface LbSimInput {
  servers: number;
  slotsPerServer: number;
  /** Mean in-slot (service) time, ms. */
  meanMs: number;
  /** Coefficient of variation of the service time (0 = constant, 1 = exponential). */
  cv: number;
  /** Offered load as a share of the fleet's slot capacity, 0 < load < 1: λ = load × N × c / mean. */
  load: number;
  /** Hashed methods: number of clients and the Zipf exponent of their request rates. */
  clients?: number;
  zipfS?: number;
  completions: number;
  warmup: number;
  /**
   * Mixed hardware: each server's slots and nginx weight (length = servers). Absent = identical
   * servers of `slotsPerServer`, weight 1. A kind's capacity is expressed as slots of the same mean
   * service time, so a server with twice the capacity has twice the slots.
   */
  serverSpecs?: readonly { slots: number; weight: number }[];
}

export interface LbSimResult {
  method: SimMethod;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Share of requests the busiest server received (1/N = perfectly even). */
  maxServerShare: number;
  completed: number;
}

/** A growable FIFO of arrival times. */
class Fifo {
  private buf = new Float64Array(16);
  private head = 0;
  length = 0;
  push(x: number): void {
    if (this.length === this.buf.length) {
      const b = new Float64Array(this.buf.length * 2);
      for (let i = 0; i < this.length; i++) b[i] = this.buf[(this.head + i) % this.buf.length] as number;
      this.buf = b;
      this.head = 0;
    }
    this.buf[(this.head + this.length) % this.buf.length] = x;
    this.length++;
  }
  shift(): number {
    const x = this.buf[this.head] as number;
    this.head = (this.head + 1) % this.buf.length;
    this.length--;
    return x;
  }
}

/** A clear message for inputs the simulation cannot run, or null. */
export function lbSimProblem(input: LbSimInput): string | null {
  if (!Number.isInteger(input.servers) || input.servers < 1 || input.servers > MAX_SIM_SERVERS) return `Servers must be a whole number from 1 to ${MAX_SIM_SERVERS}.`;
  if (!Number.isInteger(input.slotsPerServer) || input.slotsPerServer < 1 || input.slotsPerServer > MAX_SIM_SLOTS) return `Slots per server must be a whole number from 1 to ${MAX_SIM_SLOTS}.`;
  if (!(input.meanMs > 0) || !Number.isFinite(input.meanMs)) return 'The mean service time must be above 0 ms.';
  if (!(input.cv >= 0) || input.cv > 4) return 'The service-time CV must be between 0 and 4.';
  if (!(input.load > 0) || !(input.load < 1)) return 'The load must be between 0 and 1 (exclusive) of the slot capacity.';
  if (!(input.completions >= 1)) return 'At least one completion must be measured.';
  const specs = input.serverSpecs;
  if (specs) {
    if (specs.length !== input.servers) return 'One server spec per server.';
    if (specs.some((s) => !Number.isInteger(s.slots) || s.slots < 1 || s.slots > MAX_SIM_SLOTS)) return `Slots per server must be a whole number from 1 to ${MAX_SIM_SLOTS}.`;
    if (specs.some((s) => !Number.isInteger(s.weight) || s.weight < 1 || s.weight > 1000)) return 'Weights must be whole numbers from 1 to 1000.';
  }
  return null;
}

/** 32-bit integer hash (the server a client's address hashes to). */
function hash32(k: number): number {
  let h = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The simulated servers: slots and nginx weight of each, with their totals. */
interface SimServers {
  n: number;
  slots: Int32Array;
  weight: Float64Array;
  totalSlots: number;
  totalWeight: number;
  /** Whether the weights differ (equal weights take nginx's unweighted paths). */
  weighted: boolean;
}

function simServers(input: LbSimInput): SimServers {
  const n = input.servers;
  const slots = Int32Array.from(input.serverSpecs ? input.serverSpecs.map((s) => s.slots) : Array.from({ length: n }, () => input.slotsPerServer));
  const weight = Float64Array.from(input.serverSpecs ? input.serverSpecs.map((s) => s.weight) : Array.from({ length: n }, () => 1));
  let totalSlots = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    totalSlots += slots[i] as number;
    totalWeight += weight[i] as number;
  }
  return { n, slots, weight, totalSlots, totalWeight, weighted: weight.some((w) => w !== weight[0]) };
}

/** Weighted pick from a uniform u in [0, 1): server i with probability weight / Σ weights. */
function weightedPick({ n, weight, totalWeight }: SimServers): (u: number) => number {
  return (u) => {
    let x = u * totalWeight;
    for (let i = 0; i < n; i++) {
      x -= weight[i] as number;
      if (x < 0) return i;
    }
    return n - 1;
  };
}

/** Hashed clients: Zipf request rates, each client bound to one server; returns the server of the next request's client. */
function hashedClientPicker(input: LbSimInput, servers: SimServers, rng: Rng): () => number {
  const byWeight = weightedPick(servers);
  const clients = Math.max(1, Math.floor(input.clients ?? 200));
  const s = input.zipfS ?? 1.1;
  const cdf = new Float64Array(clients);
  const clientServer = new Int32Array(clients);
  let acc = 0;
  for (let k = 0; k < clients; k++) {
    acc += 1 / Math.pow(k + 1, s);
    cdf[k] = acc;
    // nginx's hashed methods honour weights: a client lands on a server in proportion to its weight.
    clientServer[k] = servers.weighted ? byWeight(hash32(k) / 4294967296) : hash32(k) % servers.n;
  }
  return () => {
    const u = rng() * acc;
    let lo = 0;
    let hi = clients - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return clientServer[lo] as number;
  };
}

/** The balancer: picks the server of the next request by `method`, given what each server has in flight. */
function balancer(method: SimMethod, input: LbSimInput, servers: SimServers, rng: Rng, inFlight: (i: number) => number): () => number {
  const { n, weight, totalWeight, weighted } = servers;
  const byWeight = weightedPick(servers);
  const hashed = hashedClientPicker(input, servers, rng);
  let rr = 0;
  // nginx's smooth weighted round robin (ngx_http_upstream_round_robin.c): every pick adds each
  // server's weight to its current weight, takes the largest and subtracts the total from it.
  const current = new Float64Array(n);
  // least_conn compares in-flight / weight (nginx: conns × best.weight < best.conns × weight).
  const fewer = (a: number, b: number) => inFlight(a) * (weight[b] as number) < inFlight(b) * (weight[a] as number);
  return () => {
    switch (method) {
      case 'round_robin': {
        if (!weighted) {
          rr = (rr + 1) % n;
          return rr;
        }
        let best = 0;
        for (let i = 0; i < n; i++) {
          current[i] = (current[i] as number) + (weight[i] as number);
          if ((current[i] as number) > (current[best] as number)) best = i;
        }
        current[best] = (current[best] as number) - totalWeight;
        return best;
      }
      case 'random':
        return weighted ? byWeight(rng()) : Math.min(n - 1, Math.floor(rng() * n));
      case 'random_two': {
        if (n === 1) return 0;
        if (weighted) {
          const a = byWeight(rng());
          let b = byWeight(rng());
          for (let tries = 0; b === a && tries < 20; tries++) b = byWeight(rng());
          return fewer(b, a) ? b : a;
        }
        const a = Math.min(n - 1, Math.floor(rng() * n));
        let b = Math.min(n - 2, Math.floor(rng() * (n - 1)));
        if (b >= a) b++;
        return inFlight(b) < inFlight(a) ? b : a;
      }
      case 'least_conn': {
        // Fewest in flight per weight; ties go round robin (as nginx's least_conn does).
        rr = (rr + 1) % n;
        let best = rr;
        for (let j = 1; j < n; j++) {
          const i = (rr + j) % n;
          if (fewer(i, best)) best = i;
        }
        return best;
      }
      case 'ip_hash':
        return hashed();
    }
  };
}

/** Latency quantiles of the recorded requests and the busiest server's share of what it received. */
function lbSummary(method: SimMethod, latencies: Float64Array, recorded: number, received: Float64Array): LbSimResult {
  const n = received.length;
  const sorted = latencies.sort();
  let sum = 0;
  for (let i = 0; i < recorded; i++) sum += sorted[i] as number;
  const q = (p: number) => sorted[Math.max(0, Math.ceil(p * recorded) - 1)] as number;
  let totalReceived = 0;
  let maxReceived = 0;
  for (let i = 0; i < n; i++) {
    totalReceived += received[i] as number;
    maxReceived = Math.max(maxReceived, received[i] as number);
  }
  return {
    method,
    meanMs: sum / recorded,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    maxServerShare: totalReceived > 0 ? maxReceived / totalReceived : 1 / n,
    completed: recorded,
  };
}

export function simulateLb(input: LbSimInput, method: SimMethod, rng: Rng, onProgress?: (done: number) => void): LbSimResult {
  const problem = lbSimProblem(input);
  if (problem) throw new RangeError(problem);
  const servers = simServers(input);
  const { n, slots } = servers;
  const mean = input.meanMs;
  const lambdaPerMs = (input.load * servers.totalSlots) / mean;
  const target = Math.floor(input.completions);
  const warmup = Math.max(0, Math.floor(input.warmup));

  const busy = new Int32Array(n);
  const queues = Array.from({ length: n }, () => new Fifo());
  const received = new Float64Array(n);
  const events = new MinHeap();
  const choose = balancer(method, input, servers, rng, (i) => (busy[i] as number) + (queues[i] as Fifo).length);

  const latencies = new Float64Array(target);
  let started = 0;
  let recorded = 0;
  let now = 0;
  const progressEvery = Math.max(1, Math.floor(target / 20));
  const start = (server: number, arrivedAt: number): void => {
    const service = gammaWithMeanCv(rng, mean, input.cv);
    events.push(now + service, server);
    started++;
    if (started > warmup && recorded < target) {
      latencies[recorded++] = now - arrivedAt + service;
      if (onProgress && recorded % progressEvery === 0) onProgress(recorded / target);
    }
  };

  let nextArrival = exponential(rng, 1 / lambdaPerMs);
  while (recorded < target) {
    if (events.size > 0 && events.minKey() <= nextArrival) {
      now = events.minKey();
      const server = events.pop();
      const q = queues[server] as Fifo;
      if (q.length > 0) start(server, q.shift());
      else busy[server] = (busy[server] as number) - 1;
    } else {
      now = nextArrival;
      const server = choose();
      if (started >= warmup) received[server] = (received[server] as number) + 1;
      if ((busy[server] as number) < (slots[server] as number)) {
        busy[server] = (busy[server] as number) + 1;
        start(server, now);
      } else (queues[server] as Fifo).push(now);
      nextArrival = now + exponential(rng, 1 / lambdaPerMs);
    }
  }
  return lbSummary(method, latencies, recorded, received);
}
