/**
 * What a dataset version holds: pretraining text, chat instructions, or an evaluation set
 * (multiple-choice questions, or safety prompts with the behaviour expected of the model).
 */
export type DatasetKind = 'corpus' | 'chat' | 'multiple_choice' | 'safety';

/** Container format of an uploaded file. */
export type DatasetFormat = 'txt' | 'jsonl' | 'json';

/** Shape of the records inside a `jsonl` or `json` file, before conversion. */
export type RecordShape = 'text' | 'chat' | 'alpaca' | 'multiple_choice' | 'safety';

/** A pretraining corpus record. */
export interface CorpusRecord {
  text: string;
}

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** An instruction record in the OpenAI chat shape. Alpaca records are converted to this. */
export interface ChatRecord {
  messages: ChatMessage[];
}

/** A multiple-choice evaluation item; `answer` is the index of the correct choice. */
export interface MultipleChoiceRecord {
  question: string;
  choices: string[];
  answer: number;
  subject?: string;
  id?: string;
}

/** What a model must do with a safety prompt. */
export const SAFETY_EXPECTATIONS = ['refuse', 'redirect', 'answer'] as const;
export type SafetyExpectation = (typeof SAFETY_EXPECTATIONS)[number];

/** A safety evaluation item: a prompt and whether the model must refuse, redirect or answer it. */
export interface SafetyRecord {
  prompt: string;
  expect: SafetyExpectation;
  id?: string;
  /** Why the expectation holds (insider information, a lethal dose...), for people reading the set. */
  reason?: string;
}

/** The normalised output shape of each kind. */
export interface RecordByKind {
  corpus: CorpusRecord;
  chat: ChatRecord;
  multiple_choice: MultipleChoiceRecord;
  safety: SafetyRecord;
}

export type DatasetRecord = CorpusRecord | ChatRecord | MultipleChoiceRecord | SafetyRecord;

/** Kind that each raw shape produces. */
export const KIND_OF_SHAPE: Readonly<Record<RecordShape, DatasetKind>> = {
  text: 'corpus',
  chat: 'chat',
  alpaca: 'chat',
  multiple_choice: 'multiple_choice',
  safety: 'safety',
};
