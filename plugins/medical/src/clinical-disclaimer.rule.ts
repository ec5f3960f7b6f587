import type { MedicalConfig } from './medical-config';
import { isChinese } from './medical-config';

// An answer about doses, treatment, diagnosis or symptoms is clinical; small talk and
// administrative answers (opening hours, how to book) are not.
const CLINICAL =
  /\b(?:dos(?:e|es|age|ing)|\d+\s?(?:mg|ml|mcg|µg)|tablets?|medications?|medicines?|drugs?|treat(?:s|ed|ing|ment)?|diagnos\w*|symptoms?|prescri\w*|therap\w*|surgery|infections?|antibiotics?|disease|blood\s+pressure|side\s+effects?)\b|剂量|用药|服用|药物|治疗|诊断|症状|处方|手术|感染|抗生素|疾病|血压|副作用|毫克/iu;

/** Whether an answer gives clinical information. */
export function isClinical(text: string): boolean {
  return CLINICAL.test(text);
}

/** The disclaimer in the answer's language. */
export function disclaimerFor(answer: string, config: MedicalConfig): string {
  return isChinese(answer) ? config.disclaimerTextZh : config.disclaimerTextEn;
}
