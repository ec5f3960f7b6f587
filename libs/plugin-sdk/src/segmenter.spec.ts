import { describe, expect, it } from 'vitest';
import { ResponseSegmenter, segmentText } from './segmenter';

function streamed(text: string, chunkSize: number): string[] {
  const segmenter = new ResponseSegmenter();
  const segments: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) {
    segments.push(...segmenter.push(text.slice(i, i + chunkSize)));
  }
  segments.push(segmenter.flush());
  return segments;
}

describe('ResponseSegmenter', () => {
  it('cuts at sentence ends and line breaks, keeping the space with the sentence', () => {
    expect(segmentText('Rates rose. Will they fall? Maybe\nNew line')).toEqual([
      'Rates rose. ',
      'Will they fall? ',
      'Maybe\n',
      'New line',
    ]);
  });

  it('keeps numbers and abbreviations whole while their digits stream in', () => {
    const segmenter = new ResponseSegmenter();
    expect(segmenter.push('The rate is 3.')).toEqual([]);
    expect(segmenter.push('5% now. Next')).toEqual(['The rate is 3.5% now. ']);
    expect(segmenter.flush()).toBe('Next');
  });

  it('cuts a CJK sentence at its full stop without waiting for a space', () => {
    expect(segmentText('利率上升。明天')).toEqual(['利率上升。', '明天']);
  });

  it('cuts a long run without sentence ends at a space', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const segments = segmentText(words);
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.join('')).toBe(words);
    for (const segment of segments.slice(0, -1)) expect(segment.endsWith(' ')).toBe(true);
  });

  it('cuts the same however the stream is chunked', () => {
    const long = `${'An overlong clause that never ends '.repeat(8)}until here. Then a short one. And 3.5 more.\nDone`;
    const whole = segmentText(long);
    for (const size of [1, 2, 3, 7, 16, 50, 239, 240, 241, 1000]) {
      expect(streamed(long, size)).toEqual(whole);
    }
  });
});
