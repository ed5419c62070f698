/**
 * A tiny typed request/response protocol over postMessage (a Worker, or a MessageChannel in tests),
 * with supersede and cancel:
 * - every call may name a `channel`; a newer call on the same channel supersedes the older one:
 *   the older promise rejects with `Superseded` at once and the worker is told to stop it;
 * - a response whose call is no longer pending (superseded, cancelled) is dropped, so a stale
 *   result can never reach the page after a newer one was asked for;
 * - the worker side checks for cancellation at `checkpoint()`s, where it also yields to its message
 *   queue (so the cancel message gets read between two sections of an analysis).
 * Why not comlink: we need exactly this supersede rule, and it is 150 lines without a dependency.
 */

/** What both ends need of a MessagePort / Worker / worker scope. */
export interface Port {
  postMessage: (message: unknown) => void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** The API a worker serves: one function per method, from its argument to its result (and progress). */
export type RpcApi<Api> = { [M in keyof Api]: { args: unknown; result: unknown; progress?: unknown } };

type ToWorker = { kind: 'call'; id: number; method: string; args: unknown } | { kind: 'cancel'; id: number };
type FromWorker =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'cancelled'; id: number }
  | { kind: 'progress'; id: number; value: unknown };

/** The call was replaced by a newer one on its channel (or cancelled): not an error, just no answer. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'Superseded';
  }
}

export const isSuperseded = (e: unknown): e is Superseded => e instanceof Superseded;

export interface CallOptions<P> {
  /** Calls on one channel supersede each other (one plan clock, the export preview, …). */
  channel?: string;
  onProgress?: (progress: P) => void;
}

export interface RpcClient<Api extends RpcApi<Api>> {
  call: <M extends keyof Api & string>(method: M, args: Api[M]['args'], options?: CallOptions<Api[M]['progress']>) => Promise<Api[M]['result']>;
  /** Stop the newest call on a channel (its promise rejects with Superseded). */
  cancel: (channel: string) => void;
  /** The worker died (failed to load, crashed): every pending call rejects with this error. */
  fail: (error: Error) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onProgress: ((p: unknown) => void) | undefined;
  channel: string | undefined;
}

export function createRpcClient<Api extends RpcApi<Api>>(port: Port): RpcClient<Api> {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const latestByChannel = new Map<string, number>();

  const drop = (id: number) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (p.channel !== undefined && latestByChannel.get(p.channel) === id) latestByChannel.delete(p.channel);
    port.postMessage({ kind: 'cancel', id } satisfies ToWorker);
    p.reject(new Superseded());
  };

  port.onmessage = (event: MessageEvent) => {
    const m = event.data as FromWorker;
    const p = pending.get(m.id);
    // Superseded or cancelled: whatever the worker still sends for it is stale.
    if (!p) return;
    if (m.kind === 'progress') {
      p.onProgress?.(m.value);
      return;
    }
    pending.delete(m.id);
    if (p.channel !== undefined && latestByChannel.get(p.channel) === m.id) latestByChannel.delete(p.channel);
    if (m.kind === 'result') p.resolve(m.value);
    else if (m.kind === 'error') p.reject(new Error(m.message));
    else p.reject(new Superseded());
  };

  return {
    call: (method, args, options = {}) => {
      const id = nextId++;
      const { channel, onProgress } = options;
      if (channel !== undefined) {
        const older = latestByChannel.get(channel);
        if (older !== undefined) drop(older);
        latestByChannel.set(channel, id);
      }
      const promise = new Promise<never>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: onProgress as ((p: unknown) => void) | undefined, channel });
      });
      port.postMessage({ kind: 'call', id, method, args } satisfies ToWorker);
      return promise;
    },
    cancel: (channel) => {
      const id = latestByChannel.get(channel);
      if (id !== undefined) drop(id);
    },
    fail: (error) => {
      const all = [...pending.values()];
      pending.clear();
      latestByChannel.clear();
      for (const p of all) p.reject(error);
    },
  };
}

/** What a handler gets besides its argument. */
export interface CallContext<P = unknown> {
  /** Yield to the message queue, then throw if this call was cancelled meanwhile. */
  checkpoint: () => Promise<void>;
  progress: (value: P) => void;
}

export type RpcHandlers<Api extends RpcApi<Api>> = {
  [M in keyof Api]: (args: Api[M]['args'], ctx: CallContext<Api[M]['progress']>) => Api[M]['result'] | Promise<Api[M]['result']>;
};

class Cancelled extends Error {}

/** One macrotask: lets the worker read messages queued meanwhile (a MessageChannel is not clamped like setTimeout). */
export function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

export function serveRpc<Api extends RpcApi<Api>>(port: Port, handlers: RpcHandlers<Api>, yieldTask: () => Promise<void> = yieldToMessages): void {
  const running = new Set<number>();
  const cancelled = new Set<number>();
  const run = async (id: number, method: string, args: unknown) => {
    running.add(id);
    const post = (m: FromWorker) => port.postMessage(m);
    const handler = (handlers as Record<string, (a: unknown, c: CallContext) => unknown>)[method];
    const ctx: CallContext = {
      checkpoint: async () => {
        await yieldTask();
        if (cancelled.has(id)) throw new Cancelled();
      },
      progress: (value) => post({ kind: 'progress', id, value }),
    };
    try {
      if (!handler) throw new Error(`unknown method ${method}`);
      const value = await handler(args, ctx);
      post(cancelled.has(id) ? { kind: 'cancelled', id } : { kind: 'result', id, value });
    } catch (e) {
      if (e instanceof Cancelled) post({ kind: 'cancelled', id });
      // Handlers report problems in their results; a throw is a bug, passed on as such.
      else post({ kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
    } finally {
      running.delete(id);
      cancelled.delete(id);
    }
  };
  port.onmessage = (event: MessageEvent) => {
    const m = event.data as ToWorker;
    if (m.kind === 'cancel') {
      // A cancel for a call that already answered is moot (the client drops that answer).
      if (running.has(m.id)) cancelled.add(m.id);
    } else void run(m.id, m.method, m.args);
  };
}
