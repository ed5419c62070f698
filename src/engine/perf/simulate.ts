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
 */

import type { PerfInput } from './model';
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

function run(input: PerfInput, mode: Mode, rng: Rng, opts: SimOptions): SimResult {
  const slots = Math.max(1, Math.floor(input.slots));
  const c = input.cpuServers;
  const queueLimit = Math.max(0, Math.floor(input.queueLimit));
  const target = Math.max(1, Math.floor(opts.completions));
  const warmup = Math.max(0, Math.floor(opts.warmupCompletions));

  // Per-request state, indexed by request id (ids are recycled through a free list).
  let arrivalMs = new Float64Array(1024);
  let ioMs = new Float64Array(1024);
  let owner = new Int32Array(1024); // closed loop: the user who sent it
  const free: number[] = [];
  let nextId = 0;
  const alloc = (): number => {
    const id = free.pop();
    if (id !== undefined) return id;
    if (nextId === arrivalMs.length) {
      const a = new Float64Array(nextId * 2);
      a.set(arrivalMs);
      arrivalMs = a;
      const b = new Float64Array(nextId * 2);
      b.set(ioMs);
      ioMs = b;
      const o = new Int32Array(nextId * 2);
      o.set(owner);
      owner = o;
      const dm = new Float64Array(nextId * 2);
      dm.set(demandMs);
      demandMs = dm;
    }
    return nextId++;
  };

  // FIFO of requests waiting for a slot (ring buffer).
  let queue = new Int32Array(1024);
  let qHead = 0;
  let qLen = 0;
  const enqueue = (id: number): void => {
    if (qLen === queue.length) {
      const q = new Int32Array(queue.length * 2);
      for (let i = 0; i < qLen; i++) q[i] = queue[(qHead + i) % queue.length] as number;
      queue = q;
      qHead = 0;
    }
    queue[(qHead + qLen) % queue.length] = id;
    qLen++;
  };
  const dequeue = (): number => {
    const id = queue[qHead] as number;
    qHead = (qHead + 1) % queue.length;
    qLen--;
    return id;
  };

  const fcfs = input.cpuDiscipline === 'fcfs';
  const fcfsServers = Math.max(1, Math.ceil(c));
  const fcfsSpeed = c / fcfsServers;
  const cpu = new MinHeap(); // PS: key = virtual finish tag; FCFS: key = real finish time
  let cpuQueue: number[] = []; // FCFS: requests waiting for a CPU server
  let cpuQHead = 0;
  let demandMs = new Float64Array(1024);
  const events = new MinHeap(); // key: real time; id ≥ 0 → I/O done, id < 0 → user −id−1 thinks no more
  let virtualMs = 0;
  let nowMs = 0;
  let busy = 0;

  let completed = 0;
  let measuring = warmup === 0;
  let startMs = 0;
  let measuredRejected = 0;
  let cpuBusyArea = 0;
  let slotBusyArea = 0;
  const latencies = new Float64Array(target);
  let recorded = 0;

  const thinkMean = mode.kind === 'closed' ? Math.max(0, mode.thinkMs) : 0;
  const interArrivalMs = mode.kind === 'open' ? 1000 / mode.offeredRps : 0;

  const startService = (id: number): void => {
    busy++;
    ioMs[id] = gammaWithMeanCv(rng, input.ioMs, input.ioCv);
    const demand = gammaWithMeanCv(rng, input.cpuMs, input.cpuCv);
    if (!(demand > 0)) startIo(id);
    else if (!fcfs) cpu.push(virtualMs + demand, id);
    else if (cpu.size < fcfsServers) cpu.push(nowMs + demand / fcfsSpeed, id);
    else {
      demandMs[id] = demand;
      cpuQueue.push(id);
    }
  };
  const nextFcfs = (): void => {
    if (cpuQHead >= cpuQueue.length) return;
    const id = cpuQueue[cpuQHead++] as number;
    if (cpuQHead > 4096 && cpuQHead * 2 > cpuQueue.length) {
      cpuQueue = cpuQueue.slice(cpuQHead);
      cpuQHead = 0;
    }
    cpu.push(nowMs + (demandMs[id] as number) / fcfsSpeed, id);
  };
  const startIo = (id: number): void => {
    const d = ioMs[id] as number;
    if (d > 0) events.push(nowMs + d, id);
    else finish(id);
  };
  const scheduleThink = (user: number): void => {
    events.push(nowMs + (thinkMean > 0 ? exponential(rng, thinkMean) : 0), -user - 1);
  };
  const arrive = (user: number): void => {
    if (busy < slots) {
      const id = alloc();
      arrivalMs[id] = nowMs;
      owner[id] = user;
      startService(id);
    } else if (qLen < queueLimit) {
      const id = alloc();
      arrivalMs[id] = nowMs;
      owner[id] = user;
      enqueue(id);
    } else {
      if (measuring) measuredRejected++;
      if (user >= 0) scheduleThink(user);
    }
  };
  const finish = (id: number): void => {
    busy--;
    completed++;
    if (measuring) {
      if (recorded < target) latencies[recorded++] = nowMs - (arrivalMs[id] as number);
    } else if (completed >= warmup) {
      measuring = true;
      startMs = nowMs;
    }
    const user = owner[id] as number;
    free.push(id);
    if (qLen > 0) startService(dequeue());
    if (user >= 0) scheduleThink(user);
  };

  let nextArrivalMs = Number.POSITIVE_INFINITY;
  if (mode.kind === 'open') {
    nextArrivalMs = mode.offeredRps > 0 ? exponential(rng, interArrivalMs) : Number.POSITIVE_INFINITY;
  } else {
    for (let u = 0; u < mode.users; u++) scheduleThink(u);
  }
  if (!Number.isFinite(nextArrivalMs) && events.size === 0) {
    return emptyResult();
  }

  while (recorded < target) {
    const nCpu = cpu.size;
    const rate = fcfs ? fcfsSpeed : nCpu > c ? c / nCpu : 1;
    const tCpu = nCpu === 0 ? Number.POSITIVE_INFINITY : fcfs ? cpu.minKey() : nowMs + (cpu.minKey() - virtualMs) / rate;
    const tEv = events.minKey();
    const tNext = Math.min(nextArrivalMs, tCpu, tEv);
    if (!Number.isFinite(tNext)) break;
    const dt = tNext - nowMs;
    if (measuring) {
      cpuBusyArea += (fcfs ? nCpu * fcfsSpeed : Math.min(nCpu, c)) * dt;
      slotBusyArea += busy * dt;
    }
    if (nCpu > 0 && !fcfs) virtualMs += rate * dt;
    nowMs = tNext;
    if (tNext === tCpu) {
      const id = cpu.pop();
      if (fcfs) nextFcfs();
      startIo(id);
    } else if (tNext === tEv) {
      const id = events.pop();
      if (id >= 0) finish(id);
      else arrive(-id - 1);
    } else {
      arrive(-1);
      nextArrivalMs = nowMs + exponential(rng, interArrivalMs);
    }
  }

  const spanMs = Math.max(nowMs - startMs, 1e-9);
  const sorted = latencies.subarray(0, recorded).sort();
  let sum = 0;
  for (let i = 0; i < recorded; i++) sum += sorted[i] as number;
  const q = (p: number): number => (recorded > 0 ? (sorted[Math.max(0, Math.ceil(p * recorded) - 1)] as number) : 0);
  return {
    throughputRps: (recorded / spanMs) * 1000,
    rejectedRps: (measuredRejected / spanMs) * 1000,
    meanMs: recorded > 0 ? sum / recorded : 0,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    cpuUtil: cpuBusyArea / spanMs / c,
    slotUtil: slotBusyArea / spanMs / slots,
    completed: recorded,
    simulatedMs: spanMs,
  };
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
