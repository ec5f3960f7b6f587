import type { LlamaConfig } from '../checkpoint/llama-config';
import type { SafetensorsReader } from '../checkpoint/safetensors.reader';
import { OnnxGraphBuilder } from '../onnx/onnx-graph.builder';
import type { GraphOptions } from './graph-weights';
import { GraphWeights } from './graph-weights';

/**
 * The fast graph, written with onnxruntime's contrib operators: (Skip)SimplifiedLayerNormalization,
 * one packed QKV projection into GroupQueryAttention with rotary inside, packed gate/up, and
 * MatMulNBits when quantised. About 11 nodes a layer instead of about 60.
 *
 * Inputs: `input_ids` [B, S], `attention_mask` [B, T] and `past_key_values.N.key|value`
 * [B, kvHeads, P, headDim]. Unlike the plain graph, every row of the cache is packed from position 0
 * (right padding): the number of ones in a row of `attention_mask` is that row's length including
 * the new tokens, and T (its width) is the longest. A prompt (S > 1) runs with an empty past;
 * decoding runs with S = 1. Rotary positions follow from the row lengths, so there is no
 * `position_ids` input. Outputs `logits` [B, 1, V] (each row's last position; [B, S, V] with
 * `allLogits`) and `present.N.key|value` [B, kvHeads, T, headDim]
 * (T = max(P, total)), and `present_step.N.key|value` [B, kvHeads, 1, headDim]: the entries just
 * written at each row's last position, so that a caller holding the cache can fetch only those.
 */
export function buildFusedLlamaGraph(
  weights: SafetensorsReader,
  config: LlamaConfig,
  options: GraphOptions,
): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder('alloy_llama_fused');
  const w = new GraphWeights(g, weights, config, options);
  const ft = w.floatType;
  const { numHeads: nh, numKvHeads: nkv, headDim: d, numLayers, intermediateSize: inter } = config;
  if (d % 16 !== 0)
    throw new Error(`GroupQueryAttention with rotary needs head_dim % 16 == 0, got ${d}`);

  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const embed = w.embedding();
  const x0 = g.op('Gather', [embed, inputIds], {}, '', 'embed/Gather');

  // GroupQueryAttention wants per-row lengths minus one (int32) and the total length (int32 scalar).
  const rowLength = g.op('ReduceSum', [mask, g.ints('axis1', [1])], { keepdims: { i: 0 } });
  const seqlensK = g.op(
    'Cast',
    [g.op('Sub', [rowLength, g.ints('one_vec', [1])])],
    { to: { i: 6 } },
    '',
    'seqlens_k',
  );
  const totalLen = g.op('Gather', [g.op('Shape', [mask]), g.ints('one', [1], true)], {
    axis: { i: 0 },
  });
  const totalLen32 = g.op('Cast', [totalLen], { to: { i: 6 } }, '', 'total_sequence_length');
  // The position each row just wrote, [B, kvHeads, 1, headDim]: `present_step.N.key|value` hand
  // the new keys and values alone to a runtime that keeps the cache itself (no full-cache copy).
  const lastPos = g.op('Reshape', [
    g.op('Sub', [rowLength, g.ints('one_vec_b', [1])]),
    g.ints('b111', [-1, 1, 1, 1]),
  ]);
  const stepIndex = g.op('Expand', [lastPos, g.ints('step_shape', [1, nkv, 1, d])]);
  const { cos, sin, half } = w.rotaryTables();
  const cosCache = w.constantFloat('rotary.cos_cache', cos, [config.maxPositions, half]);
  const sinCache = w.constantFloat('rotary.sin_cache', sin, [config.maxPositions, half]);
  const splitSizes = g.ints('gate_up_split', [inter, inter]);
  const eps = { f: config.rmsNormEps };

  let [hidden] = g.node(
    'SimplifiedLayerNormalization',
    [x0, w.vector('model.layers.0.input_layernorm.weight')],
    {
      attrs: { axis: { i: -1 }, epsilon: eps, stash_type: { i: 1 } },
      name: 'layers.0/input_norm',
    },
  );
  let residual = x0;
  for (let layer = 0; layer < numLayers; layer++) {
    const p = `model.layers.${layer}.`;
    const qkv = w.linear(
      hidden,
      [`${p}self_attn.q_proj.weight`, `${p}self_attn.k_proj.weight`, `${p}self_attn.v_proj.weight`],
      `${p}qkv_proj`,
    );
    const kvDims = ['batch_size', nkv, 'past_sequence_length', d];
    const presentDims = ['batch_size', nkv, 'total_sequence_length', d];
    const pastK = g.input(`past_key_values.${layer}.key`, ft, kvDims);
    const pastV = g.input(`past_key_values.${layer}.value`, ft, kvDims);
    const [attn] = g.node(
      'GroupQueryAttention',
      [qkv, '', '', pastK, pastV, seqlensK, totalLen32, cosCache, sinCache],
      {
        outputs: [`${p}attn_out`, `present.${layer}.key`, `present.${layer}.value`],
        attrs: {
          num_heads: { i: nh },
          kv_num_heads: { i: nkv },
          do_rotary: { i: 1 },
          rotary_interleaved: { i: 0 },
          local_window_size: { i: -1 },
        },
        domain: 'com.microsoft',
        name: `${p}GroupQueryAttention`,
      },
    );
    g.output(`present.${layer}.key`, ft, presentDims);
    g.output(`present.${layer}.value`, ft, presentDims);
    for (const kind of ['key', 'value']) {
      g.node('GatherElements', [`present.${layer}.${kind}`, stepIndex], {
        outputs: [`present_step.${layer}.${kind}`],
        attrs: { axis: { i: 2 } },
      });
      g.output(`present_step.${layer}.${kind}`, ft, ['batch_size', nkv, 1, d]);
    }
    const o = w.linear(attn, [`${p}self_attn.o_proj.weight`], `${p}o_proj`);
    const [h2, , , sum] = g.node(
      'SkipSimplifiedLayerNormalization',
      [o, residual, w.vector(`${p}post_attention_layernorm.weight`)],
      {
        outputs: [`${p}post_norm`, '', '', `${p}post_residual`],
        attrs: { epsilon: eps },
        domain: 'com.microsoft',
        name: `${p}post_attention_norm`,
      },
    );
    const gateUp = w.linear(
      h2,
      [`${p}mlp.gate_proj.weight`, `${p}mlp.up_proj.weight`],
      `${p}gate_up_proj`,
    );
    const [gate, up] = g.node('Split', [gateUp, splitSizes], {
      outputs: 2,
      attrs: { axis: { i: -1 } },
    });
    const act = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
    const down = w.mlpAdapter(w.linear(act, [`${p}mlp.down_proj.weight`], `${p}down_proj`), p);
    const nextNorm =
      layer + 1 < numLayers
        ? `model.layers.${layer + 1}.input_layernorm.weight`
        : 'model.norm.weight';
    const [nextHidden, , , nextResidual] = g.node(
      'SkipSimplifiedLayerNormalization',
      [down, sum, w.vector(nextNorm)],
      {
        outputs: [`${p}next_norm`, '', '', `${p}next_residual`],
        attrs: { epsilon: eps },
        domain: 'com.microsoft',
        name: `${p}residual_norm`,
      },
    );
    hidden = nextHidden;
    residual = nextResidual!;
  }
  let last = hidden;
  if (!options.allLogits) {
    // Each row's last valid position in this input: min(length - 1, S - 1) (a prompt is packed from
    // 0; a decode step has S = 1).
    const seqLen = g.op('Gather', [g.op('Shape', [inputIds]), g.ints('one_s', [1], true)], {
      axis: { i: 0 },
    });
    const lastPos = g.op('Min', [
      g.op('Sub', [rowLength, g.ints('one_l', [1])]),
      g.op('Sub', [seqLen, g.ints('one_t', [1], true)]),
    ]);
    const index = g.op('Expand', [
      g.op('Reshape', [lastPos, g.ints('b11', [-1, 1, 1])]),
      g.ints('last_shape', [1, 1, config.hiddenSize]),
    ]);
    last = g.op('GatherElements', [hidden, index], { axis: { i: 1 } }, '', 'last_position');
  }
  const logits = w.lmHead(last, embed);
  g.node('Identity', [logits], { outputs: ['logits'] });
  g.output('logits', 'float32', [
    'batch_size',
    options.allLogits ? 'sequence_length' : 1,
    config.vocabSize,
  ]);
  w.accountForEveryTensor();
  return g;
}
