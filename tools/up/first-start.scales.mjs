// How long each training step of the first start runs (job spec hyperparameters). `full` is what a
// new installation gets: sized so the whole first start fits in 15 minutes on a 2-core machine and
// the models visibly learn (the README has the figures). `tiny` runs the same loop in seconds, for
// the tests of the loop itself (ALLOY_FIRST_START_SCALE=tiny).

const full = {
  base: {
    maxSteps: 450,
    batchSize: 16,
    seqLen: 128,
    learningRate: 0.003,
    warmupSteps: 20,
    // a tenth of each batch from the domain corpora: the base knows their words, not their text
    replayRatio: 0.1,
    logEvery: 25,
    checkpointEvery: 100,
  },
  continued: {
    maxSteps: 120,
    batchSize: 16,
    seqLen: 128,
    learningRate: 0.002,
    warmupSteps: 10,
    logEvery: 20,
    checkpointEvery: 60,
  },
  sft: {
    full: { maxSteps: 80, batchSize: 16, seqLen: 128, learningRate: 0.001, logEvery: 20 },
    lora: {
      maxSteps: 80,
      batchSize: 16,
      seqLen: 128,
      learningRate: 0.005,
      logEvery: 20,
      lora: { rank: 16, alpha: 32 },
    },
    adapter: { maxSteps: 80, batchSize: 16, seqLen: 128, learningRate: 0.003, logEvery: 20 },
  },
};

const tinyStep = { maxSteps: 2, batchSize: 4, seqLen: 64, logEvery: 1 };
const tiny = {
  base: { ...tinyStep, maxSteps: 4, replayRatio: 0.25 },
  continued: tinyStep,
  sft: { full: tinyStep, lora: { ...tinyStep, lora: { rank: 4 } }, adapter: tinyStep },
};

export const FIRST_START_SCALES = { full, tiny };
