import { describe, expect, it } from 'vitest';
import { chineseIdCheckChar, luhnCheckDigit } from './checksums';
import type { PiiCounts } from './pii-scrubber';
import { emptyPiiCounts, scrubPii } from './pii-scrubber';

function scrub(text: string): { text: string; counts: PiiCounts } {
  const counts = emptyPiiCounts();
  return { text: scrubPii(text, counts).text, counts };
}

const ID = '11010519491231002X';
const CARD = '621700123456789' + luhnCheckDigit('621700123456789');

describe('scrubPii', () => {
  it('replaces each kind of personal data with its placeholder, in Chinese text', () => {
    const { text, counts } = scrub(
      `联系人邮箱li.ming@example.cn，手机13800138000，身份证号${ID}，卡号${CARD}，登录IP 192.168.1.20。`,
    );
    expect(text).toBe(
      '联系人邮箱<EMAIL>，手机<PHONE>，身份证号<CN_ID>，卡号<BANK_CARD>，登录IP <IP>。',
    );
    expect(counts).toEqual({ EMAIL: 1, PHONE: 1, CN_ID: 1, BANK_CARD: 1, IP: 1 });
  });

  it('finds phone numbers in mainland and international formats', () => {
    for (const phone of [
      '+86 138 0013 8000',
      '0086-13912345678',
      '139-1234-5678',
      '010-62345678',
      '(0755) 8765 4321',
      '+44 20 7946 0958',
      '+1 (415) 555-0132',
      '(415) 555-0132',
    ]) {
      expect(scrub(`Call ${phone} today.`).text, phone).toBe('Call <PHONE> today.');
    }
  });

  it('finds grouped card numbers and IPv6 addresses', () => {
    expect(scrub('Card 4539 5787 6362 1486 was used.').text).toBe('Card <BANK_CARD> was used.');
    expect(scrub('From 2001:db8::8a2e:370:7334 and fe80::1.').text).toBe('From <IP> and <IP>.');
  });

  it('leaves numbers alone that fail their checks', () => {
    const badId = '110105194912310021';
    const cases = [
      `档案编号${badId}已归档。`, // ID with a wrong check character
      'Card 4539 5787 6362 1487 was declined.', // Luhn fails
      'Order 1234567812345670 shipped.', // Luhn passes, no card prefix
      'Revenue rose 12.5% to 3,400 million in 2023.',
      'The meeting starts at 10:30:00 in room 4.',
      'Version 1.2.3 of the tool, and 999.1.1.1 is not an address.',
      '编号20231105123456789012的订单',
    ];
    for (const text of cases) expect(scrub(text).text, text).toBe(text);
  });

  it('does not take an ID for a card or a phone number', () => {
    const id = '44030420000229123' + chineseIdCheckChar('44030420000229123');
    const { counts } = scrub(`ID ${id}`);
    expect(counts).toEqual({ EMAIL: 0, PHONE: 0, CN_ID: 1, BANK_CARD: 0, IP: 0 });
  });
});
