import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';

export interface ChatMessage {
  role: string;
  content: string;
}

type TokenizerConfig = Record<string, unknown> & { chat_template?: unknown };

/**
 * The part of @huggingface/tokenizers used here. Its ESM type declarations use extensionless
 * relative imports, which a CommonJS (nodenext) build cannot follow, so the class is typed here.
 */
interface HfTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
  token_to_id(token: string): number | undefined;
}
const HfTokenizerClass = Tokenizer as unknown as new (
  tokenizer: object,
  config: object,
) => HfTokenizer;

/**
 * The tokenizer of a Hugging Face model directory (`tokenizer.json`) with its chat template
 * (`tokenizer_config.json`), through @huggingface/tokenizers and @huggingface/jinja.
 */
export class TextTokenizer {
  private readonly tokenizer: HfTokenizer;
  private readonly template?: Template;
  private readonly config: TokenizerConfig;
  /** Token ids that end a generation (generation_config.json, else the tokenizer's eos token). */
  readonly eosTokenIds: ReadonlySet<number>;

  constructor(modelDir: string) {
    const json = JSON.parse(readFileSync(join(modelDir, 'tokenizer.json'), 'utf8')) as object;
    const configPath = join(modelDir, 'tokenizer_config.json');
    this.config = existsSync(configPath)
      ? (JSON.parse(readFileSync(configPath, 'utf8')) as TokenizerConfig)
      : {};
    this.tokenizer = new HfTokenizerClass(json, this.config);
    const template = this.config.chat_template;
    if (typeof template === 'string') this.template = new Template(template);
    this.eosTokenIds = new Set(this.readEosIds(modelDir));
  }

  get hasChatTemplate(): boolean {
    return this.template !== undefined;
  }

  encode(text: string): number[] {
    return this.tokenizer.encode(text, {
      add_special_tokens: this.config['add_bos_token'] === true,
    }).ids;
  }

  /** Decodes ids to text; an empty list is the empty string (the library throws on it). */
  decode(ids: readonly number[], skipSpecialTokens = true): string {
    if (ids.length === 0) return '';
    return this.tokenizer.decode([...ids], { skip_special_tokens: skipSpecialTokens });
  }

  applyChatTemplate(messages: readonly ChatMessage[], addGenerationPrompt = true): string {
    if (!this.template) throw new Error('the model has no chat_template in tokenizer_config.json');
    return this.template.render({
      messages,
      add_generation_prompt: addGenerationPrompt,
      bos_token: tokenText(this.config['bos_token']),
      eos_token: tokenText(this.config['eos_token']),
      pad_token: tokenText(this.config['pad_token']),
      unk_token: tokenText(this.config['unk_token']),
    });
  }

  private readEosIds(modelDir: string): number[] {
    const genPath = join(modelDir, 'generation_config.json');
    if (existsSync(genPath)) {
      const eos = (
        JSON.parse(readFileSync(genPath, 'utf8')) as { eos_token_id?: number | number[] }
      ).eos_token_id;
      if (typeof eos === 'number') return [eos];
      if (Array.isArray(eos)) return eos;
    }
    const eosText = tokenText(this.config['eos_token']);
    const id = eosText ? this.tokenizer.token_to_id(eosText) : undefined;
    return id === undefined ? [] : [id];
  }
}

function tokenText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (
    value &&
    typeof value === 'object' &&
    'content' in value &&
    typeof value.content === 'string'
  ) {
    return value.content;
  }
  return '';
}
