// A fixed prompt set per domain, and the rules an answer of a tuned sample model must meet: the
// language of the question, a sensible length, and the domain's words (the term asked about).
import type { DomainSpec } from '../sample-data/domain-spec.types';
import { EDUCATION } from '../sample-data/education.domain';
import { FINANCE } from '../sample-data/finance.domain';
import { MEDICAL } from '../sample-data/medical.domain';

export interface DomainPrompt {
  question: string;
  language: 'en' | 'zh';
  /** The term asked about, in the question's language. */
  term: string;
}

const SPECS: Record<string, DomainSpec> = {
  finance: FINANCE,
  medical: MEDICAL,
  education: EDUCATION,
};

/** Three terms per domain, each asked in English and in Chinese. */
function promptsOf(spec: DomainSpec): DomainPrompt[] {
  return spec.terms.slice(0, 3).flatMap((t) => [
    { question: `What is ${t.en}? Please explain it simply.`, language: 'en' as const, term: t.en },
    { question: `什么是${t.zh}？请简单解释一下。`, language: 'zh' as const, term: t.zh },
  ]);
}

export const DOMAIN_PROMPTS: Record<string, DomainPrompt[]> = Object.fromEntries(
  Object.entries(SPECS).map(([domain, spec]) => [domain, promptsOf(spec)]),
);

const CJK = /[\u4e00-\u9fff]/g;

/** What is wrong with an answer; empty when it is well-formed and on topic. */
export function judgeAnswer(domain: string, prompt: DomainPrompt, answer: string): string[] {
  const problems: string[] = [];
  const text = answer.trim();
  const cjkShare = (text.match(CJK)?.length ?? 0) / Math.max(1, text.replace(/\s/g, '').length);
  if (prompt.language === 'zh' && cjkShare < 0.5) problems.push('not in Chinese');
  if (prompt.language === 'en' && cjkShare > 0.05) problems.push('not in English');
  const length = prompt.language === 'zh' ? text.length : text.split(/\s+/).length;
  const [min, max] = prompt.language === 'zh' ? [15, 400] : [8, 200];
  if (length < min || length > max)
    problems.push(`length ${length} ${prompt.language === 'zh' ? 'characters' : 'words'}`);
  const terms = SPECS[domain].terms.map((t) => (prompt.language === 'zh' ? t.zh : t.en));
  if (!text.toLowerCase().includes(prompt.term.toLowerCase()))
    problems.push(`does not name ${prompt.term}`);
  if (!terms.some((t) => text.toLowerCase().includes(t.toLowerCase())))
    problems.push('names no term of the domain');
  return problems;
}
