import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A small finance corpus as a partner would upload it: good records, an exact duplicate, an empty
 * text and a record without text, so that the ingestion report has kept and rejected records.
 */
export function writeCorpus(dir: string, name = 'corpus.jsonl'): string {
  const good = Array.from({ length: 40 }, (_, i) => ({
    text: `The central bank raised the policy rate by a quarter point to cool inflation in quarter ${i}; bond yields rose and equity markets fell as investors repriced credit risk.`,
  }));
  const lines = [...good, good[0], { text: '' }, { title: 'no text field' }].map((r) =>
    JSON.stringify(r),
  );
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
