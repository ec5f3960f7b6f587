import { useCallback, useState } from 'react';

/** State of a form or confirmation whose submission can fail: see {@link useSubmit}. */
export interface Submit {
  /** True while an action started by `run` is in flight. */
  busy: boolean;
  /** What the last action threw (or what `setError` set); null after a fresh start. */
  error: unknown;
  /** Sets the error by hand, for a problem found before anything is sent. */
  setError: (error: unknown) => void;
  /** Clears the error, runs `action` while `busy`, keeps what it throws; true when it succeeded. */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}

/** Tracks one submission at a time: whether it is in flight and what it last threw. */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
