import { parseArgs } from 'node:util';
import { VARIANTS, buildVariant } from './model-builder.service';
import type { GraphLayout, Variant } from './model-builder.service';

const USAGE =
  'usage: model-builder --model <dir> --variant fp32|fp16|int8|int4 [--block-size 128] [--layout plain|fused|both]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      variant: { type: 'string', default: 'fp32' },
      'block-size': { type: 'string', default: '128' },
      layout: { type: 'string', default: 'both' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.model) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const variant = values.variant as Variant;
  if (!VARIANTS.includes(variant))
    throw new Error(`--variant must be one of ${VARIANTS.join(', ')}`);
  const blockSize = Number(values['block-size']);
  if (!Number.isInteger(blockSize) || blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) {
    throw new Error('--block-size must be a power of two >= 16');
  }
  if (!['both', 'plain', 'fused'].includes(values.layout)) {
    throw new Error('--layout must be plain, fused or both');
  }
  const layouts: GraphLayout[] =
    values.layout === 'both' ? ['plain', 'fused'] : [values.layout as GraphLayout];
  const built = await buildVariant(values.model, variant, {
    blockSize,
    layouts,
    onProgress: (m) => console.log(m),
  });
  for (const f of built)
    console.log(`${f.layout}: ${f.path} (${f.nodes} nodes, ${(f.bytes / 1e6).toFixed(1)} MB)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
