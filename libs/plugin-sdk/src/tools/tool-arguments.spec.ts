import { describe, expect, it } from 'vitest';
import { numberArg, numberSchema, roundHalfUp } from './tool-arguments';

describe('tool argument helpers', () => {
  it('round half away from zero on the decimal value', () => {
    expect(roundHalfUp(1.005)).toBe(1.01);
    expect(roundHalfUp(-1.005)).toBe(-1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
  });

  it('check a number against the bounds its schema states, naming the argument', () => {
    const bounds = { exclusiveMinimum: 0, maximum: 300 };
    expect(numberArg({ kg: 70 }, 'kg', bounds)).toBe(70);
    expect(() => numberArg({ kg: 0 }, 'kg', bounds)).toThrow('kg must be greater than 0');
    expect(() => numberArg({ kg: 301 }, 'kg', bounds)).toThrow('kg must be at most 300');
    expect(() => numberArg({ n: 1.5 }, 'n', { integer: true })).toThrow('n must be an integer');
    expect(() => numberArg({}, 'kg', bounds)).toThrow('kg must be a finite number');
    expect(numberArg({}, 'n', {}, 12)).toBe(12);
    expect(numberSchema({ minimum: 1, integer: true }, 'months')).toEqual({
      type: 'integer',
      minimum: 1,
      description: 'months',
    });
  });
});
