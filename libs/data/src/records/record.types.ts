/** What a dataset version holds: pretraining text, chat instructions, or an evaluation set. */
export type DatasetKind = 'corpus' | 'chat' | 'multiple_choice';

/** Container format of an uploaded file. */
export type DatasetFormat = 'txt' | 'jsonl' | 'json';

/** Shape of the records inside a `jsonl` or `json` file, before conversion. */
export type RecordShape = 'text' | 'chat' | 'alpaca' | 'multiple_choice';

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

/** The normalised output shape of each kind. */
export interface RecordByKind {
  corpus: CorpusRecord;
  chat: ChatRecord;
  multiple_choice: MultipleChoiceRecord;
}

export type DatasetRecord = CorpusRecord | ChatRecord | MultipleChoiceRecord;

/** Kind that each raw shape produces. */
export const KIND_OF_SHAPE: Readonly<Record<RecordShape, DatasetKind>> = {
  text: 'corpus',
  chat: 'chat',
  alpaca: 'chat',
  multiple_choice: 'multiple_choice',
};
