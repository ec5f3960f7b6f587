import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHfTokenizer } from './hf-tokenizer.adapter';
import { createTokenCounter } from './text-tokenizer';

/** GPT-2's byte-to-character table, from which a byte-level BPE vocabulary is built. */
function byteChars(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCharCode(printable.includes(b) ? b : 256 + extra++);
  }
  return table;
}

/** A tiny byte-level BPE tokenizer.json: 256 byte tokens and one merge ("t" + "h"). */
function tinyTokenizer(): object {
  const vocab: Record<string, number> = {};
  byteChars().forEach((c, i) => (vocab[c] = i));
  vocab['th'] = 256;
  const byteLevel = {
    type: 'ByteLevel',
    add_prefix_space: false,
    trim_offsets: true,
    use_regex: true,
  };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: null,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: ['t h'],
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'alloy-tokenizer-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadHfTokenizer', () => {
  it('loads tokenizer.json from a model directory and counts its tokens', async () => {
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizer()));
    const tokenizer = await loadHfTokenizer(dir);
    expect(Array.from(tokenizer.encode('the'))).toEqual([256, 'e'.charCodeAt(0)]);
    const counter = createTokenCounter(tokenizer);
    // One token per UTF-8 byte, except the merged "th": 中 is three bytes.
    expect(counter.count('中')).toBe(3);
    expect(counter.count('that')).toBe(3);
    expect(counter.count('')).toBe(0);
    expect(counter.name).toContain('tokenizer.json');
  });

  it('falls back to counting words when no tokenizer is given', () => {
    const counter = createTokenCounter();
    expect(counter.name).toBe('fallback:words');
    expect(counter.count('银行 rate 12.5')).toBe(4);
  });
});
