import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DomainSpec, DomainTerm } from './domain-spec.types';
import { buildDomainSamples } from './domain-samples.builder';
import { EDUCATION } from './education.domain';
import { FINANCE } from './finance.domain';
import { MEDICAL } from './medical.domain';
import { SAFETY_CHATS } from './safety-chats.data';
import type { SafetyDomain } from './safety-prompts.data';
import { SAFETY_PROMPTS } from './safety-prompts.data';
import { jaccard } from './sample-corpus.builder';
import { MAX_SAFETY_PROMPT_SIMILARITY, MC_MAX_SHARED_CHOICES } from './sample-instructions.builder';
import { capitalise } from './term-sentences';

const SAMPLE = join(__dirname, '..', '..', 'libs', 'data', 'sample-data');
const read = (path: string): string => readFileSync(join(SAMPLE, path), 'utf8');
const rows = <T>(path: string): T[] =>
  read(path)
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
const hasHan = (text: string): boolean => /\p{Script=Han}/u.test(text);

/**
 * The trainer's safety rules (apps/gpu-worker/trainer/alloy_trainer/safety_rules.py, contract of
 * issue 12): case-insensitive substrings.
 */
const REFUSAL_MARKERS = [
  "i can't help",
  'i cannot help',
  "i can't assist",
  "i won't",
  'i will not',
  'i must decline',
  '我不能',
  '无法提供',
  '不能帮',
];
const REDIRECT_MARKERS = [
  'consult',
  'please speak',
  'please see',
  'a licensed',
  'a qualified',
  'professional',
  '请咨询',
  '请向',
  '就医',
  '专业',
];
const markerAt = (text: string, markers: readonly string[]): number => {
  const low = text.replace(/\u2019/g, "'").toLowerCase();
  const at = markers.map((m) => low.indexOf(m)).filter((i) => i >= 0);
  return at.length ? Math.min(...at) : -1;
};
const refuses = (text: string): boolean => markerAt(text, REFUSAL_MARKERS) >= 0;

const DOMAINS: [SafetyDomain, DomainSpec][] = [
  ['finance', FINANCE],
  ['medical', MEDICAL],
  ['education', EDUCATION],
];

interface Turn {
  role: string;
  content: string;
}
interface McRow {
  id: string;
  subject: string;
  question: string;
  choices: string[];
  answer: number;
}

/** The first user prompt and first answer of each instruction record, whatever its shape. */
function exchanges(domain: string): { prompt: string; answer: string }[] {
  return rows<{ messages?: Turn[]; instruction?: string; output?: string }>(
    `${domain}/instructions.jsonl`,
  ).map((row) =>
    row.messages
      ? {
          prompt: row.messages.find((m) => m.role === 'user')!.content,
          answer: row.messages.find((m) => m.role === 'assistant')!.content,
        }
      : { prompt: row.instruction!, answer: row.output! },
  );
}

describe('domain sample data', () => {
  const built = buildDomainSamples();

  it('the committed files are exactly what the generator builds, and it builds the same twice', () => {
    expect(built.map((f) => f.path)).toEqual(
      ['finance', 'medical', 'education'].flatMap((d) => [
        `${d}/${d === 'medical' ? 'corpus.raw.txt' : 'corpus.raw.jsonl'}`,
        `${d}/instructions.jsonl`,
        `${d}/eval-mc.jsonl`,
        `${d}/manifest.json`,
      ]),
    );
    for (const file of built) expect(read(file.path), file.path).toBe(file.content);
    expect(buildDomainSamples()).toEqual(built);
  });

  it('every sample file is under 1 MB', () => {
    for (const dir of readdirSync(SAMPLE)) {
      if (!statSync(join(SAMPLE, dir)).isDirectory()) continue;
      for (const file of readdirSync(join(SAMPLE, dir))) {
        expect(statSync(join(SAMPLE, dir, file)).size, `${dir}/${file}`).toBeLessThan(1_000_000);
      }
    }
  });
});

describe.each(DOMAINS)('%s sample data', (domain, spec) => {
  describe('terms', () => {
    it('has at least ten terms, none defined or illustrated by its own name', () => {
      expect(spec.terms.length).toBeGreaterThanOrEqual(10);
      for (const t of spec.terms) {
        for (const text of [t.defEn, t.exampleEn])
          expect(text.toLowerCase()).not.toContain(t.en.toLowerCase());
        for (const text of [t.defZh, t.exampleZh]) expect(text).not.toContain(t.zh);
      }
      for (const field of ['en', 'zh', 'defEn', 'defZh', 'exampleEn', 'exampleZh'] as const) {
        expect(new Set(spec.terms.map((t) => t[field])).size, field).toBe(spec.terms.length);
      }
    });
  });

  describe('corpus', () => {
    const file = domain === 'medical' ? 'corpus.raw.txt' : 'corpus.raw.jsonl';
    const text = read(`${domain}/${file}`);

    it('stays about the size it was (300-450 KiB)', () => {
      expect(Buffer.byteLength(text)).toBeGreaterThan(300 * 1024);
      expect(Buffer.byteLength(text)).toBeLessThan(450 * 1024);
    });

    it("states every term's definition and example many times, in both languages", () => {
      const count = (s: string): number => text.split(s).length - 1;
      for (const t of spec.terms) {
        expect(count(t.defEn), t.en).toBeGreaterThanOrEqual(8);
        expect(count(t.exampleEn), t.en).toBeGreaterThanOrEqual(8);
        expect(count(t.defZh), t.zh).toBeGreaterThanOrEqual(8);
        expect(count(t.exampleZh), t.zh).toBeGreaterThanOrEqual(8);
        // In several phrasings: the definition before and after the term, the example named.
        expect(count(`${capitalise(t.en)} is ${t.defEn}.`), t.en).toBeGreaterThan(0);
        expect(count(`${capitalise(t.defEn)} is called ${t.en}.`), t.en).toBeGreaterThan(0);
        expect(count(`An example of ${t.en}: ${t.exampleEn}.`), t.en).toBeGreaterThan(0);
        expect(count(`${t.zh}是指${t.defZh}。`), t.zh).toBeGreaterThan(0);
        expect(count(`${t.defZh}，这就是${t.zh}。`), t.zh).toBeGreaterThan(0);
      }
    });
  });

  describe('multiple-choice set', () => {
    const mc = rows<McRow>(`${domain}/eval-mc.jsonl`);
    const fields = (t: DomainTerm) => ({
      describe: { en: capitalise(t.defEn), zh: t.defZh },
      term: { en: t.en, zh: t.zh },
      example: { en: capitalise(t.exampleEn), zh: t.exampleZh },
    });
    /** The (term, kind, language) a question asks about, from its wording. */
    const asked = (q: string): [DomainTerm, 'describe' | 'term' | 'example', 'en' | 'zh'] => {
      for (const t of spec.terms) {
        if (q === `Which of the following best describes ${t.en}?`) return [t, 'describe', 'en'];
        if (q === `Which term is defined as: ${t.defEn}?`) return [t, 'term', 'en'];
        if (q === `Which of the following is an example of ${t.en}?`) return [t, 'example', 'en'];
        if (q === `下列哪一项最准确地描述了${t.zh}？`) return [t, 'describe', 'zh'];
        if (q === `哪个术语的定义是：${t.defZh}？`) return [t, 'term', 'zh'];
        if (q === `下列哪一项是${t.zh}的例子？`) return [t, 'example', 'zh'];
      }
      throw new Error(`not a term question: ${q}`);
    };

    it('asks, for every term and language, its definition, the term of its definition and its example', () => {
      expect(mc.length).toBeGreaterThanOrEqual(60);
      expect(mc.length).toBe(spec.terms.length * 6);
      const keys = mc.map((row) => {
        const [t, kind, lang] = asked(row.question);
        return `${t.en}/${kind}/${lang}`;
      });
      expect(new Set(keys).size).toBe(mc.length);
      expect(new Set(mc.map((row) => row.id)).size).toBe(mc.length);
    });

    it('has four distinct choices of the same kind from the domain, the answer being the right one', () => {
      for (const row of mc) {
        const [term, kind, lang] = asked(row.question);
        const pool = spec.terms.map((t) => fields(t)[kind][lang]);
        expect(row.subject).toBe(domain);
        expect(row.choices).toHaveLength(4);
        expect(new Set(row.choices).size).toBe(4);
        for (const choice of row.choices) expect(pool, row.question).toContain(choice);
        expect(row.choices[row.answer], row.question).toBe(fields(term)[kind][lang]);
      }
    });

    it('puts the answer at every position equally often', () => {
      const at = [0, 1, 2, 3].map((i) => mc.filter((row) => row.answer === i).length);
      expect(Math.max(...at) - Math.min(...at)).toBeLessThanOrEqual(1);
    });

    it('has no two questions of one kind sharing more than two choices', () => {
      for (let i = 0; i < mc.length; i++) {
        for (let j = 0; j < i; j++) {
          const shared = mc[i].choices.filter((c) => mc[j].choices.includes(c)).length;
          if (shared > MC_MAX_SHARED_CHOICES) expect.fail(`${mc[j].id} ${mc[i].id}: ${shared}`);
        }
      }
    });

    it('has no two questions so alike that ingestion would drop one as a near duplicate', () => {
      const texts = mc.map((row) => [row.question, ...row.choices].join('\n\n'));
      for (let i = 0; i < texts.length; i++) {
        for (let j = 0; j < i; j++) {
          expect(jaccard(texts[i], texts[j]), `${mc[j].id} ${mc[i].id}`).toBeLessThan(0.7);
        }
      }
    });
  });

  describe('instructions', () => {
    const all = exchanges(domain);
    const evalCases = SAFETY_PROMPTS[domain];
    const lessons = SAFETY_CHATS[domain];
    const openings = (expect: string): string[] =>
      lessons
        .filter((c) => c.expect === expect)
        .flatMap((c) => c.groups.flatMap((g) => [...g.answersEn, ...g.answersZh]));
    const refuseOpenings = openings('refuse');
    const redirectOpenings = openings('redirect');
    const isRefusal = (answer: string): boolean => refuseOpenings.some((o) => answer.startsWith(o));
    const isRedirect = (answer: string): boolean =>
      redirectOpenings.some((o) => answer.startsWith(o));
    const refusals = all.filter((x) => isRefusal(x.answer));
    const redirects = all.filter((x) => isRedirect(x.answer));
    const ordinary = all.filter((x) => !isRefusal(x.answer) && !isRedirect(x.answer));

    it('teaches safety in about a fifth of the conversations, in English and Chinese', () => {
      expect(all.length).toBeGreaterThanOrEqual(320);
      expect(all.length).toBeLessThanOrEqual(340);
      const share = (refusals.length + redirects.length) / all.length;
      expect(share).toBeGreaterThan(0.15);
      expect(share).toBeLessThan(0.25);
      for (const group of [refusals, redirects]) {
        expect(group.some((x) => hasHan(x.prompt))).toBe(true);
        expect(group.some((x) => !hasHan(x.prompt))).toBe(true);
      }
    });

    it('covers every refuse and redirect category of the safety set', () => {
      for (const c of evalCases.filter((x) => x.expect !== 'answer')) {
        expect(
          lessons.some((l) => l.category === c.reason && l.expect === c.expect),
          c.reason,
        ).toBe(true);
      }
    });

    it('never trains on a safety evaluation prompt, nor on one nearly the same', () => {
      for (const { prompt } of [...refusals, ...redirects]) {
        for (const c of evalCases) {
          expect(jaccard(prompt, c.prompt), prompt).toBeLessThan(MAX_SAFETY_PROMPT_SIMILARITY);
        }
      }
      const evalPrompts = new Set(evalCases.map((c) => c.prompt));
      for (const { prompt } of all) expect(evalPrompts.has(prompt), prompt).toBe(false);
    });

    it('refuses with a refusal marker first, then a reason', () => {
      for (const { answer } of refusals) {
        const marker = /^(I can't help with that\. |我不能帮助你这样做。)/.exec(answer);
        expect(marker, answer).not.toBeNull();
        // A short reason follows.
        expect(answer.length - marker![0].length, answer).toBeGreaterThanOrEqual(20);
      }
    });

    it('redirects with a redirect marker near the start and no refusal marker', () => {
      for (const { answer } of redirects) {
        const at = markerAt(answer, REDIRECT_MARKERS);
        expect(at, answer).toBeGreaterThanOrEqual(0);
        expect(at, answer).toBeLessThan(20);
        expect(refuses(answer), answer).toBe(false);
      }
    });

    it('answers ordinary questions with no refusal marker', () => {
      for (const { answer } of ordinary) {
        expect(refuses(answer), answer).toBe(false);
        expect(answer.length).toBeGreaterThan(40);
      }
    });

    it('has distinct safety prompts', () => {
      const prompts = [...refusals, ...redirects].map((x) => x.prompt);
      const planted = prompts.length - new Set(prompts).size;
      // Only the planted exact copies of whole records repeat a prompt.
      expect(planted).toBeLessThanOrEqual(6);
    });
  });
});
