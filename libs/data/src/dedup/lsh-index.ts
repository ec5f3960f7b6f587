import { estimateJaccard, mix32 } from './minhash';

export interface LshParams {
  bands: number;
  rows: number;
}

function integrate(f: (s: number) => number, a: number, b: number): number {
  const steps = 200;
  const dx = (b - a) / steps;
  let area = 0;
  for (let i = 0; i < steps; i++) area += f(a + (i + 0.5) * dx) * dx;
  return area;
}

/**
 * Bands and rows that minimise the weighted area of false positives below the threshold plus
 * false negatives above it (datasketch's method). Candidates are confirmed against the stored
 * signatures, so a false positive costs one signature comparison while a false negative keeps
 * a duplicate: misses weigh 0.9. At threshold 0.8 and 128 permutations that gives 14 bands of
 * 9 rows, finding a pair of similarity 0.9 with probability 0.999 (equal weights: 0.90).
 */
export function optimalLshParams(
  threshold: number,
  numPerm: number,
  falseNegativeWeight = 0.9,
): LshParams {
  let best: LshParams = { bands: 1, rows: numPerm };
  let bestError = Infinity;
  for (let bands = 1; bands <= numPerm; bands++) {
    const rows = Math.floor(numPerm / bands);
    const p = (s: number): number => 1 - Math.pow(1 - Math.pow(s, rows), bands);
    const error =
      (1 - falseNegativeWeight) * integrate(p, 0, threshold) +
      falseNegativeWeight * integrate((s) => 1 - p(s), threshold, 1);
    if (error < bestError) {
      bestError = error;
      best = { bands, rows };
    }
  }
  return best;
}

/**
 * Locality-sensitive hashing over MinHash signatures. Memory per kept document: its signature
 * (4 bytes x numPerm, in growing pooled blocks) and one small-integer key per band; keys are
 * 30-bit hashes so V8 keeps them unboxed in the maps.
 */
export class LshIndex {
  readonly params: LshParams;
  private readonly buckets: Map<number, number | number[]>[];
  private readonly blocks: Uint32Array[] = [];
  private readonly blockSize = 4096;
  private size = 0;

  constructor(
    private readonly numPerm: number,
    private readonly threshold: number,
  ) {
    this.params = optimalLshParams(threshold, numPerm);
    this.buckets = Array.from(
      { length: this.params.bands },
      () => new Map<number, number | number[]>(),
    );
  }

  get count(): number {
    return this.size;
  }

  private signatureOf(id: number): Uint32Array {
    const block = this.blocks[Math.floor(id / this.blockSize)];
    const offset = (id % this.blockSize) * this.numPerm;
    return block.subarray(offset, offset + this.numPerm);
  }

  private bandKey(sig: Uint32Array, band: number): number {
    const { rows } = this.params;
    let h = band;
    for (let r = band * rows; r < (band + 1) * rows; r++) h = mix32(h ^ (sig[r] ?? 0)) + r;
    return mix32(h) & 0x3fffffff;
  }

  /**
   * Returns the id of an earlier document whose estimated Jaccard similarity reaches the
   * threshold, with that similarity; otherwise stores `sig` and returns its new id.
   */
  query(sig: Uint32Array): { duplicateOf: number; similarity: number } | { id: number } {
    const keys: number[] = [];
    const checked = new Set<number>();
    for (let band = 0; band < this.params.bands; band++) {
      const key = this.bandKey(sig, band);
      keys.push(key);
      const hit = this.buckets[band].get(key);
      if (hit === undefined) continue;
      for (const id of typeof hit === 'number' ? [hit] : hit) {
        if (checked.has(id)) continue;
        checked.add(id);
        const similarity = estimateJaccard(sig, this.signatureOf(id));
        if (similarity >= this.threshold) return { duplicateOf: id, similarity };
      }
    }
    const id = this.size++;
    if (id % this.blockSize === 0) this.blocks.push(new Uint32Array(this.blockSize * this.numPerm));
    this.signatureOf(id).set(sig);
    keys.forEach((key, band) => {
      const bucket = this.buckets[band];
      const hit = bucket.get(key);
      if (hit === undefined) bucket.set(key, id);
      else if (typeof hit === 'number') bucket.set(key, [hit, id]);
      else hit.push(id);
    });
    return { id };
  }
}
