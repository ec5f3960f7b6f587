/** A sentence ends at one of these, or at a line break. */
const SENTENCE_END = /[.!?。！？;；:]/u;
/** Past this many characters without a sentence end, a segment is cut at the last space. */
const MAX_SEGMENT_CHARS = 240;

/**
 * Cuts a streamed text into the segments that `inference.response` hooks see: whole sentences
 * (and lines), so that a rule reading a phrase sees the phrase whole. The host and the test
 * harness cut the same way, so a plugin tested with the harness sees in Alloy what it saw in its tests.
 */
export class ResponseSegmenter {
  private buffer = '';

  /** Adds streamed text; returns the segments it completed, in order. */
  push(text: string): string[] {
    this.buffer += text;
    const segments: string[] = [];
    for (;;) {
      const cut = this.cutPoint();
      if (cut <= 0) break;
      segments.push(this.buffer.slice(0, cut));
      this.buffer = this.buffer.slice(cut);
    }
    return segments;
  }

  /** What is left when the stream ends (possibly ''). */
  flush(): string {
    const rest = this.buffer;
    this.buffer = '';
    return rest;
  }

  /** Where the first complete segment ends, or 0 when none is complete yet. */
  private cutPoint(): number {
    const b = this.buffer;
    // Only the first MAX_SEGMENT_CHARS characters may end a sentence: otherwise a long run without
    // one would be cut at the space or at a later full stop depending on how the text was chunked,
    // and the harness (which pushes a whole text) would cut differently from a token stream.
    const scan = Math.min(b.length, MAX_SEGMENT_CHARS);
    for (let i = 0; i < scan; i++) {
      const ch = b[i];
      if (ch === '\n') return i + 1;
      if (SENTENCE_END.test(ch)) {
        // A sentence ends only when what follows is known: a space (kept with the sentence) or a
        // CJK full stop, which needs none. "3.5" or "e.g" stay whole while the digits stream in.
        if (ch.charCodeAt(0) > 0x2fff) return i + 1;
        const next = b[i + 1];
        if (next === undefined) return 0;
        if (next === ' ' || next === '\n') return i + 2;
      }
    }
    if (b.length > MAX_SEGMENT_CHARS) {
      const space = b.lastIndexOf(' ', MAX_SEGMENT_CHARS);
      return space > 0 ? space + 1 : MAX_SEGMENT_CHARS;
    }
    return 0;
  }
}

/** Cuts a whole text as a stream of it would be cut (the last element may be ''). */
export function segmentText(text: string): string[] {
  const segmenter = new ResponseSegmenter();
  const segments = segmenter.push(text);
  segments.push(segmenter.flush());
  return segments;
}
