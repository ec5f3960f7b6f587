import type { DatasetRecord, DatasetRecordResult } from '@alloy/plugin-sdk';

const FULL_WIDTH_SYMBOLS: Readonly<Record<string, string>> = {
  '＄': '$',
  '￥': '¥',
  '￡': '£',
  '％': '%',
};

/**
 * Normalises how financial text writes numbers, currencies and tickers, and nothing else: every
 * rewrite needs a digit, a `$`, an exchange suffix or a listed ticker next to it, so ordinary
 * words are never touched. Chinese units (亿, 万) are kept as written.
 */
export function normaliseFinancialText(text: string, tickers: ReadonlySet<string>): string {
  let out = text
    // Full-width digits and symbols, as Chinese input methods type them.
    .replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[＄￥￡％]/gu, (c) => FULL_WIDTH_SYMBOLS[c] ?? c)
    .replace(/(?<=\d)．(?=\d)/gu, '.')
    .replace(/(?<=\d)，(?=\d{3}(?!\d))/gu, ',');

  // One code per currency: US$ and usd become USD, RMB, CN¥ and cny become CNY.
  out = out
    .replace(/\bUS\s?\$\s?(?=\d)/gu, 'USD ')
    .replace(/\bCN\s?¥\s?(?=\d)/gu, 'CNY ')
    .replace(/\b(?:RMB|rmb|Rmb)\s?(?=\d)/gu, 'CNY ')
    .replace(/(?<=\d[万亿]*)\s?(?:RMB|rmb|Rmb)\b/gu, ' CNY')
    .replace(/\b(?:usd|Usd)(?=\s?\d)/gu, 'USD')
    .replace(/(?<=\d[万亿]*\s?)(?:usd|Usd)\b/gu, 'USD')
    .replace(/\b(?:cny|Cny)(?=\s?\d)/gu, 'CNY')
    .replace(/(?<=\d[万亿]*\s?)(?:cny|Cny)\b/gu, 'CNY');

  // Magnitudes written as abbreviations after a number.
  out = out
    .replace(/(?<=\d)\s?(?:bn|bln)\b/giu, ' billion')
    .replace(/(?<=\d)\s?(?:mn|mln)\b/giu, ' million')
    .replace(/(?<=\d)\s?(?:tn|trn)\b/giu, ' trillion');

  // Tickers: a cashtag, a Reuters exchange suffix, or a listed ticker in lower case.
  out = out
    .replace(/(?<![\w$])\$([A-Za-z]{1,5})(?![\w.]|\.\w)/gu, (_m, t: string) => t.toUpperCase())
    .replace(/(?<![\w.&])([A-Z]{2,5})\.(?:OQ|O|N|K)(?![\w.])/gu, '$1')
    .replace(/(?<![\w.&@/-])([A-Za-z]{1,5})\.(?:oq|o|n)(?![\w.])/gu, (m, t: string) =>
      tickers.has(t.toUpperCase()) ? t.toUpperCase() : m,
    )
    .replace(/(?<![\w.&@/$-])([A-Za-z]{2,5})(?![\w@/-]|\.\w)/gu, (m, t: string) =>
      t !== t.toUpperCase() && tickers.has(t.toUpperCase()) ? t.toUpperCase() : m,
    )
    .replace(
      /\b(\d{6})\.(sh|sz|ss|bj)\b/giu,
      (_m, code: string, ex: string) => `${code}.${ex.toUpperCase()}`,
    )
    .replace(/\b(\d{4,5})\.hk\b/giu, (_m, code: string) => `${code}.HK`);
  return out;
}

/** The record with its text normalised, or nothing when no field changed. */
export function normaliseFinancialRecord(
  record: DatasetRecord,
  tickers: ReadonlySet<string>,
): DatasetRecordResult {
  const norm = (text: string): string => normaliseFinancialText(text, tickers);
  let next: DatasetRecord;
  if ('text' in record) {
    next = { ...record, text: norm(record.text) };
  } else if ('messages' in record) {
    next = {
      ...record,
      messages: record.messages.map((m) => ({ ...m, content: norm(m.content) })),
    };
  } else {
    next = { ...record, question: norm(record.question), choices: record.choices.map(norm) };
  }
  return JSON.stringify(next) === JSON.stringify(record) ? undefined : next;
}
