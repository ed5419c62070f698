/**
 * "A new version is ready — Reload": a polite status line at the foot of the window, shown when
 * the service worker has installed a new version (./register-sw.ts). It never blocks the page and
 * never reloads by itself; "Later" hides it (the new version then starts on the next visit).
 */
import { useEffect, useState } from 'react';
import { registerServiceWorker } from './register-sw';

export function UpdateNotice() {
  const [apply, setApply] = useState<(() => void) | null>(null);
  useEffect(() => registerServiceWorker((applyAndReload) => setApply(() => applyAndReload)), []);
  // The live region is in the page from the start, so screen readers announce the text when it appears.
  return (
    <div className="update-notice" role="status" data-testid="update-notice">
      {apply ? (
        <div className="update-notice-box">
          <span>A new version of Headroom is ready.</span>
          <button type="button" className="btn" onClick={apply}>
            Reload
          </button>
          <button type="button" className="btn" onClick={() => setApply(null)}>
            Later
          </button>
        </div>
      ) : null}
    </div>
  );
}

export default UpdateNotice;
