import { basename, dirname } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, BaseStreamer, env } from '@huggingface/transformers';
import type { Tensor } from '@huggingface/transformers';

export interface PeerFigures {
  medianTokenMs: number;
  endToEndTps: number;
  tokens: number[];
}

/** Counts the time of every token transformers.js emits (the first `put` is the prompt). */
class TimingStreamer extends BaseStreamer {
  readonly times: number[] = [];
  override put(): void {
    this.times.push(performance.now());
  }
  override end(): void {}
}

/**
 * transformers.js generating greedily from `<dir>/onnx/model.onnx`, loaded offline from the local
 * folder: the nearest peer, on the same weights and tokenizer.
 */
export async function loadTransformersJs(
  dir: string,
  prompt: string,
  tokens: number,
  threads: number,
): Promise<{ run: () => Promise<PeerFigures>; dispose: () => Promise<unknown> }> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(dir)}/`;
  const id = basename(dir);
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const model = await AutoModelForCausalLM.from_pretrained(id, {
    dtype: 'fp32',
    device: 'cpu',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const inputs = tokenizer(prompt);
  const run = async (): Promise<PeerFigures> => {
    const streamer = new TimingStreamer();
    const started = performance.now();
    const output = await model.generate({
      ...inputs,
      max_new_tokens: tokens,
      min_new_tokens: tokens,
      do_sample: false,
      streamer: streamer as never,
    });
    const ended = performance.now();
    const ids = Array.from((output as Tensor).tolist()[0] as bigint[], Number);
    const generated = ids.slice(ids.length - tokens);
    const times = streamer.times.slice(1);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    gaps.sort((a, b) => a - b);
    return {
      medianTokenMs: gaps[Math.floor(gaps.length / 2)],
      endToEndTps: generated.length / ((ended - started) / 1000),
      tokens: generated,
    };
  };
  await run(); // warm-up
  return { run, dispose: () => model.dispose() };
}
