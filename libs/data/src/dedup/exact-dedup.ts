import { createHash } from 'node:crypto';

/**
 * Exact duplicates by a hash of the normalised record. 128 bits of SHA-256 kept as a base64
 * string: about 70 bytes a record in a Set, and no realistic chance of a false match.
 */
export class ExactDeduper {
  private readonly seen = new Map<string, number>();

  /** The line of the first copy when `canonical` was seen before; else remembers it. */
  check(canonical: string, line: number): number | undefined {
    const key = createHash('sha256').update(canonical).digest('base64').slice(0, 22);
    const first = this.seen.get(key);
    if (first !== undefined) return first;
    this.seen.set(key, line);
    return undefined;
  }
}
