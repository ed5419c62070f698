/**
 * The text of a free-text field bound to one plan value. What the user typed stays on screen,
 * valid or not, with its error; the plan keeps its last valid value; when the value changes from
 * elsewhere (undo, a preset, an opened link), the field shows it and drops the error.
 */
import { useState } from 'react';

/** `apply` commits the typed text and returns null, or returns the message to show. */
export function useEditedText(stored: string, apply: (raw: string) => string | null) {
  const [text, setText] = useState(stored);
  const [seen, setSeen] = useState(stored);
  const [error, setError] = useState<string | null>(null);
  if (stored !== seen) {
    setSeen(stored);
    setText(stored);
    setError(null);
  }
  const onChange = (raw: string) => {
    setText(raw);
    const message = apply(raw);
    if (message === null) setSeen(raw);
    setError(message);
  };
  return { text, error, onChange };
}
