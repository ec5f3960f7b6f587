import type { SeededRandom } from './sample-random.helpers';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
// Real province codes with made-up prefecture and county digits.
const PROVINCES = ['11', '31', '32', '33', '37', '42', '44', '51', '61'];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function idCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** A made-up resident ID number with a valid birth date and check character. */
export function fakeChineseId(r: SeededRandom, province?: string): string {
  const first17 =
    (province ?? r.pick(PROVINCES)) +
    pad(r.int(1, 99), 2) +
    pad(r.int(1, 99), 2) +
    String(r.int(1950, 2004)) +
    pad(r.int(1, 12), 2) +
    pad(r.int(1, 28), 2) +
    pad(r.int(0, 999), 3);
  return first17 + idCheck(first17);
}

/** The same shape as an ID but with a wrong check character: must not be scrubbed. */
export function badChecksumId(r: SeededRandom, province?: string): string {
  const good = fakeChineseId(r, province);
  const wrong = ID_CHECK[(ID_CHECK.indexOf(good[17]) + 1) % 11];
  return good.slice(0, 17) + wrong;
}

function luhnDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = partial + String(d);
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let v = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return String(d);
  }
  return '0';
}

/** A made-up card number with a valid Luhn digit (UnionPay 62..., Visa 4...). */
export function fakeBankCard(r: SeededRandom): string {
  const prefix = r.pick(['6217', '6222', '6228', '4000', '5200']);
  let body = prefix;
  const length = prefix.startsWith('62') ? 19 : 16;
  while (body.length < length - 1) body += String(r.int(0, 9));
  const card = body + luhnDigit(body);
  return length === 16 && r.chance(0.5) ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : card;
}

export function fakeMobile(r: SeededRandom): string {
  const n = `1${r.pick(['38', '39', '50', '58', '86', '77'])}${pad(r.int(0, 99_999_999), 8)}`;
  return r.chance(0.3) ? `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}` : n;
}

export function fakeInternationalPhone(r: SeededRandom): string {
  return r.pick([
    `+44 20 7946 ${pad(r.int(0, 9999), 4)}`,
    `+1 (415) 555-${pad(r.int(100, 199), 4)}`,
    `+65 6${pad(r.int(0, 9_999_999), 7)}`,
  ]);
}

export function fakeEmail(r: SeededRandom, names: readonly string[]): string {
  const user = `${r.pick(names)}.${r.pick(names)}${r.int(1, 99)}`.toLowerCase();
  return `${user}@${r.pick(['example.com', 'example.org', 'example.cn', 'mail.example.net'])}`;
}

export function fakeIp(r: SeededRandom): string {
  return r.chance(0.8)
    ? `${r.pick(['10', '172', '192'])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`
    : `2001:db8:${r.int(0, 0xffff).toString(16)}::${r.int(1, 0xffff).toString(16)}`;
}
