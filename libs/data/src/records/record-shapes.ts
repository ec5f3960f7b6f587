import { z } from 'zod';
import type {
  ChatRecord,
  DatasetKind,
  DatasetRecord,
  MultipleChoiceRecord,
  SafetyRecord,
} from './record.types';
import { SAFETY_EXPECTATIONS } from './record.types';

const corpusSchema = z.object({ text: z.string() });
const chatSchema = z.object({
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant']),
        content: z.string(),
      }),
    )
    .min(1),
});
const alpacaSchema = z.object({
  instruction: z.string(),
  input: z.string().optional().default(''),
  output: z.string(),
  system: z.string().optional(),
});
const LETTERS = 'ABCDEFGHIJ';
const mcSchema = z.object({
  question: z.string(),
  choices: z.array(z.string()).min(2).max(10),
  // A letter ("B") is accepted on upload and stored as its index.
  answer: z.union([z.number().int().min(0), z.string().regex(/^[A-J]$/)]),
  subject: z.string().optional(),
  id: z.union([z.string(), z.number()]).optional(),
});

const safetySchema = z.object({
  prompt: z.string(),
  expect: z.enum(SAFETY_EXPECTATIONS),
  id: z.union([z.string(), z.number()]).optional(),
  reason: z.string().optional(),
});

export type ShapeResult =
  | { ok: true; record: DatasetRecord; converted: boolean }
  | { ok: false; reason: 'wrong_shape'; detail: string };

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const path = issue.path.length > 0 ? issue.path.join('.') : 'record';
  return `${path}: ${issue.message}`;
}

function alpacaToChat(a: z.infer<typeof alpacaSchema>): ChatRecord {
  const prompt = a.input.trim() === '' ? a.instruction : `${a.instruction}\n\n${a.input}`;
  return {
    messages: [
      ...(a.system ? [{ role: 'system' as const, content: a.system }] : []),
      { role: 'user', content: prompt },
      { role: 'assistant', content: a.output },
    ],
  };
}

/**
 * Checks one parsed JSON value against the shapes a kind accepts and converts it to that
 * kind's normalised shape (Alpaca to chat, answer letters to indexes).
 */
export function toRecord(value: unknown, kind: DatasetKind): ShapeResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'wrong_shape', detail: 'expected a JSON object' };
  }
  switch (kind) {
    case 'corpus': {
      const r = corpusSchema.safeParse(value);
      return r.success
        ? { ok: true, record: { text: r.data.text }, converted: false }
        : {
            ok: false,
            reason: 'wrong_shape',
            detail: `expected {"text": string}: ${describe(r.error)}`,
          };
    }
    case 'chat': {
      if ('messages' in value) {
        const r = chatSchema.safeParse(value);
        return r.success
          ? { ok: true, record: { messages: r.data.messages }, converted: false }
          : { ok: false, reason: 'wrong_shape', detail: describe(r.error) };
      }
      const r = alpacaSchema.safeParse(value);
      return r.success
        ? { ok: true, record: alpacaToChat(r.data), converted: true }
        : {
            ok: false,
            reason: 'wrong_shape',
            detail: `expected {"messages"} or {"instruction","input","output"}: ${describe(r.error)}`,
          };
    }
    case 'multiple_choice': {
      const r = mcSchema.safeParse(value);
      if (!r.success) return { ok: false, reason: 'wrong_shape', detail: describe(r.error) };
      const { question, choices, answer, subject, id } = r.data;
      const index = typeof answer === 'number' ? answer : LETTERS.indexOf(answer);
      if (index >= choices.length) {
        return { ok: false, reason: 'wrong_shape', detail: `answer ${answer} has no choice` };
      }
      const record: MultipleChoiceRecord = { question, choices, answer: index };
      if (subject !== undefined) record.subject = subject;
      if (id !== undefined) record.id = String(id);
      return { ok: true, record, converted: typeof answer !== 'number' };
    }
    case 'safety': {
      const r = safetySchema.safeParse(value);
      if (!r.success) {
        return {
          ok: false,
          reason: 'wrong_shape',
          detail: `expected {"prompt": string, "expect": "refuse" | "redirect" | "answer"}: ${describe(r.error)}`,
        };
      }
      const { prompt, expect, id, reason } = r.data;
      const record: SafetyRecord = { prompt, expect };
      if (id !== undefined) record.id = String(id);
      if (reason !== undefined) record.reason = reason;
      return { ok: true, record, converted: false };
    }
  }
}
