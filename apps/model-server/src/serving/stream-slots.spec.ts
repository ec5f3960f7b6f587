import { describe, expect, it } from 'vitest';
import { ServingError } from '../common/serving-error';
import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  it('holds up to the limit per key, refuses beyond it with 429, and takes a slot back once', () => {
    const slots = new StreamSlots(2);
    const first = slots.take('k1');
    slots.take('k1');
    slots.take('k2');
    let refused: unknown;
    try {
      slots.take('k1');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ServingError);
    expect(refused).toMatchObject({
      status: 429,
      code: 'STREAM_LIMIT_REACHED',
      retryAfterSeconds: 1,
    });
    first();
    first();
    expect(slots.held('k1')).toBe(1);
    slots.take('k1');
    expect(slots.held('k1')).toBe(2);
  });

  it('has no limit at 0', () => {
    const slots = new StreamSlots(0);
    for (let i = 0; i < 100; i += 1) slots.take('k');
    expect(slots.held('k')).toBe(100);
  });
});
