/**
 * A value computed in the analysis worker for a given input, with the main-thread fallback where
 * there is no worker (jsdom tests): the newest result and the input it belongs to, or null until
 * the first arrives. A result for an input that was replaced meanwhile is dropped (and the RPC
 * channel has already told the worker to stop computing it).
 */
import { useEffect, useMemo, useState } from 'react';
import { isSuperseded } from '../workers/rpc';

export interface OffThreadResult<I, T> {
  value: T;
  /** The input this value was computed for (may be older than the current one while a newer is computed). */
  input: I;
}

export function useOffThread<I, T>(input: I, remote: ((input: I) => Promise<T>) | null, local: (input: I) => T): OffThreadResult<I, T> | null {
  const localResult = useMemo(() => (remote ? null : { value: local(input), input }), [input, remote, local]);
  const [result, setResult] = useState<OffThreadResult<I, T> | { error: Error } | null>(null);
  useEffect(() => {
    if (!remote) return;
    let current = true;
    remote(input).then(
      (value) => {
        if (current) setResult({ value, input });
      },
      (e: unknown) => {
        if (current && !isSuperseded(e)) setResult({ error: e instanceof Error ? e : new Error(String(e)) });
      },
    );
    return () => {
      current = false;
    };
  }, [input, remote]);
  if (!remote) return localResult;
  // A worker bug: the output boundary says so, as it does for an engine error on the main thread.
  if (result && 'error' in result) throw result.error;
  return result;
}
