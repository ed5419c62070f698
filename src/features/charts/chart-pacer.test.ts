import { describe, expect, it } from 'vitest';
import { manualTimers } from '../../state/testing/manual-timers';
import { createChartPacer } from './chart-pacer';

const OPTIONS = { quietMs: 60, heldQuietMs: 300, staleQuietMs: 300, turnTimeoutMs: 1000 };

/** A pacer with two "charts" that record when their turn started and hold it until `finish`. */
function setup() {
  const clock = manualTimers();
  const pacer = createChartPacer(OPTIONS, clock.api);
  const log: string[] = [];
  const done = new Map<string, () => void>();
  const ask = (name: string, isStale?: () => boolean) =>
    pacer.request((finish) => {
      log.push(name);
      done.set(name, finish);
    }, isStale);
  return { clock, pacer, log, done, ask };
}

describe('chart pacer', () => {
  it('starts nothing while the input keeps moving, then one turn for the latest request', () => {
    const { clock, pacer, log, ask } = setup();
    // Ten moves 40 ms apart; after each, the chart replaces its request with the newest result's.
    let cancel: (() => void) | null = null;
    for (let i = 0; i < 10; i++) {
      pacer.moved();
      cancel?.();
      cancel = ask(`result ${i}`);
      clock.advance(40);
    }
    expect(log).toEqual([]);
    // 60 ms after the last move (20 ms after the 40 above).
    clock.advance(19);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['result 9']);
  });

  it('gives one chart the turn at a time, the next after the paint that follows the first one\'s commit', () => {
    const { clock, log, done, ask } = setup();
    ask('latency');
    ask('throughput');
    expect(log).toEqual(['latency']);
    clock.advance(500);
    clock.paint();
    expect(log).toEqual(['latency']);
    done.get('latency')!();
    expect(log).toEqual(['latency']);
    clock.paint();
    expect(log).toEqual(['latency', 'throughput']);
  });

  it('waits the longer quiet period while a pointer is held, and the short one once it is released', () => {
    const { clock, pacer, log, ask } = setup();
    pacer.held(true);
    pacer.moved();
    ask('latency');
    clock.advance(100);
    expect(log).toEqual([]);
    // Released 100 ms after the last move: past the 60 ms quiet period, so in the next task (not
    // inside the pointerup event, where React would render the redraw synchronously).
    pacer.held(false);
    expect(log).toEqual([]);
    clock.advance(0);
    expect(log).toEqual(['latency']);
  });

  it('a drag held still for the long quiet period redraws mid-drag', () => {
    const { clock, pacer, log, ask } = setup();
    pacer.held(true);
    pacer.moved();
    ask('latency');
    clock.advance(299);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['latency']);
  });

  it('a value for an older plan waits for the newer result, up to the stale period', () => {
    const { clock, pacer, log, done, ask } = setup();
    let livePlan = 'final';
    pacer.moved();
    const cancel = ask('intermediate', () => livePlan !== 'intermediate');
    clock.advance(100);
    expect(log).toEqual([]);
    // The final plan's result arrives and replaces the request: it is current, so it starts at once.
    cancel();
    ask('final', () => livePlan !== 'final');
    expect(log).toEqual(['final']);
    done.get('final')!();
    // A stale value whose newer result never comes still draws, 300 ms after the last move.
    livePlan = 'later';
    pacer.moved();
    ask('stuck', () => livePlan !== 'stuck');
    clock.paint();
    clock.advance(299);
    expect(log).toEqual(['final']);
    clock.advance(1);
    expect(log).toEqual(['final', 'stuck']);
  });

  it('a withdrawn request never starts, and cancelling the turn held passes it on after a paint', () => {
    const { clock, pacer, log, ask } = setup();
    pacer.moved();
    const withdrawOld = ask('old');
    const cancelLatency = ask('latency');
    ask('throughput');
    withdrawOld();
    clock.advance(60);
    expect(log).toEqual(['latency']);
    // The latency chart got a newer value or unmounted (its effect cleanup cancels): its turn ends.
    cancelLatency();
    expect(log).toEqual(['latency']);
    clock.paint();
    expect(log).toEqual(['latency', 'throughput']);
  });

  it('a turn whose chart never commits ends after the timeout', () => {
    const { clock, log, ask } = setup();
    ask('latency');
    ask('throughput');
    clock.advance(999);
    clock.paint();
    expect(log).toEqual(['latency']);
    clock.advance(1);
    clock.paint();
    expect(log).toEqual(['latency', 'throughput']);
  });
});
