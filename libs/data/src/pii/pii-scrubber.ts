import { isIPv4, isIPv6 } from 'node:net';
import { isValidBankCard, isValidChineseId } from './checksums';

export type PiiType = 'EMAIL' | 'PHONE' | 'CN_ID' | 'BANK_CARD' | 'IP';

export const PII_TYPES: readonly PiiType[] = ['EMAIL', 'PHONE', 'CN_ID', 'BANK_CARD', 'IP'];

export type PiiCounts = Record<PiiType, number>;

export function emptyPiiCounts(): PiiCounts {
  return { EMAIL: 0, PHONE: 0, CN_ID: 0, BANK_CARD: 0, IP: 0 };
}

interface Detector {
  type: PiiType;
  pattern: RegExp;
  accept?: (match: string) => boolean;
  /** A cheap test that must hold for the pattern to match at all; skips most texts. */
  hint?: (text: string) => boolean;
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');

/**
 * Order matters: e-mail first (its local part may hold digits), then the checksummed numbers
 * (an ID is 18 digits that could also look like a card or phone), then IPs, then phones.
 * Every pattern refuses to start or end inside a longer run of digits or letters.
 */
const DETECTORS: readonly Detector[] = [
  {
    type: 'EMAIL',
    hint: (t) => t.includes('@'),
    pattern:
      /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])/g,
  },
  {
    type: 'CN_ID',
    pattern: /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g,
    accept: (m) => isValidChineseId(m),
  },
  {
    type: 'BANK_CARD',
    // Grouped as printed (4-4-4-4, 4-6-5 for Amex, 6-13 for some UnionPay) or plain.
    pattern: /(?<![\d-])\d{4,6}(?:[ -]?\d{3,7}){1,4}(?![\d-])/g,
    accept: (m) => isValidBankCard(digitsOf(m)),
  },
  {
    type: 'IP',
    pattern:
      /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3})(?![\w:])/g,
    accept: (m) => isIPv6(m) && /[0-9A-Fa-f]/.test(m),
    hint: (t) => t.includes(':'),
  },
  {
    type: 'IP',
    pattern: /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d]|\.\d)/g,
    accept: (m) => isIPv4(m),
    hint: (t) => t.includes('.'),
  },
  {
    type: 'PHONE',
    // Mainland mobile numbers, optionally with +86/0086, written whole or as 3-4-4.
    pattern: /(?<![\d+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g,
  },
  {
    type: 'PHONE',
    // Mainland landlines with an area code: 010-12345678, (0755) 1234 5678.
    pattern: /(?<!\d)(?:\(0\d{2,3}\)\s?|0\d{2,3}-)\d{3,4}[ -]?\d{4}(?!\d)/g,
    hint: (t) => t.includes('-') || t.includes('('),
  },
  {
    type: 'PHONE',
    // International numbers with a country code: +44 20 7946 0958, +1 (415) 555-0132.
    pattern: /(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)/g,
    accept: (m) => {
      const n = digitsOf(m).length;
      return n >= 8 && n <= 15;
    },
    hint: (t) => t.includes('+'),
  },
  {
    type: 'PHONE',
    // North American style without a country code: (415) 555-0132, 415-555-0132.
    pattern: /(?<!\d)(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?!\d)/g,
    hint: (t) => t.includes('-') || t.includes('.'),
  },
];

export interface ScrubResult {
  text: string;
  found: number;
}

/**
 * Replaces personal data with typed placeholders such as `<EMAIL>` and `<CN_ID>` and adds
 * what it found to `counts`. Numbers that only look like IDs or cards (wrong checksum, invalid
 * birth date) are left alone.
 */
export function scrubPii(text: string, counts: PiiCounts): ScrubResult {
  let out = text;
  let found = 0;
  // Cheap pre-check: nearly every detector needs a digit or an @.
  if (!/[\d@]/.test(out)) return { text: out, found };
  for (const d of DETECTORS) {
    if (d.hint && !d.hint(out)) continue;
    d.pattern.lastIndex = 0;
    out = out.replace(d.pattern, (match) => {
      if (d.accept && !d.accept(match)) return match;
      counts[d.type]++;
      found++;
      return `<${d.type}>`;
    });
  }
  return { text: out, found };
}
