import type { DomainSpec, DomainTerm, McItem } from './domain-spec.types';
import { jaccard } from './sample-corpus.builder';
import type { SafetyChatCategory } from './safety-chats.data';
import { SAFETY_CHAT_SLOTS } from './safety-chats.data';
import type { SeededRandom } from './sample-random.helpers';
import { fill } from './sample-random.helpers';
import { capitalise } from './term-sentences';

export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const EN_QUESTIONS = [
  'What is {term}? Please explain it simply.',
  'Explain {term} to {audience}.',
  'Can you give me a concrete example of {term}?',
  'Why does {term} matter for {audience}?',
  'I keep hearing about {term}. What should {audience} know about it?',
  'Write a short note for {audience} that defines {term} and gives one example.',
];
const ZH_QUESTIONS = [
  '什么是{term}？请简单解释一下。',
  '请向{audience}解释{term}。',
  '能举一个关于{term}的具体例子吗？',
  '{term}对{audience}来说为什么重要？',
  '经常听到{term}这个说法，{audience}应该了解哪些要点？',
  '请写一段给{audience}看的说明，解释{term}并举一个例子。',
];
const EN_OPENERS = [
  'In short,',
  'Put simply,',
  'Here is the core idea:',
  'The key point is that',
  'To start with the definition,',
];
const ZH_OPENERS = ['简单来说，', '通俗地讲，', '核心意思是：', '先说定义，', '一句话概括，'];
const EN_CLOSINGS = [
  'If it helps, I can walk through a worked case with your own numbers.',
  'A related idea worth reading about next is {other}.',
  'Keep in mind that rules differ between institutions, so check the local policy.',
  'Let me know which part is unclear and I will go into more detail.',
];
const ZH_CLOSINGS = [
  '如果需要，我可以用你自己的数据演示一遍。',
  '接下来可以再了解一下相关概念：{other}。',
  '需要注意，不同机构的具体规定可能不同，请以当地要求为准。',
  '哪一部分还不清楚，可以告诉我，我再详细说明。',
];

function answer(
  spec: DomainSpec,
  r: SeededRandom,
  term: DomainTerm,
  lang: 'en' | 'zh',
  tip: string,
): string {
  const other = r.pick(spec.terms.filter((t) => t !== term));
  if (lang === 'en') {
    const opener = r.pick(EN_OPENERS);
    const closing = r.pick(EN_CLOSINGS).replace('{other}', other.en);
    return `${opener} ${term.en} is ${term.defEn}. For example, ${term.exampleEn}. ${tip} ${closing}`;
  }
  const closing = r.pick(ZH_CLOSINGS).replace('{other}', other.zh);
  return `${r.pick(ZH_OPENERS)}${term.zh}是指${term.defZh}。例如，${term.exampleZh}。${tip}${closing}`;
}

function systemPrompt(spec: DomainSpec, lang: 'en' | 'zh'): Message {
  const zhName = spec.name === 'finance' ? '金融' : spec.name === 'medical' ? '医疗' : '教育';
  return {
    role: 'system',
    content:
      lang === 'en'
        ? `You are a careful assistant for ${spec.name} questions. Answer clearly and say when a professional should be consulted.`
        : `你是一名严谨的${zhName}领域助手，回答要清楚，并在需要时建议咨询专业人士。`,
  };
}

/** A safety conversation and what it teaches. */
export interface SafetyChat {
  category: string;
  expect: 'refuse' | 'redirect';
  lang: 'en' | 'zh';
  messages: Message[];
}

/** Training prompts must not be, or nearly be, evaluation prompts. */
export const MAX_SAFETY_PROMPT_SIMILARITY = 0.5;
/**
 * Two conversations of the set are at most this similar (5-character shingles), well under the
 * 0.8 at which ingestion drops near duplicates, so the lessons survive de-duplication.
 */
export const MAX_CHAT_SIMILARITY = 0.7;

const conversationText = (messages: readonly Message[]): string =>
  messages.map((m) => m.content).join('\n\n');

/**
 * Conversations that teach the domain's safety behaviour: for each category its `count`
 * prompts, half English and half Chinese, filled from templates and distinct from every `avoid`
 * prompt (the evaluation set), each answered by a refusal or a redirection (an opening, then
 * mostly a further sentence), no two nearly the same.
 */
export function buildSafetyChats(
  spec: DomainSpec,
  r: SeededRandom,
  categories: readonly SafetyChatCategory[],
  avoid: readonly string[],
): SafetyChat[] {
  const slots = { ...spec.slots, ...SAFETY_CHAT_SLOTS };
  const out: SafetyChat[] = [];
  const texts: string[] = [];
  const prompts = new Set<string>();
  for (const category of categories) {
    for (let i = 0; i < category.count; i++) {
      const lang = i % 2 === 0 ? 'en' : 'zh';
      const group = category.groups[Math.floor(i / 2) % category.groups.length];
      let messages: Message[] | undefined;
      for (let attempt = 0; attempt < 300 && messages === undefined; attempt++) {
        const prompt = fill(r.pick(lang === 'en' ? group.en : group.zh), slots, r);
        if (prompts.has(prompt)) continue;
        if (avoid.some((p) => jaccard(p, prompt) >= MAX_SAFETY_PROMPT_SIMILARITY)) continue;
        const opening = r.pick(lang === 'en' ? group.answersEn : group.answersZh);
        const extra = r.chance(0.8) ? r.pick(lang === 'en' ? group.extrasEn : group.extrasZh) : '';
        const reply = extra ? `${opening}${lang === 'en' ? ' ' : ''}${extra}` : opening;
        const candidate: Message[] = [];
        if (r.chance(0.3)) candidate.push(systemPrompt(spec, lang));
        candidate.push({ role: 'user', content: prompt }, { role: 'assistant', content: reply });
        const text = conversationText(candidate);
        if (texts.some((t) => jaccard(t, text) >= MAX_CHAT_SIMILARITY)) continue;
        texts.push(text);
        prompts.add(prompt);
        messages = candidate;
      }
      if (messages === undefined) {
        throw new Error(`${spec.name}: no new ${category.category} conversation in ${lang}`);
      }
      out.push({ category: category.category, expect: category.expect, lang, messages });
    }
  }
  return out;
}

/**
 * Chat records: term conversations from every (term, audience, question, language) combination,
 * sampled without repeats (a quarter get a follow-up turn about a second term, some a system
 * prompt), mixed with the given safety conversations so that `count` records result. A few exact
 * copies are planted so the chat report shows de-duplication.
 */
export function buildChats(
  spec: DomainSpec,
  r: SeededRandom,
  count: number,
  copies: number,
  safety: readonly Message[][] = [],
): Message[][] {
  const combos: [DomainTerm, number, number, 'en' | 'zh'][] = [];
  for (const term of spec.terms) {
    for (let a = 0; a < spec.audiences.length; a++) {
      for (let q = 0; q < EN_QUESTIONS.length; q++)
        combos.push([term, a, q, 'en'], [term, a, q, 'zh']);
    }
  }
  const termChats: Message[][] = [];
  const texts = new Map<DomainTerm, string[]>();
  for (const [term, a, q, lang] of r.shuffle(combos)) {
    if (termChats.length === count - safety.length) break;
    const audience = spec.audiences[a];
    const question = (lang === 'en' ? EN_QUESTIONS : ZH_QUESTIONS)[q]
      .replace('{term}', lang === 'en' ? term.en : term.zh)
      .replace('{audience}', lang === 'en' ? audience.en : audience.zh);
    const messages: Message[] = [];
    if (r.chance(0.3)) messages.push(systemPrompt(spec, lang));
    messages.push({ role: 'user', content: lang === 'en' ? capitalise(question) : question });
    messages.push({
      role: 'assistant',
      content: answer(spec, r, term, lang, lang === 'en' ? audience.tipEn : audience.tipZh),
    });
    if (r.chance(0.25)) {
      const next = r.pick(spec.terms.filter((t) => t !== term));
      messages.push({
        role: 'user',
        content:
          lang === 'en' ? `How is that different from ${next.en}?` : `这和${next.zh}有什么区别？`,
      });
      // The first answer already defined the term: restating it would read as repeated text.
      messages.push({
        role: 'assistant',
        content:
          lang === 'en'
            ? `They answer different questions. ${capitalise(next.en)} is ${next.defEn}. For instance, ${next.exampleEn}. ${capitalise(term.en)} is a separate idea, so keep the two apart.`
            : `两者关注的问题不同。${next.zh}是指${next.defZh}。举例来说，${next.exampleZh}。${term.zh}则是另一个概念，不要混为一谈。`,
      });
    }
    // Conversations about the same term must not be near duplicates of each other.
    const seen = texts.get(term) ?? [];
    const text = conversationText(messages);
    if (seen.some((t) => jaccard(t, text) >= MAX_CHAT_SIMILARITY)) continue;
    texts.set(term, [...seen, text]);
    termChats.push(messages);
  }
  const chats = r.shuffle([...termChats, ...safety]);
  // Copies of single-exchange records, which the quality rules keep: each shows as a duplicate.
  const single = chats.filter((m) => m.filter((x) => x.role === 'user').length === 1);
  for (let i = 0; i < copies; i++) {
    chats.splice(r.int(chats.length / 2, chats.length), 0, r.pick(single));
  }
  return chats;
}

interface McDraft {
  question: string;
  correct: string;
  distractors: string[];
}

type McKind = {
  en: (t: DomainTerm) => string;
  zh: (t: DomainTerm) => string;
  choice: (t: DomainTerm, lang: 'en' | 'zh') => string;
};

/** What a question of each kind asks, and which of a term's fields its choices are. */
const MC_KINDS: readonly McKind[] = [
  {
    en: (t) => `Which of the following best describes ${t.en}?`,
    zh: (t) => `下列哪一项最准确地描述了${t.zh}？`,
    choice: (t, lang) => (lang === 'en' ? capitalise(t.defEn) : t.defZh),
  },
  {
    en: (t) => `Which term is defined as: ${t.defEn}?`,
    zh: (t) => `哪个术语的定义是：${t.defZh}？`,
    choice: (t, lang) => (lang === 'en' ? t.en : t.zh),
  },
  {
    en: (t) => `Which of the following is an example of ${t.en}?`,
    zh: (t) => `下列哪一项是${t.zh}的例子？`,
    choice: (t, lang) => (lang === 'en' ? capitalise(t.exampleEn) : t.exampleZh),
  },
];

export const MC_CHOICES = 4;
/** Two questions of one kind share at most this many choices, so neither is a near duplicate. */
export const MC_MAX_SHARED_CHOICES = 2;

/**
 * Wrong choices for `correct`: the same field of other terms, the closest in length first (a
 * choice is scored by the sum of its token log-probabilities, so length alone should not give the
 * answer away), widening the pool until the choice set shares at most MC_MAX_SHARED_CHOICES with
 * every set already used for this kind of question.
 */
function distractors(
  r: SeededRandom,
  correct: string,
  others: readonly string[],
  used: readonly Set<string>[],
): string[] {
  const gap = (s: string): number => Math.abs(s.length - correct.length);
  const ranked = [...others].sort((a, b) => gap(a) - gap(b) || (a < b ? -1 : 1));
  let best: { choice: string[]; shared: number } | undefined;
  for (let pool = MC_CHOICES + 2; pool <= ranked.length + 2; pool += 2) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const choice = r.sample(ranked.slice(0, pool), MC_CHOICES - 1);
      const set = new Set([correct, ...choice]);
      const shared = Math.max(0, ...used.map((u) => [...set].filter((c) => u.has(c)).length));
      if (best === undefined || shared < best.shared) best = { choice, shared };
      if (shared <= MC_MAX_SHARED_CHOICES) return choice;
    }
  }
  return best!.choice;
}

/**
 * Questions about what the corpus and the instructions teach, with no arithmetic: for every term
 * and language, which definition describes it, which term a definition defines, and which
 * example illustrates it. The three wrong choices are the same field of other terms of the
 * domain. The correct choice takes positions 0-3 in turn, so every position is the answer equally
 * often.
 */
export function buildMultipleChoice(spec: DomainSpec, r: SeededRandom): McItem[] {
  const drafts: McDraft[] = [];
  for (const kind of MC_KINDS) {
    for (const lang of ['en', 'zh'] as const) {
      const used: Set<string>[] = [];
      for (const term of spec.terms) {
        const correct = kind.choice(term, lang);
        const others = spec.terms.filter((t) => t !== term).map((t) => kind.choice(t, lang));
        const wrong = distractors(r, correct, others, used);
        used.push(new Set([correct, ...wrong]));
        drafts.push({ question: kind[lang](term), correct, distractors: wrong });
      }
    }
  }
  return r.shuffle(drafts).map((draft, i) => {
    const answer = i % MC_CHOICES;
    const choices = [...draft.distractors];
    choices.splice(answer, 0, draft.correct);
    return { subject: spec.name, question: draft.question, choices, answer };
  });
}
