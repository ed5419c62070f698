/**
 * Undo / redo / copy link, and the banner that says what a link lost. In the entry chunk (small):
 * the codec itself loads on demand.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useHistory } from '../../state/history';
import { useLinkStatus } from './link-status';
import { flushUrl } from './url-sync';
import './share.css';

/** Typing targets keep the browser's own undo (text in a field), so the plan undo stays out of the way. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file'].includes(target.type);
  return false;
}

function useUndoShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextEntry(e.target)) return;
      const key = e.key.toLowerCase();
      const h = useHistory.getState();
      if (key === 'z' && !e.shiftKey) h.undo();
      else if ((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey)) h.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function LinkBanner() {
  const problems = useLinkStatus((s) => s.problems);
  const dismiss = useLinkStatus((s) => s.dismiss);
  const outcome = useLinkStatus((s) => s.outcome);
  if (problems.length === 0) return null;
  return (
    <div className="link-banner" role="alert" data-testid="link-banner">
      <p>
        {outcome === 'partial' ? (
          <>
            <strong>The link could not be opened exactly.</strong> What could be read is loaded (undo returns to the plan you had); these parts fell back to the defaults:
          </>
        ) : outcome === 'kept' ? (
          <>
            <strong>Nothing in the link could be used.</strong> The plan you had is still open, with its undo history:
          </>
        ) : (
          <>
            <strong>Nothing in the link could be used.</strong> The default plan is open:
          </>
        )}
      </p>
      <ul>
        {problems.slice(0, 12).map((p, i) => (
          <li key={i}>
            <code>{p.field}</code>: {p.message}
          </li>
        ))}
        {problems.length > 12 ? <li>…and {problems.length - 12} more</li> : null}
      </ul>
      <button type="button" className="btn" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

function CopyLink() {
  const [link, setLink] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const copy = async () => {
    const url = await flushUrl();
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setNote('Link copied.');
    } catch {
      setNote('Copy the selected link (the clipboard is not available here).');
    }
  };
  useEffect(() => {
    if (link !== null) field.current?.select();
  }, [link]);
  return (
    <div className="copy-link">
      <button type="button" className="btn" onClick={() => void copy()} data-testid="copy-link">
        Copy link
      </button>
      {link !== null ? (
        <>
          <label htmlFor={id} className="visually-hidden">
            Share link
          </label>
          <input id={id} ref={field} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" size={28} />
          <span role="status" className="copy-note">
            {note}
          </span>
        </>
      ) : null}
    </div>
  );
}

export function ShareToolbar() {
  useUndoShortcuts();
  const canUndo = useHistory((s) => s.past.length > 0);
  const canRedo = useHistory((s) => s.future.length > 0);
  const undo = useHistory((s) => s.undo);
  const redo = useHistory((s) => s.redo);
  return (
    <>
      <div className="share-toolbar" role="toolbar" aria-label="Plan history and sharing">
        <button type="button" className="btn" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z" title="Undo (Ctrl/⌘+Z)" data-testid="undo">
          Undo
        </button>
        <button type="button" className="btn" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y" title="Redo (Ctrl/⌘+Shift+Z)" data-testid="redo">
          Redo
        </button>
        <CopyLink />
      </div>
      <LinkBanner />
    </>
  );
}
