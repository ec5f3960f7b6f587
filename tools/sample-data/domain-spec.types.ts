import type { Slots } from './sample-random.helpers';

/**
 * A concept of the domain: the corpus states its definition and example, the instructions explain
 * it, and the multiple-choice set asks about it. Neither the definition nor the example names the
 * term, so a question cannot be answered by matching words.
 */
export interface DomainTerm {
  en: string;
  zh: string;
  defEn: string;
  defZh: string;
  exampleEn: string;
  exampleZh: string;
}

export interface McItem {
  question: string;
  choices: string[];
  answer: number;
  subject: string;
}

/** Templates and vocabulary from which one domain's sample data is generated. */
export interface DomainSpec {
  name: string;
  slots: Slots;
  enSentences: readonly string[];
  zhSentences: readonly string[];
  /** Sentences carrying fake personal data: {email} {phone} {intl} {id} {card} {ip}. */
  enPiiSentences: readonly string[];
  zhPiiSentences: readonly string[];
  terms: readonly DomainTerm[];
  /** Audiences an instruction may be written for, with a tip sentence each. */
  audiences: readonly { en: string; zh: string; tipEn: string; tipZh: string }[];
}
