/**
 * Independent discrete-event simulation of the pool described in model.ts, used to validate the
 * analytic model (it shares no code with it, only the input type).
 *
 * Each request: waits FIFO for one of N slots (at most queueLimit may wait; more are rejected),
 * then holding the slot does one CPU phase (processor sharing over cpuServers: each of the
 * n_cpu running jobs progresses at min(1, c/n_cpu) of a core) followed by one I/O phase (pure
 * delay). Demands are gamma with the given mean and CV (CV 0 = deterministic).
 *
 * Processor sharing is event-driven with a virtual clock V that advances at the per-job rate;
 * a job entering the CPU gets the tag V + demand and leaves when V reaches it. So a change of
 * the CPU population costs O(log n), not O(n).
 *
 * With `cpuDiscipline: 'fcfs'` (gevent/ASGI: a greenlet keeps its process until its CPU burst
 * ends) the CPU is instead ⌈c⌉ first-come-first-served servers, each at speed c/⌈c⌉.
 *
 * With `fcfs` on one server and `gilSliceMs` (gthread: the threads of one Python process take turns
 * on the GIL): CPython hands the interpreter over on blocking I/O, and forcibly only when a waiting
 * thread has waited a whole switch interval (sys.getswitchinterval(), 5 ms); each hand-over restarts
 * the waiters' timers. So the holder runs until its burst ends or gilSliceMs after the first waiter
 * came (or after it took the GIL, if someone was already waiting), then goes to the back of the
 * queue with what it has left: bursts up to the slice run to completion, longer ones round-robin.
 * A simplification on the side of handing over too often: CPython's take_gil does not restart a
 * waiter's timer on a switch it did not cause — a waiter whose interval runs out after the GIL
 * changed hands (switch_number moved) waits another full interval before it asks again — so a real
 * holder that took over from someone else keeps the GIL somewhat longer than gilSliceMs here.
 *
 * With `idleWakeCpuMs` a request whose CPU phase starts on an idle core (fewer jobs on the CPU than
 * ⌈c⌉ cores) needs idleWakeCpuMs × (1 − e^(−gap/τ)) more CPU, gap = how long that core idled (the
 * most recently idled core is taken). The model's closed form for it (cpuMsAtLoad) is not used here;
 * only the mechanism's constant τ is shared.
 */

import { IDLE_WAKE_WINDOW_MS, type PerfInput } from './model';
import { exponential, gammaWithMeanCv, type Rng } from './rng';

export interface SimOptions {
  /** Completions to measure (after warm-up). */
  completions: number;
  /** Completions discarded first so the initial empty state does not bias the result. */
  warmupCompletions: number;
}

export interface SimResult {
  throughputRps: number;
  rejectedRps: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Time-average fraction of CPU servers busy. */
  cpuUtil: number;
  /** Time-average fraction of slots busy. */
  slotUtil: number;
  completed: number;
  simulatedMs: number;
}

/** Binary min-heap of (key, id) pairs in flat typed arrays. */
export class MinHeap {
  private keys = new Float64Array(64);
  private ids = new Int32Array(64);
  size = 0;

  push(key: number, id: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.ids);
      this.ids = v;
    }
    let i = this.size++;
    const keys = this.keys;
    const ids = this.ids;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk <= key) break;
      keys[i] = pk;
      ids[i] = ids[parent] as number;
      i = parent;
    }
    keys[i] = key;
    ids[i] = id;
  }

  minKey(): number {
    return this.size > 0 ? (this.keys[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Removes the minimum and returns its id. */
  pop(): number {
    const keys = this.keys;
    const ids = this.ids;
    const top = ids[0] as number;
    const n = --this.size;
    if (n === 0) return top;
    const key = keys[n] as number;
    const id = ids[n] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (keys[right] as number) < (keys[child] as number)) child = right;
      if ((keys[child] as number) >= key) break;
      keys[i] = keys[child] as number;
      ids[i] = ids[child] as number;
      i = child;
    }
    keys[i] = key;
    ids[i] = id;
    return top;
  }
}

type Mode = { kind: 'open'; offeredRps: number } | { kind: 'closed'; users: number; thinkMs: number };

/** Per-request state in growable typed arrays, indexed by request id (ids are recycled through a free list). */
class Requests {
  arrivalMs = new Float64Array(1024);
  ioMs = new Float64Array(1024);
  /** Closed loop: the user who sent it (−1: an open-loop arrival). */
  owner = new Int32Array(1024);
  /** FCFS: the CPU demand of a request waiting for a CPU server. */
  demandMs = new Float64Array(1024);
  private free: number[] = [];
  private nextId = 0;

  alloc(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    if (this.nextId === this.arrivalMs.length) this.grow(this.nextId * 2);
    return this.nextId++;
  }

  release(id: number): void {
    this.free.push(id);
  }

  private grow(size: number): void {
    const a = new Float64Array(size);
    a.set(this.arrivalMs);
    this.arrivalMs = a;
    const b = new Float64Array(size);
    b.set(this.ioMs);
    this.ioMs = b;
    const o = new Int32Array(size);
    o.set(this.owner);
    this.owner = o;
    const dm = new Float64Array(size);
    dm.set(this.demandMs);
    this.demandMs = dm;
  }
}

/** FIFO of request ids waiting for a slot (ring buffer). */
class RingQueue {
  private buf = new Int32Array(1024);
  private head = 0;
  length = 0;

  push(id: number): void {
    if (this.length === this.buf.length) {
      const q = new Int32Array(this.buf.length * 2);
      for (let i = 0; i < this.length; i++) q[i] = this.buf[(this.head + i) % this.buf.length] as number;
      this.buf = q;
      this.head = 0;
    }
    this.buf[(this.head + this.length) % this.buf.length] = id;
    this.length++;
  }

  shift(): number {
    const id = this.buf[this.head] as number;
    this.head = (this.head + 1) % this.buf.length;
    this.length--;
    return id;
  }
}

/** The simulated pool: its clocks, queues and measurements, one method per kind of event. */
class PoolSim {
  readonly target: number;
  recorded = 0;
  private readonly slots: number;
  private readonly c: number;
  private readonly queueLimit: number;
  private readonly warmup: number;
  private readonly req = new Requests();
  private readonly queue = new RingQueue();
  private readonly fcfs: boolean;
  private readonly fcfsServers: number;
  private readonly fcfsSpeed: number;
  /** The GIL's forced hand-over (one FCFS server only): slice in ms, ∞ = none. */
  private readonly sliceMs: number;
  /** Sliced mode: the job holding the single FCFS server, when its burst would end, whether a hand-over is due. */
  private holderId = -1;
  private holderEndMs = 0;
  private holderSliced = false;
  /** PS: key = virtual finish tag; FCFS: key = real finish time. */
  private readonly cpu = new MinHeap();
  /** FCFS: requests waiting for a CPU server. */
  private cpuQueue: number[] = [];
  private cpuQHead = 0;
  /** Key: real time; id ≥ 0 → I/O done, id < 0 → user −id−1 thinks no more. */
  private readonly events = new MinHeap();
  private virtualMs = 0;
  private nowMs = 0;
  private busy = 0;
  private completed = 0;
  private measuring: boolean;
  private startMs = 0;
  private measuredRejected = 0;
  private cpuBusyArea = 0;
  private slotBusyArea = 0;
  private readonly latencies: Float64Array;
  private readonly thinkMean: number;
  private readonly interArrivalMs: number;
  private nextArrivalMs = Number.POSITIVE_INFINITY;
  private readonly wakeMs: number;
  private readonly cores: number;
  /** When each idle core went idle (a stack: the last one idled is the first reused); cold at start. */
  private readonly idleSinceMs: number[];

  constructor(
    private readonly input: PerfInput,
    private readonly mode: Mode,
    private readonly rng: Rng,
    opts: SimOptions,
  ) {
    this.slots = Math.max(1, Math.floor(input.slots));
    this.c = input.cpuServers;
    this.queueLimit = Math.max(0, Math.floor(input.queueLimit));
    this.target = Math.max(1, Math.floor(opts.completions));
    this.warmup = Math.max(0, Math.floor(opts.warmupCompletions));
    this.fcfs = input.cpuDiscipline === 'fcfs';
    this.fcfsServers = Math.max(1, Math.ceil(this.c));
    this.fcfsSpeed = this.c / this.fcfsServers;
    const slice = input.gilSliceMs ?? Number.POSITIVE_INFINITY;
    this.sliceMs = this.fcfs && this.fcfsServers === 1 && slice > 0 ? slice : Number.POSITIVE_INFINITY;
    this.measuring = this.warmup === 0;
    this.latencies = new Float64Array(this.target);
    this.thinkMean = mode.kind === 'closed' ? Math.max(0, mode.thinkMs) : 0;
    this.interArrivalMs = mode.kind === 'open' ? 1000 / mode.offeredRps : 0;
    this.wakeMs = Math.max(0, input.idleWakeCpuMs ?? 0);
    this.cores = Math.max(1, Math.ceil(this.c));
    this.idleSinceMs = new Array<number>(this.cores).fill(Number.NEGATIVE_INFINITY);
  }

  /** Extra CPU for a burst starting now: the wake cost of the idle core it lands on (0 when every core is busy). */
  private wakeCost(): number {
    if (!(this.wakeMs > 0) || this.cpu.size >= this.cores) return 0;
    const gapMs = this.nowMs - (this.idleSinceMs.pop() ?? Number.NEGATIVE_INFINITY);
    return this.wakeMs * -Math.expm1(-gapMs / IDLE_WAKE_WINDOW_MS);
  }

  /** After a burst left the CPU: a core idles if fewer bursts than cores remain. */
  private noteIdle(): void {
    if (this.wakeMs > 0 && this.cpu.size < this.cores) this.idleSinceMs.push(this.nowMs);
  }

  /** First arrivals (open loop) or every user's first think time (closed); false when nothing will ever arrive. */
  start(): boolean {
    if (this.mode.kind === 'open') {
      this.nextArrivalMs = this.mode.offeredRps > 0 ? exponential(this.rng, this.interArrivalMs) : Number.POSITIVE_INFINITY;
    } else {
      for (let u = 0; u < this.mode.users; u++) this.scheduleThink(u);
    }
    return Number.isFinite(this.nextArrivalMs) || this.events.size > 0;
  }

  /** Advances to the next event (CPU done, I/O done or think over, open arrival); false when there is none. */
  step(): boolean {
    const { cpu, fcfs, c } = this;
    const nCpu = cpu.size;
    const rate = fcfs ? this.fcfsSpeed : nCpu > c ? c / nCpu : 1;
    const tCpu = nCpu === 0 ? Number.POSITIVE_INFINITY : fcfs ? cpu.minKey() : this.nowMs + (cpu.minKey() - this.virtualMs) / rate;
    const tEv = this.events.minKey();
    const tNext = Math.min(this.nextArrivalMs, tCpu, tEv);
    if (!Number.isFinite(tNext)) return false;
    const dt = tNext - this.nowMs;
    if (this.measuring) {
      this.cpuBusyArea += (fcfs ? nCpu * this.fcfsSpeed : Math.min(nCpu, c)) * dt;
      this.slotBusyArea += this.busy * dt;
    }
    if (nCpu > 0 && !fcfs) this.virtualMs += rate * dt;
    this.nowMs = tNext;
    if (tNext === tCpu) {
      const id = cpu.pop();
      if (this.holderSliced && this.holderEndMs - this.nowMs > 1e-9) {
        // The GIL's forced hand-over: back of the queue with the rest of its burst.
        this.req.demandMs[id] = (this.holderEndMs - this.nowMs) * this.fcfsSpeed;
        this.cpuQueue.push(id);
        this.nextFcfs();
        return true;
      }
      if (fcfs) this.nextFcfs();
      this.noteIdle();
      this.startIo(id);
    } else if (tNext === tEv) {
      const id = this.events.pop();
      if (id >= 0) this.finish(id);
      else this.arrive(-id - 1);
    } else {
      this.arrive(-1);
      this.nextArrivalMs = this.nowMs + exponential(this.rng, this.interArrivalMs);
    }
    return true;
  }

  private startService(id: number): void {
    this.busy++;
    this.req.ioMs[id] = gammaWithMeanCv(this.rng, this.input.ioMs, this.input.ioCv);
    const base = gammaWithMeanCv(this.rng, this.input.cpuMs, this.input.cpuCv);
    const demand = base > 0 ? base + this.wakeCost() : base;
    if (!(demand > 0)) this.startIo(id);
    else if (!this.fcfs) this.cpu.push(this.virtualMs + demand, id);
    else if (this.cpu.size < this.fcfsServers) this.runFcfs(id, demand);
    else {
      this.req.demandMs[id] = demand;
      this.cpuQueue.push(id);
      this.armSlice();
    }
  }

  /** Puts `id` on a free FCFS server; with a GIL slice, its turn ends at the burst's end or at the hand-over. */
  private runFcfs(id: number, demand: number): void {
    const endMs = this.nowMs + demand / this.fcfsSpeed;
    this.cpu.push(endMs, id);
    if (!Number.isFinite(this.sliceMs)) return;
    this.holderId = id;
    this.holderEndMs = endMs;
    this.holderSliced = false;
    if (this.cpuQueue.length > this.cpuQHead) this.armSlice();
  }

  /**
   * A thread waits for the GIL: the holder hands over gilSliceMs from now, unless its burst ends
   * first or a hand-over is already due. Re-armed from the new holder's start (runFcfs), which is
   * sooner than CPython: there a waiter that timed out after a switch waits another interval.
   */
  private armSlice(): void {
    if (!Number.isFinite(this.sliceMs) || this.holderSliced || this.cpu.size === 0) return;
    this.holderSliced = true;
    const dueMs = this.nowMs + this.sliceMs;
    if (dueMs >= this.holderEndMs) return;
    this.cpu.pop();
    this.cpu.push(dueMs, this.holderId);
  }

  private nextFcfs(): void {
    if (this.cpuQHead >= this.cpuQueue.length) return;
    const id = this.cpuQueue[this.cpuQHead++] as number;
    if (this.cpuQHead > 4096 && this.cpuQHead * 2 > this.cpuQueue.length) {
      this.cpuQueue = this.cpuQueue.slice(this.cpuQHead);
      this.cpuQHead = 0;
    }
    this.runFcfs(id, this.req.demandMs[id] as number);
  }

  private startIo(id: number): void {
    const d = this.req.ioMs[id] as number;
    if (d > 0) this.events.push(this.nowMs + d, id);
    else this.finish(id);
  }

  private scheduleThink(user: number): void {
    this.events.push(this.nowMs + (this.thinkMean > 0 ? exponential(this.rng, this.thinkMean) : 0), -user - 1);
  }

  /** A request from `user` (−1: open loop) takes a free slot, waits in the backlog, or is rejected. */
  private arrive(user: number): void {
    if (this.busy < this.slots || this.queue.length < this.queueLimit) {
      const id = this.req.alloc();
      this.req.arrivalMs[id] = this.nowMs;
      this.req.owner[id] = user;
      if (this.busy < this.slots) this.startService(id);
      else this.queue.push(id);
    } else {
      if (this.measuring) this.measuredRejected++;
      if (user >= 0) this.scheduleThink(user);
    }
  }

  private finish(id: number): void {
    this.busy--;
    this.completed++;
    if (this.measuring) {
      if (this.recorded < this.target) this.latencies[this.recorded++] = this.nowMs - (this.req.arrivalMs[id] as number);
    } else if (this.completed >= this.warmup) {
      this.measuring = true;
      this.startMs = this.nowMs;
    }
    const user = this.req.owner[id] as number;
    this.req.release(id);
    if (this.queue.length > 0) this.startService(this.queue.shift());
    if (user >= 0) this.scheduleThink(user);
  }

  result(): SimResult {
    const recorded = this.recorded;
    const spanMs = Math.max(this.nowMs - this.startMs, 1e-9);
    const sorted = this.latencies.subarray(0, recorded).sort();
    let sum = 0;
    for (let i = 0; i < recorded; i++) sum += sorted[i] as number;
    const q = (p: number): number => (recorded > 0 ? (sorted[Math.max(0, Math.ceil(p * recorded) - 1)] as number) : 0);
    return {
      throughputRps: (recorded / spanMs) * 1000,
      rejectedRps: (this.measuredRejected / spanMs) * 1000,
      meanMs: recorded > 0 ? sum / recorded : 0,
      p50Ms: q(0.5),
      p95Ms: q(0.95),
      p99Ms: q(0.99),
      cpuUtil: this.cpuBusyArea / spanMs / this.c,
      slotUtil: this.slotBusyArea / spanMs / this.slots,
      completed: recorded,
      simulatedMs: spanMs,
    };
  }
}

function run(input: PerfInput, mode: Mode, rng: Rng, opts: SimOptions): SimResult {
  const sim = new PoolSim(input, mode, rng, opts);
  if (!sim.start()) return emptyResult();
  while (sim.recorded < sim.target && sim.step()) {
    // Each step handles one event.
  }
  return sim.result();
}

function emptyResult(): SimResult {
  return {
    throughputRps: 0,
    rejectedRps: 0,
    meanMs: 0,
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    cpuUtil: 0,
    slotUtil: 0,
    completed: 0,
    simulatedMs: 0,
  };
}

/** Open loop: Poisson arrivals at offeredRps. */
export function simulateOpen(input: PerfInput, offeredRps: number, rng: Rng, opts: SimOptions): SimResult {
  return run(input, { kind: 'open', offeredRps }, rng, opts);
}

/** Closed loop: `users` users, each thinking Exp(thinkMs) between a response and its next request. */
export function simulateClosed(input: PerfInput, users: number, thinkMs: number, rng: Rng, opts: SimOptions): SimResult {
  return run(input, { kind: 'closed', users: Math.max(0, Math.floor(users)), thinkMs }, rng, opts);
}
