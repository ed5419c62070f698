/**
 * Renders `children` only after the browser has painted once, so the first frame carries the
 * numbers (the headline tiles) and nothing else competes with them: input panels, the settings
 * list, the charts' drawing, the export panel and the DynamoDB planner follow a frame later.
 */
import { startTransition, useEffect, useState, type ReactNode } from 'react';

export function AfterFirstPaint({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rAF runs just before the next paint; the timeout after it lands after that paint.
    const raf = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setReady(true)), 0);
    });
    return () => {
      cancelAnimationFrame(raf);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return ready ? children : fallback;
}
