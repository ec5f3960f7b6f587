import type { LlamaConfig } from '../checkpoint/llama-config';
import type { SafetensorsReader } from '../checkpoint/safetensors.reader';
import { OnnxGraphBuilder } from '../onnx/onnx-graph.builder';
import type { GraphOptions } from './graph-weights';
import { GraphWeights } from './graph-weights';

/**
 * The standard graph of `onnx/model*.onnx`: only ONNX-domain operators (plus MatMulNBits when
 * quantised) and Optimum's inputs, so transformers.js and Optimum run it unchanged. Attention takes
 * a left-padded `attention_mask` [B, past + S] and explicit `position_ids`; the KV cache is
 * `past_key_values.N.key|value` [B, kvHeads, past, headDim] -> `present.N.key|value`.
 */
export function buildPlainLlamaGraph(
  weights: SafetensorsReader,
  config: LlamaConfig,
  options: GraphOptions,
): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder('alloy_llama_plain');
  const w = new GraphWeights(g, weights, config, options);
  const ft = w.floatType;
  const { numHeads: nh, numKvHeads: nkv, headDim: d, numLayers } = config;

  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);

  const embed = w.embedding();
  let x = g.op('Gather', [embed, inputIds], {}, '', 'embed/Gather');

  // Rotary: cos/sin rows gathered by position id, laid out [B, 1, S, D] to broadcast over heads.
  const { cos, sin, half } = w.rotaryTables();
  const full = (t: Float32Array): Float32Array => {
    const out = new Float32Array(config.maxPositions * d);
    for (let p = 0; p < config.maxPositions; p++) {
      out.set(t.subarray(p * half, (p + 1) * half), p * d);
      out.set(t.subarray(p * half, (p + 1) * half), p * d + half);
    }
    return out;
  };
  const axis1 = g.ints('axis1', [1]);
  const cosTable = w.constantFloat('rotary.cos', full(cos), [config.maxPositions, d]);
  const sinTable = w.constantFloat('rotary.sin', full(sin), [config.maxPositions, d]);
  const cosB = g.op('Unsqueeze', [g.op('Gather', [cosTable, positionIds]), axis1]);
  const sinB = g.op('Unsqueeze', [g.op('Gather', [sinTable, positionIds]), axis1]);
  const halves = g.ints('halves', [half, half]);
  const rotary = (t: string): string => {
    const [a, b] = g.node('Split', [t, halves], { outputs: 2, attrs: { axis: { i: -1 } } });
    const rotated = g.op('Concat', [g.op('Neg', [b]), a], { axis: { i: -1 } });
    return g.op('Add', [g.op('Mul', [t, cosB]), g.op('Mul', [rotated, sinB])]);
  };

  // Additive mask [B, 1, S, T]: key j is visible to query i when j <= past + i and j is not padding.
  const zero = g.ints('zero', [0], true);
  const one = g.ints('one', [1], true);
  const total = g.op('Gather', [g.op('Shape', [mask]), one], { axis: { i: 0 } });
  const seq = g.op('Gather', [g.op('Shape', [inputIds]), one], { axis: { i: 0 } });
  const keyIdx = g.op('Range', [zero, total, one]);
  const queryIdx = g.op('Unsqueeze', [
    g.op('Range', [g.op('Sub', [total, seq]), total, one]),
    axis1,
  ]);
  const causal = g.op('LessOrEqual', [keyIdx, queryIdx]);
  const notPad = g.op('Unsqueeze', [
    g.op('Cast', [mask], { to: { i: 9 } }),
    g.ints('axes12', [1, 2]),
  ]);
  const allowed = g.op('And', [causal, notPad]);
  const bias = g.op('Where', [
    allowed,
    w.scalar('mask_zero', 0),
    w.scalar('mask_min', ft === 'float16' ? -65504 : -1e9),
  ]);

  const qShape = g.ints('q_shape', [0, 0, nh, d]);
  const kvShape = g.ints('kv_shape', [0, 0, nkv, d]);
  const outShape = g.ints('o_shape', [0, 0, nh * d]);
  const expandShape = g.ints('gqa_expand', [1, 1, nh / nkv, 1, 1]);
  const mergedShape = g.ints('gqa_merge', [0, nh, -1, d]);
  const axis2 = g.ints('axis2', [2]);
  const scale = w.scalar('attn_scale', 1 / Math.sqrt(d));
  const eps = w.scalar('rms_eps', config.rmsNormEps);
  const rmsNorm = (t: string, name: string): string => {
    const meanSq = g.op('ReduceMean', [g.op('Mul', [t, t])], {
      axes: { ints: [-1] },
      keepdims: { i: 1 },
    });
    const inv = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [meanSq, eps])])]);
    return g.op('Mul', [g.op('Mul', [t, inv]), w.vector(name)]);
  };
  const toHeads = (t: string, shape: string): string =>
    g.op('Transpose', [g.op('Reshape', [t, shape])], { perm: { ints: [0, 2, 1, 3] } });
  // Grouped-query attention as unsqueeze -> expand -> reshape, so no shape is baked in.
  const repeatKv = (t: string): string =>
    nh === nkv
      ? t
      : g.op('Reshape', [
          g.op('Expand', [g.op('Unsqueeze', [t, axis2]), expandShape]),
          mergedShape,
        ]);

  for (let layer = 0; layer < numLayers; layer++) {
    const p = `model.layers.${layer}.`;
    const h = rmsNorm(x, `${p}input_layernorm.weight`);
    const q = rotary(toHeads(w.linear(h, [`${p}self_attn.q_proj.weight`], `${p}q_proj`), qShape));
    const k = rotary(toHeads(w.linear(h, [`${p}self_attn.k_proj.weight`], `${p}k_proj`), kvShape));
    const v = toHeads(w.linear(h, [`${p}self_attn.v_proj.weight`], `${p}v_proj`), kvShape);
    const kvDims = ['batch_size', nkv, 'past_sequence_length', d];
    const presentDims = ['batch_size', nkv, 'total_sequence_length', d];
    const pastK = g.input(`past_key_values.${layer}.key`, ft, kvDims);
    const pastV = g.input(`past_key_values.${layer}.value`, ft, kvDims);
    const [presentK] = g.node('Concat', [pastK, k], {
      outputs: [`present.${layer}.key`],
      attrs: { axis: { i: 2 } },
    });
    const [presentV] = g.node('Concat', [pastV, v], {
      outputs: [`present.${layer}.value`],
      attrs: { axis: { i: 2 } },
    });
    g.output(presentK, ft, presentDims);
    g.output(presentV, ft, presentDims);
    const keyT = g.op('Transpose', [repeatKv(presentK)], { perm: { ints: [0, 1, 3, 2] } });
    const scores = g.op('Add', [g.op('MatMul', [g.op('Mul', [q, scale]), keyT]), bias]);
    const probs = g.op('Softmax', [scores], { axis: { i: -1 } });
    const ctx = g.op('Transpose', [g.op('MatMul', [probs, repeatKv(presentV)])], {
      perm: { ints: [0, 2, 1, 3] },
    });
    const attn = w.linear(
      g.op('Reshape', [ctx, outShape]),
      [`${p}self_attn.o_proj.weight`],
      `${p}o_proj`,
    );
    x = g.op('Add', [x, attn]);
    const h2 = rmsNorm(x, `${p}post_attention_layernorm.weight`);
    const gate = w.linear(h2, [`${p}mlp.gate_proj.weight`], `${p}gate_proj`);
    const up = w.linear(h2, [`${p}mlp.up_proj.weight`], `${p}up_proj`);
    const act = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
    const mlpOut = w.linear(act, [`${p}mlp.down_proj.weight`], `${p}down_proj`);
    x = g.op('Add', [x, w.mlpAdapter(mlpOut, p)]);
  }
  const final = rmsNorm(x, 'model.norm.weight');
  const logits = w.lmHead(final, embed);
  g.node('Identity', [logits], { outputs: ['logits'] });
  g.output('logits', 'float32', ['batch_size', 'sequence_length', config.vocabSize]);
  w.accountForEveryTensor();
  return g;
}
