import * as ort from 'onnxruntime-node';
import type { LlamaConfig } from '../checkpoint/llama-config';
import { buildGraph } from '../model-builder.service';
import type { GraphLayout, GraphSpec } from '../model-builder.service';

const i64 = (values: number[], dims: number[]): ort.Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), dims);

/**
 * Teacher-forced logits: prefill `prefill` tokens of each row, then feed the rest one at a time
 * through the KV cache. Rows are padded on the left (plain) or the right (fused), as each layout
 * expects. Returns per row the logits of every real position, [len, vocab].
 */
export async function teacherForced(
  session: ort.InferenceSession,
  layout: GraphLayout,
  cfg: LlamaConfig,
  rows: number[][],
  prefill: number,
  floatType: 'float32' | 'float16' = 'float32',
): Promise<Float32Array[]> {
  const v = cfg.vocabSize;
  const batch = rows.length;
  const maxLen = Math.max(...rows.map((r) => r.length));
  const out = rows.map((r) => new Float32Array(r.length * v));
  let past: Record<string, ort.Tensor> = {};
  for (let l = 0; l < cfg.numLayers; l++) {
    for (const kind of ['key', 'value']) {
      const empty = floatType === 'float32' ? new Float32Array(0) : new Uint16Array(0);
      past[`past_key_values.${l}.${kind}`] = new ort.Tensor(floatType, empty, [
        batch,
        cfg.numKvHeads,
        0,
        cfg.headDim,
      ]);
    }
  }
  // Step 0 feeds the first `prefill` positions, then one position a step (absolute index `t`).
  const steps = [
    [0, prefill],
    ...Array.from({ length: maxLen - prefill }, (_, i) => [prefill + i, prefill + i + 1]),
  ];
  for (const [from, to] of steps as [number, number][]) {
    const s = to - from;
    const ids: number[] = [];
    const pos: number[] = [];
    const mask: number[] = [];
    for (const r of rows) {
      const padLeft = layout === 'plain' ? maxLen - r.length : 0;
      for (let t = from; t < to; t++) {
        const idx = t - padLeft;
        ids.push(idx >= 0 && idx < r.length ? r[idx] : 0);
        pos.push(Math.max(idx, 0));
      }
      for (let t = 0; t < to; t++) {
        const idx = t - padLeft;
        mask.push(idx >= 0 && idx < r.length ? 1 : 0);
      }
    }
    const feeds: Record<string, ort.Tensor> = {
      input_ids: i64(ids, [batch, s]),
      attention_mask: i64(mask, [batch, to]),
      ...past,
    };
    if (layout === 'plain') feeds['position_ids'] = i64(pos, [batch, s]);
    const result = await session.run(feeds);
    const logits = result['logits'].data as Float32Array;
    rows.forEach((r, b) => {
      const padLeft = layout === 'plain' ? maxLen - r.length : 0;
      for (let t = from; t < to; t++) {
        const idx = t - padLeft;
        if (idx < 0 || idx >= r.length) continue;
        out[b].set(
          logits.subarray((b * s + (t - from)) * v, (b * s + (t - from) + 1) * v),
          idx * v,
        );
      }
    });
    past = {};
    for (let l = 0; l < cfg.numLayers; l++) {
      past[`past_key_values.${l}.key`] = result[`present.${l}.key`]!;
      past[`past_key_values.${l}.value`] = result[`present.${l}.value`]!;
    }
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export async function session(modelDir: string, spec: GraphSpec): Promise<ort.InferenceSession> {
  const { serialized } = buildGraph(modelDir, { ...spec, allLogits: true });
  return ort.InferenceSession.create(serialized.model, { intraOpNumThreads: 1 });
}
