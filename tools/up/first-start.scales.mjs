// How long each training step of the first start runs (job spec hyperparameters). `full` is what a
// new installation gets: sized so the models visibly learn their domain on a 2-core machine in
// under 15 minutes (the README has the figures). `tiny` runs the same loop in seconds, for
// the tests of the loop itself (ALLOY_FIRST_START_SCALE=tiny).

// The chat records of the sample instructions run to about 200 tokens: a shorter sequence would
// cut the answers the tuning is meant to teach.
const sftShape = {
  batchSize: 8,
  seqLen: 256,
  maxSteps: 100,
  warmupSteps: 5,
  logEvery: 10,
  // half of each batch is corpus text (general and domain): with a quarter, general perplexity
  // still rose 40-50% over the parent's, and the forgetting gate held every version back
  replayRatio: 0.5,
};

const full = {
  base: {
    // the loss falls slowly for about 150 steps, then fast, and still falls at 400
    maxSteps: 600,
    batchSize: 16,
    seqLen: 128,
    learningRate: 0.003,
    warmupSteps: 20,
    // a tenth of each batch from the domain corpora: the base knows their words, not their text
    replayRatio: 0.1,
    logEvery: 20,
    checkpointEvery: 100,
  },
  continued: {
    maxSteps: 80,
    batchSize: 16,
    seqLen: 128,
    learningRate: 0.002,
    warmupSteps: 5,
    // a quarter of each batch from the general corpus, against forgetting
    replayRatio: 0.25,
    logEvery: 10,
    checkpointEvery: 40,
  },
  sft: {
    full: { ...sftShape, learningRate: 0.002 },
    // on a model this small a low-rank update needs every projection and a high rate
    lora: {
      ...sftShape,
      learningRate: 0.01,
      lora: {
        rank: 32,
        alpha: 64,
        dropout: 0,
        targetModules: [
          'q_proj',
          'k_proj',
          'v_proj',
          'o_proj',
          'gate_proj',
          'up_proj',
          'down_proj',
        ],
      },
    },
    adapter: { ...sftShape, learningRate: 0.005, adapter: { bottleneck: 64 } },
  },
};

const tinyStep = { maxSteps: 2, batchSize: 4, seqLen: 64, logEvery: 1 };
const tiny = {
  base: { ...tinyStep, maxSteps: 4, replayRatio: 0.25 },
  continued: { ...tinyStep, replayRatio: 0.25 },
  sft: {
    full: { ...tinyStep, replayRatio: 0.25 },
    lora: { ...tinyStep, replayRatio: 0.25, lora: { rank: 4 } },
    adapter: { ...tinyStep, replayRatio: 0.25 },
  },
};

export const FIRST_START_SCALES = { full, tiny };
