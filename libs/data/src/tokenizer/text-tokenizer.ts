import { countWords } from '../text/text-stats';

/**
 * What the pipeline needs of a tokenizer: the ids of a text, without special tokens. Pass one
 * built from the base model's tokenizer.json (see `loadHfTokenizer`) so token counts match
 * what training will see.
 */
export interface TextTokenizer {
  readonly name?: string;
  encode(text: string): ArrayLike<number>;
}

/** Counts tokens with a tokenizer, or words (one per CJK character) when none is given. */
export interface TokenCounter {
  readonly name: string;
  count(text: string): number;
}

export function createTokenCounter(tokenizer?: TextTokenizer): TokenCounter {
  if (!tokenizer) return { name: 'fallback:words', count: countWords };
  return {
    name: tokenizer.name ?? 'tokenizer',
    count: (text) => (text === '' ? 0 : tokenizer.encode(text).length),
  };
}
