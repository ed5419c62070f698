/**
 * The supersede/cancel rules of the worker RPC (./rpc.ts): a newer call on a channel replaces the
 * older one, whose answer — whenever it comes — never reaches the caller; the worker stops a
 * replaced call at its next checkpoint.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRpcClient, isSuperseded, serveRpc, type Port } from './rpc';

/** A hand-driven port: the test plays the worker, reading what the client sent and answering. */
function fakeWorker() {
  const sent: { kind: string; id: number; method?: string; args?: unknown }[] = [];
  const port: Port = { onmessage: null, postMessage: (m) => sent.push(m as (typeof sent)[number]) };
  const answer = (m: unknown) => port.onmessage?.({ data: m } as MessageEvent);
  return { port, sent, answer };
}

const outcome = <T,>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ superseded: isSuperseded(error), error }),
  );

type Api = { square: { args: number; result: number } };

describe('RPC client', () => {
  it('drops a stale answer: the older call on a channel is superseded and its late result is never delivered', async () => {
    const w = fakeWorker();
    const client = createRpcClient<Api>(w.port);
    const older = outcome(client.call('square', 2, { channel: 'settled' }));
    const newer = outcome(client.call('square', 3, { channel: 'settled' }));
    const [a, b] = w.sent.filter((m) => m.kind === 'call');
    // The worker is told to stop the older call.
    expect(w.sent).toContainEqual({ kind: 'cancel', id: a?.id });
    // Its answer arrives anyway (it was already on its way), after the newer one's.
    w.answer({ kind: 'result', id: b?.id, value: 9 });
    w.answer({ kind: 'result', id: a?.id, value: 4 });
    expect(await newer).toEqual({ value: 9 });
    expect(await older).toMatchObject({ superseded: true });
  });

  it('drops a stale answer that arrives before the newer one', async () => {
    const w = fakeWorker();
    const client = createRpcClient<Api>(w.port);
    const older = outcome(client.call('square', 2, { channel: 'c' }));
    const newer = outcome(client.call('square', 3, { channel: 'c' }));
    const [a, b] = w.sent.filter((m) => m.kind === 'call');
    w.answer({ kind: 'result', id: a?.id, value: 4 });
    let settled = false;
    void newer.then(() => (settled = true));
    await Promise.resolve();
    // The stale answer did not resolve the newer call.
    expect(settled).toBe(false);
    w.answer({ kind: 'result', id: b?.id, value: 9 });
    expect(await newer).toEqual({ value: 9 });
    expect(await older).toMatchObject({ superseded: true });
  });

  it('keeps calls on different channels (and without one) independent', async () => {
    const w = fakeWorker();
    const client = createRpcClient<Api>(w.port);
    const curves = outcome(client.call('square', 2, { channel: 'curves' }));
    const settled = outcome(client.call('square', 3, { channel: 'settled' }));
    const free = outcome(client.call('square', 4));
    const ids = w.sent.filter((m) => m.kind === 'call').map((m) => m.id);
    expect(w.sent.some((m) => m.kind === 'cancel')).toBe(false);
    ids.forEach((id, i) => w.answer({ kind: 'result', id, value: (i + 2) ** 2 }));
    expect(await Promise.all([curves, settled, free])).toEqual([{ value: 4 }, { value: 9 }, { value: 16 }]);
  });

  it('cancel() and fail() reject what is pending; a worker error is an error, not a supersede', async () => {
    const w = fakeWorker();
    const client = createRpcClient<Api>(w.port);
    const cancelled = outcome(client.call('square', 2, { channel: 'x' }));
    client.cancel('x');
    expect(await cancelled).toMatchObject({ superseded: true });
    const failing = outcome(client.call('square', 3));
    const id = w.sent.filter((m) => m.kind === 'call').at(-1)?.id;
    w.answer({ kind: 'error', id, message: 'boom' });
    const r = await failing;
    expect(r).toMatchObject({ superseded: false });
    expect((r as { error: Error }).error.message).toBe('boom');
    const dead = outcome(client.call('square', 4));
    client.fail(new Error('worker gone'));
    expect(((await dead) as { error: Error }).error.message).toBe('worker gone');
  });
});

describe('RPC over a MessageChannel (client and server together)', () => {
  const open: MessagePort[] = [];
  afterEach(() => open.splice(0).forEach((p) => p.close()));

  function connect<A extends Record<keyof A, { args: unknown; result: unknown; progress?: unknown }>>(handlers: Parameters<typeof serveRpc<A>>[1]) {
    const ch = new MessageChannel();
    open.push(ch.port1, ch.port2);
    serveRpc<A>(ch.port2 as unknown as Port, handlers);
    return createRpcClient<A>(ch.port1 as unknown as Port);
  }

  it('stops a superseded call at its next checkpoint, and answers the newer one', async () => {
    type Steps = { steps: { args: { n: number; tag: string }; result: string[] } };
    const done: string[] = [];
    // The older call waits after its first step until the newer one has started, so it cannot
    // finish first however the machine schedules timers (a 5 ms sleep did not hold on a busy CI).
    let release = () => {};
    const newerStarted = new Promise<void>((r) => (release = r));
    let olderStarted = () => {};
    const olderRunning = new Promise<void>((r) => (olderStarted = r));
    const client = connect<Steps>({
      steps: async ({ n, tag }, ctx) => {
        for (let i = 0; i < n; i++) {
          await ctx.checkpoint();
          done.push(`${tag}${i}`);
          if (tag === 'a' && i === 0) {
            olderStarted();
            await newerStarted;
          }
          if (tag === 'b' && i === 0) release();
        }
        return done.filter((d) => d.startsWith(tag));
      },
    });
    const older = outcome(client.call('steps', { n: 50, tag: 'a' }, { channel: 'plan' }));
    await olderRunning;
    const newer = outcome(client.call('steps', { n: 3, tag: 'b' }, { channel: 'plan' }));
    expect(await newer).toEqual({ value: ['b0', 'b1', 'b2'] });
    expect(await older).toMatchObject({ superseded: true });
    // The worker gave up on the older call at its next checkpoint: one step, not 50.
    await new Promise((r) => setTimeout(r, 20));
    expect(done.filter((d) => d.startsWith('a'))).toEqual(['a0']);
  });

  it('sends progress, then the result; a throw in a handler is an error', async () => {
    type Api2 = { count: { args: number; result: number; progress: number }; bad: { args: null; result: null } };
    const client = connect<Api2>({
      count: (n, ctx) => {
        for (let i = 1; i <= n; i++) ctx.progress(i / n);
        return n;
      },
      bad: () => {
        throw new RangeError('servers must be at most 64');
      },
    });
    const seen: number[] = [];
    expect(await client.call('count', 4, { onProgress: (p) => seen.push(p) })).toBe(4);
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
    await expect(client.call('bad', null)).rejects.toThrow('servers must be at most 64');
  });
});
