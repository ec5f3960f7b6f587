import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TextTokenizer } from './text-tokenizer';

interface HfTokenizersModule {
  Tokenizer: new (
    tokenizerJson: object,
    tokenizerConfig: object,
  ) => { encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] } };
}

async function readJson(path: string): Promise<object> {
  return JSON.parse(await readFile(path, 'utf8')) as object;
}

/**
 * Loads a Hugging Face `tokenizer.json` (a file, or a model directory holding one and
 * optionally `tokenizer_config.json`) with `@huggingface/tokenizers`. The package is imported
 * only here, so the rest of the library runs without it.
 */
export async function loadHfTokenizer(path: string): Promise<TextTokenizer> {
  const isDir = (await stat(path)).isDirectory();
  const tokenizerPath = isDir ? join(path, 'tokenizer.json') : path;
  const configPath = join(isDir ? path : dirname(path), 'tokenizer_config.json');
  const config = await readJson(configPath).catch(() => ({}));
  // The package's own declarations do not resolve under nodenext (extensionless ESM imports),
  // so the little used here is declared locally.
  const { Tokenizer } = (await import('@huggingface/tokenizers')) as unknown as HfTokenizersModule;
  const tokenizer = new Tokenizer(await readJson(tokenizerPath), config);
  return {
    name: `hf:${tokenizerPath}`,
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
  };
}
