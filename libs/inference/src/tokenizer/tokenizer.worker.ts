import { LRUCache } from 'lru-cache';
import type { EncodeTask } from './tokenizer-pool';
import { TextTokenizer } from './text-tokenizer';

/** Each thread keeps the tokenizers of the models it saw last. */
const tokenizers = new LRUCache<string, TextTokenizer>({ max: 8 });

/** Runs in a worker thread of TokenizerPool: one prompt to token ids. */
export default function encode(task: EncodeTask): Uint32Array {
  let tokenizer = tokenizers.get(task.modelDir);
  if (!tokenizer) {
    tokenizer = new TextTokenizer(task.modelDir);
    tokenizers.set(task.modelDir, tokenizer);
  }
  const ids =
    task.messages !== undefined
      ? tokenizer.encodeChat(task.messages)
      : tokenizer.encode(task.prompt);
  return Uint32Array.from(ids);
}
