import type { DomainSpec } from './domain-spec.types';
import { EDUCATION } from './education.domain';
import type { SampleFile } from './evaluation-samples.builder';
import { FINANCE } from './finance.domain';
import { MEDICAL } from './medical.domain';
import { SAFETY_CHATS } from './safety-chats.data';
import type { SafetyDomain } from './safety-prompts.data';
import { SAFETY_PROMPTS } from './safety-prompts.data';
import { buildCorpus } from './sample-corpus.builder';
import { buildChats, buildMultipleChoice, buildSafetyChats } from './sample-instructions.builder';
import { SeededRandom } from './sample-random.helpers';

const SEED = 20_240_611;
const CORPUS_BYTES = 330 * 1024;
/** Instruction records per domain (before the planted copies), a fifth of them safety lessons. */
const CHATS = 330;
const CHAT_COPIES = 6;

interface Plan {
  spec: DomainSpec;
  /** The medical corpus is plain text (paragraphs), the others JSONL. */
  corpus: 'jsonl' | 'txt';
  /** Education instructions are in the Alpaca shape, the others in the chat shape. */
  instructions: 'chat' | 'alpaca';
}

const PLANS: Plan[] = [
  { spec: FINANCE, corpus: 'jsonl', instructions: 'chat' },
  { spec: MEDICAL, corpus: 'txt', instructions: 'chat' },
  { spec: EDUCATION, corpus: 'jsonl', instructions: 'alpaca' },
];

const jsonl = (rows: unknown[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/**
 * Each domain's raw corpus, instructions, multiple-choice set and manifest (what was planted),
 * from one seeded generator per domain: the same files every time.
 */
export function buildDomainSamples(): SampleFile[] {
  const files: SampleFile[] = [];
  for (const [n, plan] of PLANS.entries()) {
    const r = new SeededRandom(SEED + n * 7919);
    const name = plan.spec.name;
    const add = (file: string, content: string): void => {
      files.push({ path: `${name}/${file}`, content });
    };
    const { docs, manifest } = buildCorpus(plan.spec, r, CORPUS_BYTES);
    const corpusFile = plan.corpus === 'txt' ? 'corpus.raw.txt' : 'corpus.raw.jsonl';
    // Paragraph mode of the .txt reader: one document per paragraph, so no blank lines inside.
    const corpusText =
      plan.corpus === 'txt'
        ? docs.map((d) => d.replace(/\n{2,}/g, '\n')).join('\n\n') + '\n'
        : jsonl(docs.map((text) => ({ text })));
    add(corpusFile, corpusText);

    const domain = name as SafetyDomain;
    const safety = buildSafetyChats(
      plan.spec,
      r,
      SAFETY_CHATS[domain],
      SAFETY_PROMPTS[domain].map((c) => c.prompt),
    );
    const chats = buildChats(
      plan.spec,
      r,
      CHATS,
      CHAT_COPIES,
      safety.map((s) => s.messages),
    );
    const instructions =
      plan.instructions === 'chat'
        ? chats.map((messages) => ({ messages }))
        : chats.map((messages) => {
            const user = messages.find((m) => m.role === 'user')!;
            const reply = messages.find((m) => m.role === 'assistant')!;
            const system = messages.find((m) => m.role === 'system');
            return {
              instruction: user.content,
              input: system ? `Context: ${system.content}` : '',
              output: reply.content,
            };
          });
    add('instructions.jsonl', jsonl(instructions));

    const mc = buildMultipleChoice(plan.spec, r).map((item, i) => ({
      id: `${name}-${String(i + 1).padStart(3, '0')}`,
      ...item,
    }));
    add('eval-mc.jsonl', jsonl(mc));

    const planted = {
      corpus: { file: corpusFile, ...manifest },
      instructions: {
        records: chats.length,
        exactCopies: CHAT_COPIES,
        shape: plan.instructions,
        safety: countBy(safety, (s) => `${s.expect}: ${s.category}`),
      },
      evalMc: {
        records: mc.length,
        terms: plan.spec.terms.length,
        answerPositions: countBy(mc, (item) => String(item.answer)),
      },
    };
    add('manifest.json', JSON.stringify(planted, null, 2) + '\n');
  }
  return files;
}
