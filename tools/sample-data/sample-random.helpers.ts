/** A small seeded generator (mulberry32): the same seed always gives the same sample data. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** `n` distinct items in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }

  shuffle<T>(items: T[]): T[] {
    return this.sample(items, items.length);
  }

  decimal(min: number, max: number, digits: number): string {
    return (min + this.next() * (max - min)).toFixed(digits);
  }
}

export type Slots = Record<string, readonly string[] | ((r: SeededRandom) => string)>;

/** Fills `{slot}` placeholders; each slot is a word list or a generator function. */
export function fill(template: string, slots: Slots, r: SeededRandom): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const slot = slots[name];
    if (slot === undefined) return whole;
    return typeof slot === 'function' ? slot(r) : r.pick(slot);
  });
}
