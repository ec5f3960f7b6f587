/**
 * Writes the synthetic sample data under libs/data/sample-data/<domain>/. Deterministic: the
 * same seed gives byte-identical files, so the committed data can be regenerated and checked.
 *
 *   node -r ./tools/register.cjs tools/sample-data/generate-sample-data.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildDomainSamples } from './domain-samples.builder';
import { buildEvaluationSamples } from './evaluation-samples.builder';

const OUT = join(__dirname, '..', '..', 'libs', 'data', 'sample-data');

export function generate(): void {
  // The evaluation samples have their own seed: adding them changed none of the domain files.
  for (const file of [...buildDomainSamples(), ...buildEvaluationSamples()]) {
    const path = join(OUT, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    console.log(
      `${file.path.padEnd(36)} ${(Buffer.byteLength(file.content) / 1024).toFixed(1)} KiB`,
    );
  }
}

if (require.main === module) generate();
