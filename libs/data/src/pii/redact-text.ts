import { emptyPiiCounts, scrubPii } from './pii-scrubber';

/** JSON's escape sequences: `\n`, `\"`, `\u00e9`... */
const JSON_ESCAPE = /(\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))/;

/**
 * Text for a report, a log or an error message with its personal data replaced by the
 * scrubber's typed markers (`<EMAIL>`, `<PHONE>`...), whatever the ingestion options were.
 * It counts nothing. Raw lines and serialised records hold JSON escapes, and a value right
 * after one (`\n11010519491231002X`) touches a letter that the detectors refuse to start
 * after, so the pieces between escapes are scrubbed one by one, then the whole text once more
 * for anything an escape cut in two. Scrub before cutting a text short: a cut value is no
 * longer recognised.
 */
export function redactText(text: string): string {
  const counts = emptyPiiCounts();
  const pieces = text.includes('\\')
    ? text
        .split(JSON_ESCAPE)
        .map((part, i) => (i % 2 === 1 ? part : scrubPii(part, counts).text))
        .join('')
    : text;
  return scrubPii(pieces, counts).text;
}
