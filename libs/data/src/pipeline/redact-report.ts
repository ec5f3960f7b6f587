import { redactText } from '../pii/redact-text';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function redactFields(item: unknown, fields: readonly string[]): unknown {
  if (!isObject(item)) return item;
  const out: Json = { ...item };
  for (const f of fields) {
    const value = out[f];
    if (typeof value === 'string') out[f] = redactText(value);
  }
  return out;
}

/**
 * A stored ingestion report with the personal data of its texts (rejection excerpts and
 * details, before/after samples) marked by type. New reports are written that way; this is
 * for serving ones stored before they were, and tolerates any shape. Texts that were cut
 * through a value keep the part before the cut.
 */
export function redactReport(report: Json): Json {
  const out: Json = { ...report };
  const rejected = report['rejected'];
  if (isObject(rejected) && isObject(rejected['byReason'])) {
    const byReason: Json = {};
    for (const [reason, stats] of Object.entries(rejected['byReason'])) {
      byReason[reason] =
        isObject(stats) && Array.isArray(stats['examples'])
          ? {
              ...stats,
              examples: stats['examples'].map((e) => redactFields(e, ['detail', 'excerpt'])),
            }
          : stats;
    }
    out['rejected'] = { ...rejected, byReason };
  }
  if (Array.isArray(report['samples'])) {
    out['samples'] = report['samples'].map((s) => redactFields(s, ['before', 'after']));
  }
  return out;
}
