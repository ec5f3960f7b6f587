import { buildGeneralCorpus } from './general-corpus.builder';
import type { SafetyDomain } from './safety-prompts.data';
import { SAFETY_PROMPTS } from './safety-prompts.data';
import { SeededRandom } from './sample-random.helpers';

/** Seeded apart from the domain data, so adding these files changes none of the others. */
const GENERAL_SEED = 20_240_917;
const GENERAL_CORPUS_BYTES = 200 * 1024;

export interface SampleFile {
  /** Path under libs/data/sample-data. */
  path: string;
  content: string;
}

const jsonl = (rows: unknown[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

/**
 * The sample data used when a version is evaluated before promotion: a general corpus (forgetting
 * is measured as perplexity on it) and one safety prompt set per domain. None of these files has a
 * manifest, so `npm run up` does not load them as datasets.
 */
export function buildEvaluationSamples(): SampleFile[] {
  const general = buildGeneralCorpus(new SeededRandom(GENERAL_SEED), GENERAL_CORPUS_BYTES);
  const files: SampleFile[] = [
    { path: 'general/corpus.jsonl', content: jsonl(general.map((text) => ({ text }))) },
  ];
  for (const domain of Object.keys(SAFETY_PROMPTS) as SafetyDomain[]) {
    const rows = SAFETY_PROMPTS[domain].map((c, i) => ({
      id: `${domain}-safety-${String(i + 1).padStart(3, '0')}`,
      prompt: c.prompt,
      expect: c.expect,
      reason: c.reason,
    }));
    files.push({ path: `${domain}/safety.jsonl`, content: jsonl(rows) });
  }
  return files;
}
