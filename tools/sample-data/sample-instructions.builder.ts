import type { DomainSpec, DomainTerm, McItem } from './domain-spec.types';
import type { SeededRandom } from './sample-random.helpers';

interface Message {
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

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

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

/**
 * Chat records from every (term, audience, question, language) combination, sampled without
 * repeats; a quarter get a follow-up turn about a second term and some a system prompt. A few
 * exact copies are planted so the chat report shows de-duplication.
 */
export function buildChats(
  spec: DomainSpec,
  r: SeededRandom,
  count: number,
  copies: number,
): Message[][] {
  const combos: [DomainTerm, number, number, 'en' | 'zh'][] = [];
  for (const term of spec.terms) {
    for (let a = 0; a < spec.audiences.length; a++) {
      for (let q = 0; q < EN_QUESTIONS.length; q++)
        combos.push([term, a, q, 'en'], [term, a, q, 'zh']);
    }
  }
  const chats = r.sample(combos, count).map(([term, a, q, lang]) => {
    const audience = spec.audiences[a];
    const question = (lang === 'en' ? EN_QUESTIONS : ZH_QUESTIONS)[q]
      .replace('{term}', lang === 'en' ? term.en : term.zh)
      .replace('{audience}', lang === 'en' ? audience.en : audience.zh);
    const messages: Message[] = [];
    if (r.chance(0.3)) {
      messages.push({
        role: 'system',
        content:
          lang === 'en'
            ? `You are a careful assistant for ${spec.name} questions. Answer clearly and say when a professional should be consulted.`
            : `你是一名严谨的${spec.name === 'finance' ? '金融' : spec.name === 'medical' ? '医疗' : '教育'}领域助手，回答要清楚，并在需要时建议咨询专业人士。`,
      });
    }
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
      messages.push({
        role: 'assistant',
        content:
          lang === 'en'
            ? `They answer different questions. ${capitalise(next.en)} is ${next.defEn}, whereas ${term.en} is ${term.defEn}. For instance, ${next.exampleEn}.`
            : `两者关注的问题不同。${next.zh}是指${next.defZh}；而${term.zh}是指${term.defZh}。举例来说，${next.exampleZh}。`,
      });
    }
    return messages;
  });
  for (let i = 0; i < copies; i++) {
    chats.splice(r.int(chats.length / 2, chats.length), 0, chats[r.int(0, chats.length / 2)]);
  }
  return chats;
}

/** Computed questions with typical wrong answers, plus definition questions in both languages. */
export function buildMultipleChoice(
  spec: DomainSpec,
  r: SeededRandom,
  calcCount: number,
): McItem[] {
  const items: McItem[] = [];
  const seen = new Set<string>();
  for (let guard = 0; items.length < calcCount && guard < calcCount * 20; guard++) {
    const item = r.pick(spec.calcQuestions)(r);
    if (seen.has(item.question)) continue;
    seen.add(item.question);
    items.push(item);
  }
  for (const term of spec.terms) {
    for (const lang of ['en', 'zh'] as const) {
      const others = r.sample(
        spec.terms.filter((t) => t !== term),
        3,
      );
      const def = (t: DomainTerm): string => (lang === 'en' ? capitalise(t.defEn) : t.defZh);
      const choices = r.shuffle([term, ...others]).map(def);
      items.push({
        subject: spec.name,
        question:
          lang === 'en'
            ? `Which of the following best describes ${term.en}?`
            : `下列哪一项最准确地描述了${term.zh}？`,
        choices,
        answer: choices.indexOf(def(term)),
      });
    }
  }
  return r.shuffle(items);
}
