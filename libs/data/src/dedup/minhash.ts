/**
 * MinHash signatures by one-permutation hashing with optimal densification (Li, Owen and
 * Zhang 2012; Shrivastava 2017): each shingle is hashed once and falls into one of `numPerm`
 * bins that keep their minimum, and empty bins borrow from a bin chosen by a fixed hash
 * sequence. The collision probability per bin is the Jaccard similarity, as with classic
 * MinHash, at O(shingles + numPerm) instead of O(shingles x numPerm) — the difference between
 * a few MB/s and tens of MB/s on long documents.
 *
 * Shingles are `shingleSize` characters of the text lowercased, with every run of
 * non-alphanumeric characters reduced to one space: character shingles work the same for
 * Chinese, which has no spaces, and for English.
 */
export interface MinHashOptions {
  numPerm: number;
  shingleSize: number;
}

const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const EMPTY_BIN = 0xffffffff;

/** murmur3's 32-bit finaliser: a cheap, well-mixed hash of a 32-bit integer. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function shingleText(text: string): string {
  return text.toLowerCase().replace(SEPARATORS, ' ').trim();
}

export class MinHasher {
  private readonly bins: Uint32Array;
  private readonly power: number;

  constructor(readonly options: MinHashOptions) {
    this.bins = new Uint32Array(options.numPerm);
    let p = 1;
    for (let i = 0; i < options.shingleSize - 1; i++) p = Math.imul(p, 31);
    this.power = p;
  }

  /** The signature of `text`; a fresh array the caller may keep. */
  signature(text: string): Uint32Array {
    const { numPerm, shingleSize } = this.options;
    const bins = this.bins;
    bins.fill(EMPTY_BIN);
    let filled = 0;
    const add = (h: number): void => {
      const mixed = mix32(h);
      // High bits pick the bin, the whole value competes for its minimum.
      const bin = Math.floor((mixed / 0x100000000) * numPerm);
      const current = bins[bin] ?? EMPTY_BIN;
      if (current === EMPTY_BIN) filled++;
      if (mixed < current) bins[bin] = mixed;
    };
    // Rolling polynomial hash over the shingle text (see `shingleText`) produced on the fly:
    // lowercased, runs of separators as one space, no leading or trailing space.
    const window = new Uint16Array(shingleSize);
    let length = 0;
    let h = 0;
    let pendingSpace = false;
    const push = (code: number): void => {
      const out = window[length % shingleSize] ?? 0;
      window[length % shingleSize] = code;
      h = length >= shingleSize ? Math.imul(h - Math.imul(out, this.power), 31) : Math.imul(h, 31);
      h = (h + code) | 0;
      length++;
      if (length >= shingleSize) add(h);
    };
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      let word: boolean;
      if (c < 0x80) {
        if (c >= 0x41 && c <= 0x5a) c += 0x20;
        word = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
      } else if (c >= 0x4e00 && c <= 0x9fff) {
        word = true;
      } else if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f)) {
        word = false;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        // A supplementary character (rare CJK, emoji): hashed as its two code units.
        if (WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i) ?? c))) {
          if (pendingSpace) push(0x20);
          pendingSpace = false;
          push(c);
          push(text.charCodeAt(i + 1));
        } else {
          pendingSpace = length > 0;
        }
        i++;
        continue;
      } else {
        const ch = text[i] ?? '';
        word = WORD_CHAR.test(ch);
        if (word) c = ch.toLowerCase().charCodeAt(0);
      }
      if (!word) {
        pendingSpace = length > 0;
        continue;
      }
      if (pendingSpace) push(0x20);
      pendingSpace = false;
      push(c);
    }
    if (length > 0 && length < shingleSize) add(h);
    const out = new Uint32Array(numPerm);
    if (filled === 0) return out;
    for (let i = 0; i < numPerm; i++) {
      let v = bins[i] ?? EMPTY_BIN;
      // Densification: the same probe sequence for every document keeps signatures comparable.
      for (let attempt = 1; v === EMPTY_BIN; attempt++) {
        const probe =
          mix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x7feb352d)) % numPerm;
        v = bins[probe] ?? EMPTY_BIN;
      }
      out[i] = v;
    }
    return out;
  }
}

/** Share of equal positions: an estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return n === 0 ? 0 : same / n;
}
