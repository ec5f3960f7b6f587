/** First and last code point of the Unicode private use area the escapes are drawn from. */
const PRIVATE_USE_FIRST = 0xe000;
const PRIVATE_USE_LAST = 0xf8ff;

/**
 * Hides special-token strings that a user typed (`<|im_end|>`, `</s>`) from the chat template's
 * tokenisation: each becomes one private-use character, absent from every text it is given, so
 * that after rendering only the template's own markers are special, and `unescape` turns the user's
 * back into text. One character per string keeps what the template does to the content (trim,
 * concatenation) the same as on the original.
 */
export class SpecialTextEscaper {
  private readonly escapes = new Map<string, string>();
  private readonly originals = new Map<string, string>();
  private readonly pattern?: RegExp;
  private readonly escaped?: RegExp;

  /** `specials`: the special-token strings; `texts`: everything that will be rendered. */
  constructor(specials: readonly string[], texts: readonly string[]) {
    const used = new Set<number>();
    for (const text of texts)
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        if (cp >= PRIVATE_USE_FIRST && cp <= PRIVATE_USE_LAST) used.add(cp);
      }
    let next = PRIVATE_USE_FIRST;
    for (const special of specials) {
      if (this.escapes.has(special)) continue;
      while (used.has(next)) next++;
      if (next > PRIVATE_USE_LAST) throw new Error('no free private-use character to escape with');
      const ch = String.fromCodePoint(next++);
      this.escapes.set(special, ch);
      this.originals.set(ch, special);
    }
    if (specials.length) {
      this.pattern = alternation(specials);
      this.escaped = new RegExp(`[${[...this.originals.keys()].join('')}]`, 'gu');
    }
  }

  escape(text: string): string {
    return this.pattern ? text.replace(this.pattern, (s) => this.escapes.get(s)!) : text;
  }

  unescape(text: string): string {
    return this.escaped ? text.replace(this.escaped, (ch) => this.originals.get(ch)!) : text;
  }
}

/** A global regex matching any of the strings, the longest where several start at one place. */
export function alternation(strings: readonly string[]): RegExp {
  const sorted = [...new Set(strings)].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}
