/**
 * The text of an input bound to one plan value — every number field and every free-text field.
 * What the user typed stays on screen, valid or not, with its error; the plan keeps its last valid
 * value; when the value changes from elsewhere (undo, a preset, an opened link, a reload of the
 * same value) the field shows it and drops the error.
 */
import { useState } from 'react';

/** What `apply` did with the typed text: committed `value` (as it is now stored), or a message to show. */
export type EditResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface EditedTextOptions<T> {
  /** The text shown for a stored value (default String). */
  show?: (stored: T) => string;
  /** Changes when the plan is replaced as a whole (loads), so invalid text is dropped even if the value is the same. */
  resetKey?: unknown;
}

export function useEditedText<T>(stored: T, apply: (raw: string) => EditResult<T>, { show = String, resetKey }: EditedTextOptions<T> = {}) {
  const [text, setText] = useState(() => show(stored));
  // The stored value the text stands for: "1e3" and "1000" both stand for 1000, so a commit does
  // not rewrite what the user is typing; only a change from elsewhere does.
  const [seen, setSeen] = useState(stored);
  const [seenKey, setSeenKey] = useState(resetKey);
  const [error, setError] = useState<string | null>(null);
  if (!Object.is(stored, seen) || !Object.is(resetKey, seenKey)) {
    setSeen(stored);
    setSeenKey(resetKey);
    setText(show(stored));
    setError(null);
  }
  const onChange = (raw: string) => {
    setText(raw);
    const r = apply(raw);
    if (r.ok) {
      setSeen(r.value);
      setError(null);
    } else setError(r.message);
  };
  return { text, error, onChange };
}
