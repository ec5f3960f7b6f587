/**
 * Writes the synthetic sample data under libs/data/sample-data/<domain>/. Deterministic: the
 * same seed gives byte-identical files, so the committed data can be regenerated and checked.
 *
 *   node -r ./tools/register.cjs tools/sample-data/generate-sample-data.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DomainSpec } from './domain-spec.types';
import { EDUCATION } from './education.domain';
import { buildEvaluationSamples } from './evaluation-samples.builder';
import { FINANCE } from './finance.domain';
import { MEDICAL } from './medical.domain';
import { buildCorpus } from './sample-corpus.builder';
import { buildChats, buildMultipleChoice } from './sample-instructions.builder';
import { SeededRandom } from './sample-random.helpers';

const OUT = join(__dirname, '..', '..', 'libs', 'data', 'sample-data');
const SEED = 20_240_611;
const CORPUS_BYTES = 330 * 1024;

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

function write(dir: string, name: string, content: string): void {
  writeFileSync(join(dir, name), content);
  console.log(
    `${join(dir, name)
      .slice(OUT.length + 1)
      .padEnd(36)} ${(Buffer.byteLength(content) / 1024).toFixed(1)} KiB`,
  );
}

export function generate(): void {
  for (const [n, plan] of PLANS.entries()) {
    const r = new SeededRandom(SEED + n * 7919);
    const dir = join(OUT, plan.spec.name);
    mkdirSync(dir, { recursive: true });

    const { docs, manifest } = buildCorpus(plan.spec, r, CORPUS_BYTES);
    const corpusFile = plan.corpus === 'txt' ? 'corpus.raw.txt' : 'corpus.raw.jsonl';
    // Paragraph mode of the .txt reader: one document per paragraph, so no blank lines inside.
    const corpusText =
      plan.corpus === 'txt'
        ? docs.map((d) => d.replace(/\n{2,}/g, '\n')).join('\n\n') + '\n'
        : jsonl(docs.map((text) => ({ text })));
    write(dir, corpusFile, corpusText);

    const chats = buildChats(plan.spec, r, 330, 6);
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
    write(dir, 'instructions.jsonl', jsonl(instructions));

    const mc = buildMultipleChoice(plan.spec, r, 40).map((item, i) => ({
      id: `${plan.spec.name}-${String(i + 1).padStart(3, '0')}`,
      ...item,
    }));
    write(dir, 'eval-mc.jsonl', jsonl(mc));

    const planted = {
      corpus: { file: corpusFile, ...manifest },
      instructions: { records: chats.length, exactCopies: 6, shape: plan.instructions },
      evalMc: { records: mc.length },
    };
    write(dir, 'manifest.json', JSON.stringify(planted, null, 2) + '\n');
  }

  // After the domain loop, with their own seed: the files above stay byte for byte the same.
  for (const file of buildEvaluationSamples()) {
    const dir = join(OUT, dirname(file.path));
    mkdirSync(dir, { recursive: true });
    write(dir, basename(file.path), file.content);
  }
}

if (require.main === module) generate();
