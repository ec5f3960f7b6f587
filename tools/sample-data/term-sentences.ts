import type { DomainTerm } from './domain-spec.types';
import type { SeededRandom } from './sample-random.helpers';

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

type Phrasing = (t: DomainTerm) => string;

/**
 * Ways the corpus states a term's definition and example in English: term to definition,
 * definition to term, term to example and example to term, so that continued pretraining teaches
 * each direction the multiple-choice set asks about.
 */
const EN_PHRASINGS: readonly Phrasing[] = [
  (t) => `${capitalise(t.en)} is ${t.defEn}.`,
  (t) => `${capitalise(t.en)} is ${t.defEn}. For example, ${t.exampleEn}.`,
  (t) => `The term ${t.en} means ${t.defEn}.`,
  (t) => `In plain words, ${t.en} is ${t.defEn}; for example, ${t.exampleEn}.`,
  (t) => `${capitalise(t.defEn)}: this is what is meant by ${t.en}.`,
  (t) => `${capitalise(t.defEn)} is called ${t.en}.`,
  (t) => `An example of ${t.en}: ${t.exampleEn}.`,
  (t) => `${capitalise(t.exampleEn)}: that is an example of ${t.en}.`,
  (t) => `To see ${t.en} in practice, consider this: ${t.exampleEn}.`,
];

const ZH_PHRASINGS: readonly Phrasing[] = [
  (t) => `${t.zh}是指${t.defZh}。`,
  (t) => `${t.zh}是指${t.defZh}。例如，${t.exampleZh}。`,
  (t) => `所谓${t.zh}，就是${t.defZh}。`,
  (t) => `${t.zh}的含义是：${t.defZh}；举例来说，${t.exampleZh}。`,
  (t) => `${t.defZh}，这就是${t.zh}。`,
  (t) => `人们把“${t.defZh}”称为${t.zh}。`,
  (t) => `${t.zh}的一个例子：${t.exampleZh}。`,
  (t) => `${t.exampleZh}，这就是${t.zh}的一个例子。`,
  (t) => `以${t.zh}为例：${t.exampleZh}。`,
];

export const TERM_PHRASINGS = { en: EN_PHRASINGS, zh: ZH_PHRASINGS } as const;

/**
 * Deals every (term, phrasing) pair of a language once, in shuffled order, before dealing any
 * again: each term is stated about equally often and in every phrasing.
 */
export class TermSentenceDeck {
  private readonly decks: Record<'en' | 'zh', [DomainTerm, Phrasing][]> = { en: [], zh: [] };

  constructor(
    private readonly terms: readonly DomainTerm[],
    private readonly r: SeededRandom,
  ) {}

  /** The next sentence in `lang` about a term not in `exclude` (which it joins). */
  next(lang: 'en' | 'zh', exclude: Set<DomainTerm>): string {
    const deck = this.decks[lang];
    let i = deck.findIndex(([term]) => !exclude.has(term));
    if (i < 0) {
      const fresh = this.terms.flatMap((t) =>
        TERM_PHRASINGS[lang].map((p): [DomainTerm, Phrasing] => [t, p]),
      );
      deck.push(...this.r.shuffle(fresh));
      i = deck.findIndex(([term]) => !exclude.has(term));
    }
    const [[term, phrasing]] = deck.splice(i, 1);
    exclude.add(term);
    return phrasing(term);
  }
}
