/**
 * Unicode form applied to every text. NFC is the default: NFKC would also fold the full-width
 * punctuation of Chinese (，：？（）) into ASCII and flatten superscripts and fractions such as
 * m² or ½, changing how the model learns to write. The one NFKC folding that matters for
 * cleaning — full-width letters and digits, which hide phone numbers and IDs from the PII
 * patterns and duplicates from the hash — is done separately in both forms.
 */
export type UnicodeForm = 'NFC' | 'NFKC';

const FULL_WIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g;
// Controls other than tab and newline, zero-width characters and the soft hyphen carry no text.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u200b-\u200d\u2060\ufeff]/g;
const SPACES = /[\t\u00a0\u2000-\u200a\u202f\u205f\u3000 ]+/g;
const SPACE_AROUND_NEWLINE = / ?\n ?/g;
const BLANK_LINES = /\n{3,}/g;

function foldFullWidth(text: string): string {
  return text.replace(FULL_WIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Normalises one text: Unicode form, full-width letters and digits to ASCII, line breaks to
 * `\n`, invisible characters removed, runs of spaces collapsed, lines trimmed, at most one
 * blank line between paragraphs, and no leading or trailing whitespace.
 */
export function normalizeText(text: string, form: UnicodeForm = 'NFC'): string {
  let out = text.normalize(form);
  if (form === 'NFC') out = foldFullWidth(out);
  return out
    .replace(LINE_BREAKS, '\n')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .replace(SPACE_AROUND_NEWLINE, '\n')
    .replace(BLANK_LINES, '\n\n')
    .trim();
}
