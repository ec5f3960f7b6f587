import type { InferenceRequest } from '@alloy/plugin-sdk';
import type { MedicalConfig } from './medical-config';
import { isChinese } from './medical-config';

/** The emergencies the guard recognises. */
export type EmergencyKind =
  | 'chest-pain'
  | 'breathing'
  | 'stroke'
  | 'bleeding'
  | 'suicide'
  | 'overdose'
  | 'anaphylaxis'
  | 'unconscious';

const SIGNS: readonly { kind: EmergencyKind; pattern: RegExp }[] = [
  {
    kind: 'chest-pain',
    pattern:
      /\bchest\s+(?:pain|tightness|pressure)|\bheart\s+attack|胸痛|胸口(?:痛|疼)|心口(?:痛|疼)|心梗|心肌梗/iu,
  },
  {
    kind: 'breathing',
    pattern:
      /\b(?:short(?:ness)?\s+of\s+breath|can(?:no|'|’)t\s+breathe|unable\s+to\s+breathe|(?:difficulty|trouble|struggling)\s+(?:to\s+)?breath(?:e|ing))|呼吸困难|喘不(?:上|过)气|无法呼吸|透不过气|憋气/iu,
  },
  {
    kind: 'stroke',
    pattern:
      /\b(?:face\s+(?:is\s+)?droop\w*|drooping\s+face|slurred\s+speech|(?:having|had)\s+a\s+stroke|(?:arm|leg|one\s+side)\s+(?:is\s+|went\s+|suddenly\s+)?(?:numb|weak)\w*)|口角歪斜|嘴歪|言语不清|说话不清|口齿不清|半身不遂|一侧(?:肢体|手臂|腿|身体)(?:无力|麻木)|中风了/iu,
  },
  {
    kind: 'bleeding',
    pattern:
      /\b(?:bleeding\s+(?:heavily|badly|a\s+lot|profusely)|(?:won't|will\s+not|can't|cannot)\s+stop\s+(?:the\s+)?bleeding|bleeding\s+(?:that\s+)?(?:won't|will\s+not)\s+stop|severe\s+bleeding|heavy\s+bleeding|spurting\s+blood|vomiting\s+blood)|大出血|血流不止|出血不止|止不住血|吐血|呕血/iu,
  },
  {
    kind: 'suicide',
    pattern:
      /\b(?:kill\s+myself|end\s+my\s+(?:own\s+)?life|suicid\w*|want\s+to\s+die|take\s+my\s+(?:own\s+)?life|hurt\s+myself|self[- ]harm)|自杀|轻生|不想活|想死|结束(?:自己的)?生命|自残|割腕/iu,
  },
  {
    kind: 'overdose',
    pattern:
      /\b(?:overdos\w*|took\s+(?:too\s+many|a\s+whole\s+(?:bottle|pack|box))|swallowed\s+(?:a\s+whole|an?\s+entire|the\s+whole)\s+(?:bottle|pack|box))|服药过量|过量服用|吃了一整(?:瓶|盒|板)|吞了一整(?:瓶|盒|板)/iu,
  },
  {
    kind: 'anaphylaxis',
    pattern:
      /\b(?:anaphyla\w*|throat\s+(?:is\s+)?(?:swelling|closing|swollen)|(?:swollen|swelling)\s+(?:throat|tongue)|tongue\s+(?:is\s+)?swelling)|过敏性休克|喉(?:咙|头)(?:水)?肿|舌头肿/iu,
  },
  {
    kind: 'unconscious',
    pattern:
      /\b(?:unconscious|unresponsive|not\s+breathing|won't\s+wake\s+up|seizure\s+(?:that\s+)?(?:won't\s+stop|lasting))|昏迷|不省人事|叫不醒|没有呼吸|抽搐不止/iu,
  },
];

// A negation just before a sign ("no chest pain", "否认胸痛") makes it a finding, not an emergency.
const NEGATION_EN = /\b(?:no|not|denies|denied|without|never|negative\s+for)\b/iu;
const NEGATION_ZH = /否认|无|没有|未/u;

/** The emergencies a text describes, ignoring negated findings. */
export function emergencySigns(text: string): EmergencyKind[] {
  const kinds: EmergencyKind[] = [];
  for (const { kind, pattern } of SIGNS) {
    const global = new RegExp(pattern.source, `${pattern.flags}g`);
    for (const match of text.matchAll(global)) {
      const before = text.slice(0, match.index);
      const clause = before.slice(before.search(/[^.;!?。；！？，,\n]*$/u));
      const words = clause.trim().split(/\s+/u).slice(-4).join(' ');
      if (NEGATION_EN.test(words) || NEGATION_ZH.test(clause.slice(-6))) continue;
      kinds.push(kind);
      break;
    }
  }
  return kinds;
}

/** What the user wrote in a request: its prompt and user messages. */
export function userText(request: InferenceRequest): string {
  const parts: string[] = [];
  if (request.prompt) parts.push(request.prompt);
  for (const message of request.messages ?? [])
    if (message.role === 'user') parts.push(message.content);
  return parts.join('\n');
}

/** The direction to call emergency services, in the language of `text`. */
export function emergencyDirection(text: string, config: MedicalConfig): string {
  const zh = isChinese(text);
  const number = config.emergencyNumber ?? (zh ? '120' : '911');
  return zh
    ? `这可能是紧急情况：请立即拨打急救电话 ${number}，或马上前往最近的急诊。不要等待。`
    : `This may be an emergency: call ${number} (emergency services) now or go to the nearest emergency department. Do not wait.`;
}

/** The system message that asks the model to open with the direction as well. */
export function emergencySystemMessage(text: string, config: MedicalConfig): string {
  const direction = emergencyDirection(text, config);
  return isChinese(text)
    ? `用户描述的情况可能危及生命。回答时首先告诉用户：${direction} 然后再给出简短的等待急救期间的安全建议，不要进行远程诊断。`
    : `The user describes what may be a medical emergency. Begin by telling them: "${direction}" Then give brief safety steps while they wait for help; do not attempt a remote diagnosis.`;
}
