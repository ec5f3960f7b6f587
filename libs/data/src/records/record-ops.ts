import type {
  ChatRecord,
  CorpusRecord,
  DatasetKind,
  DatasetRecord,
  MultipleChoiceRecord,
  SafetyRecord,
} from './record.types';

/** Applies `fn` to every free text of a record (message contents, question and choices). */
export function mapTexts(
  record: DatasetRecord,
  kind: DatasetKind,
  fn: (text: string) => string,
): DatasetRecord {
  switch (kind) {
    case 'corpus':
      return { text: fn((record as CorpusRecord).text) };
    case 'chat':
      return {
        messages: (record as ChatRecord).messages.map((m) => ({
          role: m.role,
          content: fn(m.content),
        })),
      };
    case 'multiple_choice': {
      const mc = record as MultipleChoiceRecord;
      return { ...mc, question: fn(mc.question), choices: mc.choices.map(fn) };
    }
    case 'safety': {
      const s = record as SafetyRecord;
      return { ...s, prompt: fn(s.prompt) };
    }
  }
}

/**
 * Applies `fn` to every string a record holds: its free texts and the free-form labels of
 * multiple choice (`subject`, `id`) and safety (`reason`, `id`). For what must reach every
 * string (PII scrubbing) rather than only the prose (normalisation, quality). A safety
 * `expect` is one of three words, never free text.
 */
export function mapAllStrings(
  record: DatasetRecord,
  kind: DatasetKind,
  fn: (text: string) => string,
): DatasetRecord {
  const mapped = mapTexts(record, kind, fn);
  if (kind === 'multiple_choice') {
    const mc = mapped as MultipleChoiceRecord;
    return {
      ...mc,
      ...(mc.subject === undefined ? {} : { subject: fn(mc.subject) }),
      ...(mc.id === undefined ? {} : { id: fn(mc.id) }),
    };
  }
  if (kind === 'safety') {
    const s = mapped as SafetyRecord;
    return {
      ...s,
      ...(s.reason === undefined ? {} : { reason: fn(s.reason) }),
      ...(s.id === undefined ? {} : { id: fn(s.id) }),
    };
  }
  return mapped;
}

/**
 * What makes two records the same for exact de-duplication: the whole record, except that a
 * safety prompt is one case whatever its id or expectation (two verdicts for one prompt would
 * contradict each other; the first is kept).
 */
export function dedupKey(record: DatasetRecord, kind: DatasetKind): string {
  return kind === 'safety'
    ? JSON.stringify({ prompt: (record as SafetyRecord).prompt })
    : JSON.stringify(record);
}

/** The texts of a record in reading order, for token counts and similarity. */
export function textsOf(record: DatasetRecord, kind: DatasetKind): string[] {
  switch (kind) {
    case 'corpus':
      return [(record as CorpusRecord).text];
    case 'chat':
      return (record as ChatRecord).messages.map((m) => m.content);
    case 'multiple_choice': {
      const mc = record as MultipleChoiceRecord;
      return [mc.question, ...mc.choices];
    }
    case 'safety':
      return [(record as SafetyRecord).prompt];
  }
}

export function textView(record: DatasetRecord, kind: DatasetKind): string {
  return kind === 'corpus' ? (record as CorpusRecord).text : textsOf(record, kind).join('\n\n');
}

/**
 * Structural rules checked after normalisation, when whitespace-only texts have become empty:
 * returns the rejection reason, or undefined when the record is usable.
 */
export function structuralProblem(
  record: DatasetRecord,
  kind: DatasetKind,
): { reason: string; detail: string } | undefined {
  switch (kind) {
    case 'corpus':
      return (record as CorpusRecord).text === ''
        ? { reason: 'empty_text', detail: 'no text after normalisation' }
        : undefined;
    case 'chat': {
      const { messages } = record as ChatRecord;
      if (messages.some((m) => m.content === '')) {
        return { reason: 'empty_message', detail: 'a message has no content' };
      }
      if (!messages.some((m) => m.role === 'user')) {
        return { reason: 'chat_structure', detail: 'no user message' };
      }
      if (messages[messages.length - 1]?.role !== 'assistant') {
        return { reason: 'chat_structure', detail: 'the last message is not from the assistant' };
      }
      return undefined;
    }
    case 'multiple_choice': {
      const mc = record as MultipleChoiceRecord;
      if (mc.question === '' || mc.choices.some((c) => c === '')) {
        return { reason: 'empty_text', detail: 'empty question or choice' };
      }
      if (new Set(mc.choices).size !== mc.choices.length) {
        return { reason: 'mc_duplicate_choices', detail: 'two choices are the same' };
      }
      return undefined;
    }
    case 'safety':
      return (record as SafetyRecord).prompt === ''
        ? { reason: 'empty_text', detail: 'prompt: no text after normalisation' }
        : undefined;
  }
}
