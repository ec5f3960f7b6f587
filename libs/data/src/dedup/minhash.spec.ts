import { describe, expect, it } from 'vitest';
import { LshIndex, optimalLshParams } from './lsh-index';
import { MinHasher, estimateJaccard } from './minhash';

const EN =
  'The central bank kept its policy rate unchanged this quarter, and most analysts said that the ' +
  'decision reflected a careful balance between growth and inflation. Lending to small firms rose ' +
  'with support from a new guarantee scheme, while the property sector remained weak.';
const ZH =
  '中国人民银行本季度维持政策利率不变，多数分析人士认为这一决定体现了稳增长与控通胀之间的平衡。' +
  '在新的担保计划支持下，小微企业贷款有所增长，而房地产市场依然低迷，销售额已连续三个月下降。';

const hasher = new MinHasher({ numPerm: 128, shingleSize: 5 });

describe('MinHash + LSH', () => {
  it('estimates high similarity for small edits and low for different texts', () => {
    const sig = hasher.signature(EN);
    expect(estimateJaccard(sig, hasher.signature(EN))).toBe(1);
    expect(estimateJaccard(sig, hasher.signature(EN.replace('third', 'fourth')))).toBeGreaterThan(
      0.85,
    );
    expect(estimateJaccard(sig, hasher.signature(ZH))).toBeLessThan(0.1);
  });

  it('catches near duplicates above the threshold in English and Chinese', () => {
    const index = new LshIndex(128, 0.8);
    expect(index.query(hasher.signature(EN))).toEqual({ id: 0 });
    expect(index.query(hasher.signature(ZH))).toEqual({ id: 1 });
    const enEdit = EN.replace('unchanged', 'steady').replace('small firms', 'small companies');
    const zhEdit = ZH.replace('三个月', '四个月');
    expect(index.query(hasher.signature(enEdit))).toMatchObject({ duplicateOf: 0 });
    expect(index.query(hasher.signature(zhEdit))).toMatchObject({ duplicateOf: 1 });
    // Case and punctuation do not make a document new.
    expect(index.query(hasher.signature(EN.toUpperCase().replace(/,/g, ';')))).toMatchObject({
      duplicateOf: 0,
    });
  });

  it('keeps related but distinct documents below the threshold', () => {
    const index = new LshIndex(128, 0.8);
    index.query(hasher.signature(EN));
    const half =
      EN.slice(0, EN.length / 2) +
      ' Exporters asked for longer credit terms as shipping costs rose sharply.';
    expect(index.query(hasher.signature(half))).toEqual({ id: 1 });
    const zhHalf =
      ZH.slice(0, ZH.length / 2) +
      '出口企业因运费上涨要求延长信用期限，商务部门表示将在年底前修订相关规定。';
    index.query(hasher.signature(ZH));
    expect(index.query(hasher.signature(zhHalf))).toEqual({ id: 3 });
  });

  it('respects a configurable threshold', () => {
    const edited =
      EN.slice(0, Math.floor(EN.length * 0.75)) + ' and rates on new mortgages fell slightly.';
    const similarity = estimateJaccard(hasher.signature(EN), hasher.signature(edited));
    expect(similarity).toBeGreaterThan(0.5);
    expect(similarity).toBeLessThan(0.8);
    const loose = new LshIndex(128, 0.5);
    loose.query(hasher.signature(EN));
    expect(loose.query(hasher.signature(edited))).toMatchObject({ duplicateOf: 0 });
    const strict = new LshIndex(128, 0.8);
    strict.query(hasher.signature(EN));
    expect(strict.query(hasher.signature(edited))).toEqual({ id: 1 });
  });

  it('chooses bands that rarely miss a pair well above the threshold', () => {
    const { bands, rows } = optimalLshParams(0.8, 128);
    expect(bands * rows).toBeLessThanOrEqual(128);
    const found = (s: number): number => 1 - Math.pow(1 - Math.pow(s, rows), bands);
    expect(found(0.9)).toBeGreaterThan(0.99);
    expect(found(0.3)).toBeLessThan(0.001);
  });
});
