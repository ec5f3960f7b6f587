// Helpers for tool handlers: numeric arguments checked against their schema bounds, and exact
// rounding of results.
/** Bounds of a numeric tool argument, as its JSON Schema states them. */
export interface NumberBounds {
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  integer?: boolean;
}

/**
 * Reads a numeric argument and checks it against the bounds its schema declares. The host
 * validates arguments before a call; checking again keeps a handler safe when called another way.
 */
export function numberArg(
  args: Record<string, unknown>,
  name: string,
  bounds: NumberBounds,
  fallback?: number,
): number {
  const value = args[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${name} must be a finite number`);
  }
  if (bounds.integer && !Number.isInteger(value)) throw new Error(`${name} must be an integer`);
  if (bounds.minimum !== undefined && value < bounds.minimum) {
    throw new Error(`${name} must be at least ${bounds.minimum}`);
  }
  if (bounds.exclusiveMinimum !== undefined && value <= bounds.exclusiveMinimum) {
    throw new Error(`${name} must be greater than ${bounds.exclusiveMinimum}`);
  }
  if (bounds.maximum !== undefined && value > bounds.maximum) {
    throw new Error(`${name} must be at most ${bounds.maximum}`);
  }
  return value;
}

/** The JSON Schema of a number with these bounds. */
export function numberSchema(bounds: NumberBounds, description: string): Record<string, unknown> {
  const { integer, ...limits } = bounds;
  return { type: integer ? 'integer' : 'number', ...limits, description };
}

/**
 * Rounds half away from zero at `decimals` places on the number's shortest decimal form, so
 * 1.005 rounds to 1.01 (binary floating point would make it 1.00).
 */
export function roundHalfUp(value: number, decimals = 2): number {
  const text = String(Math.abs(value));
  if (text.includes('e')) {
    const factor = 10 ** decimals;
    return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  }
  const shifted = Math.round(Number(`${text}e${decimals}`));
  const rounded = Number(`${shifted}e-${decimals}`);
  return value < 0 ? -rounded : rounded;
}
