import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSubmit } from './use-submit';

describe('useSubmit', () => {
  it('is busy while the action runs and reports success', async () => {
    const { result } = renderHook(() => useSubmit());
    let finish!: () => void;
    let outcome: Promise<boolean> | undefined;
    act(() => {
      outcome = result.current.run(() => new Promise<void>((resolve) => (finish = resolve)));
    });
    expect(result.current.busy).toBe(true);
    await act(async () => {
      finish();
      expect(await outcome).toBe(true);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
  });

  it('keeps what the action threw and reports failure', async () => {
    const { result } = renderHook(() => useSubmit());
    const problem = new Error('refused');
    await act(async () => {
      expect(await result.current.run(() => Promise.reject(problem))).toBe(false);
    });
    expect(result.current.error).toBe(problem);
    expect(result.current.busy).toBe(false);
  });

  it('clears an earlier error when the next action starts', async () => {
    const { result } = renderHook(() => useSubmit());
    act(() => result.current.setError(new Error('name is required')));
    expect(result.current.error).toBeInstanceOf(Error);
    let finish!: () => void;
    let outcome: Promise<boolean> | undefined;
    act(() => {
      outcome = result.current.run(() => new Promise<void>((resolve) => (finish = resolve)));
    });
    expect(result.current.error).toBeNull();
    await act(async () => {
      finish();
      await outcome;
    });
  });
});
