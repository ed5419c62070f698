/**
 * Renders `children` only after the browser has painted once, so the first frame carries the
 * numbers (the headline tiles) and nothing else competes with them: input panels, the settings
 * list, the charts' drawing, the export panel and the DynamoDB planner follow a frame later.
 */
import { createContext, startTransition, useContext, useEffect, useState, type ReactNode } from 'react';

/** True when the page has painted already and content must render at once (the printout, rendered on `beforeprint`). */
export const PaintedContext = createContext(false);

export function AfterFirstPaint({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const painted = useContext(PaintedContext);
  const [ready, setReady] = useState(painted);
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
