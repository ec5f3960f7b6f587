import { GENERAL_SLOTS, GENERAL_TOPICS } from './general-corpus.topics';
import type { SeededRandom } from './sample-random.helpers';
import { fill } from './sample-random.helpers';

/**
 * Clean everyday text in English and Chinese, with no domain vocabulary and no planted problems:
 * the reference on which forgetting of general language is measured. Documents are distinct and
 * keep being added until their JSONL size reaches `targetBytes`.
 */
export function buildGeneralCorpus(r: SeededRandom, targetBytes: number): string[] {
  const docs: string[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  while (bytes < targetBytes) {
    const topic = r.pick(GENERAL_TOPICS);
    const zh = r.chance(0.5);
    const templates = zh ? topic.zh : topic.en;
    const sentences = r
      .sample(templates, r.int(3, 6))
      .map((template) => fill(template, GENERAL_SLOTS, r));
    const text = sentences.join(zh ? '' : ' ');
    if (seen.has(text)) continue;
    seen.add(text);
    docs.push(text);
    bytes += Buffer.byteLength(JSON.stringify({ text })) + 1;
  }
  return docs;
}
