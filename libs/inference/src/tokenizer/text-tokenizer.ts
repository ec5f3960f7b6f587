import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import { SpecialTextEscaper, alternation } from './special-text-escaper';

export interface ChatMessage {
  role: string;
  content: string;
}

type TokenizerConfig = Record<string, unknown> & { chat_template?: unknown };

/** An entry of `added_tokens` in tokenizer.json. */
interface AddedToken {
  id: number;
  content: string;
  special?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
}

type TokenizerJson = { added_tokens?: AddedToken[] } & Record<string, unknown>;

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
 *
 * Text from a user never becomes a control token: a prompt or a message that contains `<|im_end|>`
 * or `</s>` is tokenised as those characters. Only the markers the chat template itself writes are
 * special tokens.
 */
export class TextTokenizer {
  private readonly tokenizer: HfTokenizer;
  /** The same tokenizer without its special tokens: it reads their strings as plain text. */
  private readonly plainText: HfTokenizer;
  /** Special tokens by their string. */
  private readonly specials: ReadonlyMap<string, AddedToken>;
  private readonly specialPattern?: RegExp;
  private readonly template?: Template;
  private readonly templateSource: string;
  private readonly config: TokenizerConfig;
  private readonly bosTokenId?: number;
  /** Token ids that end a generation (generation_config.json, else the tokenizer's eos token). */
  readonly eosTokenIds: ReadonlySet<number>;

  constructor(modelDir: string) {
    const json = JSON.parse(
      readFileSync(join(modelDir, 'tokenizer.json'), 'utf8'),
    ) as TokenizerJson;
    const configPath = join(modelDir, 'tokenizer_config.json');
    this.config = existsSync(configPath)
      ? (JSON.parse(readFileSync(configPath, 'utf8')) as TokenizerConfig)
      : {};
    this.tokenizer = new HfTokenizerClass(json, this.config);
    const added = json.added_tokens ?? [];
    this.specials = new Map(added.filter((t) => t.special).map((t) => [t.content, t]));
    this.plainText = new HfTokenizerClass(
      { ...json, added_tokens: added.filter((t) => !t.special) },
      this.config,
    );
    if (this.specials.size) this.specialPattern = alternation([...this.specials.keys()]);
    const template = this.config.chat_template;
    this.templateSource = typeof template === 'string' ? template : '';
    if (typeof template === 'string') this.template = new Template(template);
    const bos = tokenText(this.config['bos_token']);
    this.bosTokenId = bos ? this.tokenizer.token_to_id(bos) : undefined;
    this.eosTokenIds = new Set(this.readEosIds(modelDir));
  }

  get hasChatTemplate(): boolean {
    return this.template !== undefined;
  }

  /**
   * Token ids of a text, special-token strings in it read as plain text; the model's BOS token first
   * when its tokenizer_config.json says `add_bos_token`.
   */
  encode(text: string): number[] {
    const ids = this.encodePlain(text);
    return this.config['add_bos_token'] === true && this.bosTokenId !== undefined
      ? [this.bosTokenId, ...ids]
      : ids;
  }

  /**
   * Token ids of chat messages rendered with the chat template (as Hugging Face's
   * `apply_chat_template(tokenize=True)`: the template writes every special token it wants). Only
   * the template's own markers become special tokens; the same strings in a role or a content are
   * text.
   */
  encodeChat(messages: readonly ChatMessage[], addGenerationPrompt = true): number[] {
    const escaper = new SpecialTextEscaper(
      [...this.specials.keys()],
      [this.templateSource, ...messages.flatMap((m) => [m.role, m.content])],
    );
    const rendered = this.applyChatTemplate(
      messages.map((m) => ({ role: escaper.escape(m.role), content: escaper.escape(m.content) })),
      addGenerationPrompt,
    );
    return this.encodeWithMarkers(rendered, escaper);
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

  private encodePlain(text: string): number[] {
    return text ? this.plainText.encode(text, { add_special_tokens: false }).ids : [];
  }

  /**
   * Encodes rendered template text: its special-token strings are control tokens (stripping
   * whitespace beside them where the token says `lstrip` / `rstrip`, as the tokenizer would), and
   * what lies between is unescaped and read as plain text.
   */
  private encodeWithMarkers(rendered: string, escaper: SpecialTextEscaper): number[] {
    const sections: (string | AddedToken)[] = [];
    let from = 0;
    for (const match of this.specialPattern ? rendered.matchAll(this.specialPattern) : []) {
      sections.push(rendered.slice(from, match.index), this.specials.get(match[0])!);
      from = match.index + match[0].length;
    }
    sections.push(rendered.slice(from));
    const ids: number[] = [];
    sections.forEach((section, i) => {
      if (typeof section !== 'string') {
        ids.push(section.id);
        return;
      }
      let text = section;
      const before = sections[i - 1];
      const after = sections[i + 1];
      if (typeof before === 'object' && before.rstrip) text = text.trimStart();
      if (typeof after === 'object' && after.lstrip) text = text.trimEnd();
      for (const id of this.encodePlain(escaper.unescape(text))) ids.push(id);
    });
    return ids;
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
