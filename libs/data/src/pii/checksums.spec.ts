import { describe, expect, it } from 'vitest';
import { chineseIdCheckChar, isValidBankCard, isValidChineseId, luhnValid } from './checksums';

const NOW = new Date('2026-01-01T00:00:00Z');

describe('isValidChineseId', () => {
  it('accepts IDs with a valid province, birth date and check character', () => {
    // The standard's own example (GB 11643-1999) and one ending in X.
    expect(isValidChineseId('11010519491231002X', NOW)).toBe(true);
    expect(isValidChineseId('440524188001010014', NOW)).toBe(false); // born 1880: before 1900
    const id = '44030420000229123' + chineseIdCheckChar('44030420000229123');
    expect(isValidChineseId(id, NOW)).toBe(true); // 29 February of a leap year
    expect(isValidChineseId(id.toLowerCase(), NOW)).toBe(true);
  });

  it('rejects a wrong check character, impossible dates and unknown provinces', () => {
    expect(isValidChineseId('110105194912310021', NOW)).toBe(false);
    const feb29 = '44030419990229123';
    expect(isValidChineseId(feb29 + chineseIdCheckChar(feb29), NOW)).toBe(false);
    const month13 = '11010519491331002';
    expect(isValidChineseId(month13 + chineseIdCheckChar(month13), NOW)).toBe(false);
    const future = '11010520300101002';
    expect(isValidChineseId(future + chineseIdCheckChar(future), NOW)).toBe(false);
    const province99 = '99010519491231002';
    expect(isValidChineseId(province99 + chineseIdCheckChar(province99), NOW)).toBe(false);
    expect(isValidChineseId('11010519491231002', NOW)).toBe(false); // 17 digits
  });
});

describe('bank cards', () => {
  it('accepts Luhn-valid numbers with a card-network prefix', () => {
    expect(luhnValid('4539578763621486')).toBe(true);
    expect(isValidBankCard('4539578763621486')).toBe(true); // Visa test pattern
    expect(isValidBankCard('6212345678901232')).toBe(true); // UnionPay-style, 16 digits
    expect(isValidBankCard('378282246310005')).toBe(true); // Amex test number
  });

  it('rejects a wrong check digit, a non-card prefix and wrong lengths', () => {
    expect(isValidBankCard('4539578763621487')).toBe(false);
    expect(luhnValid('1234567812345670')).toBe(true);
    expect(isValidBankCard('1234567812345670')).toBe(false); // prefix 1: not a card network
    expect(isValidBankCard('424242424242')).toBe(false); // 12 digits
    expect(isValidBankCard('42424242424242424242')).toBe(false); // 20 digits
  });
});
