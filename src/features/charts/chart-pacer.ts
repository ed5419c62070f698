/**
 * When a chart may redraw (issue 16): a Recharts redraw of new curves costs 60–130 ms of main
 * thread at 4× CPU throttling per chart, and it cannot be split (Recharts' store re-renders its
 * subscribers synchronously). So a chart that has new data asks this pacer for a turn, and:
 * - **coalesces while the input moves**: no turn starts until the plan has been still for `quietMs`
 *   (`heldQuietMs` while a pointer is held down: a drag whose moves come 100 ms apart on a slow
 *   machine is still one drag), so a 10-move drag redraws each chart once, with the last result
 *   (the worker keeps computing meanwhile, so that result is usually there when the pause is seen);
 * - **waits for the newest result**: a chart whose value is for an older plan than the live one
 *   (the worker's answer for the final plan is still on its way) waits up to `staleQuietMs` after the
 *   last move for it, instead of drawing an intermediate plan and then the final one;
 * - **one chart per frame**: one chart holds the turn at a time; the next starts after the browser
 *   has painted the frame that showed the first (each redraw is its own task, not one task for both).
 * A turn ends when its holder calls `done` (its chart committed) or cancels, or after `turnTimeoutMs`
 * (a chart that never committed must not block the others).
 */
import type { LaggedTimers } from '../../state/lagged';

export interface ChartPacer {
  /**
   * Queue a turn: `start(done)` runs when it is this request's turn; call `done` when the redraw
   * has committed. The returned cancel withdraws a queued request, or ends the turn it holds.
   */
  request: (start: (done: () => void) => void, isStale?: () => boolean) => () => void;
  /** The input moved (the live plan changed): no turn starts within `quietMs` of this. */
  moved: () => void;
  /** A pointer is held down (true) or released (false). */
  held: (down: boolean) => void;
}

export interface ChartPacerOptions {
  quietMs: number;
  heldQuietMs: number;
  staleQuietMs: number;
  turnTimeoutMs: number;
}

interface Turn {
  start: (done: () => void) => void;
  isStale: () => boolean;
}

export function createChartPacer({ quietMs, heldQuietMs, staleQuietMs, turnTimeoutMs }: ChartPacerOptions, timers: LaggedTimers): ChartPacer {
  const queue: Turn[] = [];
  let holder: Turn | null = null;
  let holderTimer: unknown;
  /** A timer waiting for the quiet period, or the paint between two turns: either way, not yet. */
  let waiting: { cancel: () => void; forQuiet: boolean } | null = null;
  let movedAt = -Infinity;
  let down = false;

  const pump = () => {
    if (holder || waiting || queue.length === 0) return;
    const quiet = Math.max(down ? heldQuietMs : quietMs, queue[0]!.isStale() ? staleQuietMs : 0);
    const waitMs = movedAt + quiet - timers.now();
    if (waitMs > 0) {
      const t = timers.setTimeout(() => {
        waiting = null;
        pump();
      }, waitMs);
      waiting = { cancel: () => timers.clearTimeout(t), forQuiet: true };
      return;
    }
    const turn = queue.shift()!;
    holder = turn;
    holderTimer = timers.setTimeout(() => release(turn), turnTimeoutMs);
    turn.start(() => release(turn));
  };

  /** The queue changed: a quiet-period wait computed for the old head may be too long now. */
  const repump = () => {
    if (waiting?.forQuiet) {
      waiting.cancel();
      waiting = null;
    }
    pump();
  };

  const release = (turn: Turn) => {
    if (holder !== turn) return;
    holder = null;
    timers.clearTimeout(holderTimer);
    // The next chart after the paint that shows this one.
    const cancelPaint = timers.afterPaint(() => {
      waiting = null;
      pump();
    });
    waiting = { cancel: cancelPaint, forQuiet: false };
  };

  return {
    request: (start, isStale = () => false) => {
      const turn: Turn = { start, isStale };
      queue.push(turn);
      repump();
      return () => {
        const i = queue.indexOf(turn);
        if (i >= 0) {
          queue.splice(i, 1);
          repump();
        }
        release(turn);
      };
    },
    moved: () => {
      movedAt = timers.now();
    },
    held: (isDown) => {
      if (down === isDown) return;
      down = isDown;
      // Released: the shorter quiet period may be over already. (Between two turns, the paint decides.)
      // From a task of its own, not inside the pointerup: a redraw started there would render
      // synchronously within the input event (React gives a discrete event's updates the sync lane).
      if (!isDown) timers.setTimeout(repump, 0);
    },
  };
}
