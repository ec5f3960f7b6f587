const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
// First two digits of a resident ID: the province-level division (GB/T 2260), 83 for
// residence permits of Taiwan residents.
const ID_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID. */
export function chineseIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/**
 * An 18-character mainland resident ID number: a known province code, a real birth date not
 * in the future and not before 1900, and a matching check character.
 */
export function isValidChineseId(id: string, now: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!ID_PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || !isValidDate(year, month, day)) return false;
  if (Date.UTC(year, month - 1, day) > now.getTime()) return false;
  return chineseIdCheckChar(id.slice(0, 17)) === id[17].toUpperCase();
}

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit that completes `partial`. */
export function luhnCheckDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + String(d))) return String(d);
  return '0';
}

/**
 * A payment card number: 13 to 19 digits, an issuer prefix of the major networks (2-6:
 * Mastercard, Amex/JCB/Diners, Visa, Mastercard, UnionPay/Discover) and a valid Luhn digit.
 * The prefix rule keeps order and serial numbers, one in ten of which pass Luhn by chance,
 * from being taken for cards.
 */
export function isValidBankCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  const first = digits.charCodeAt(0) - 48;
  if (first < 2 || first > 6) return false;
  return luhnValid(digits);
}
