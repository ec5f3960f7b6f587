import { isChinese } from './education-config';

const ANSWER_REQUEST =
  /\b(?:just\s+(?:give|tell)\s+me\s+the\s+answers?|(?:give|tell|send)\s+me\s+the\s+(?:final\s+|correct\s+)?answers?|only\s+(?:the\s+)?(?:final\s+)?answers?|answers?\s+(?:to|for)\s+(?:my|this|the)\s+(?:homework|assignment|worksheet|quiz|test|exam|problem\s+set)|do\s+my\s+(?:homework|assignment)|solve\s+(?:this|it|these)\s+for\s+me|write\s+my\s+(?:essay|assignment)|answer\s+key|no\s+explanation)\b|直接(?:给|告诉)(?:我)?答案|只要答案|告诉我答案|(?:作业|习题|试卷|练习)(?:的)?答案|帮我(?:做|写)(?:作业|题|作文)|不要(?:过程|解释|步骤)/iu;

/** Whether a request asks for the final answer to an assignment rather than for help. */
export function asksForFinalAnswer(text: string): boolean {
  return ANSWER_REQUEST.test(text);
}

/** The system message that steers the model to hints and steps. */
export function tutorSystemMessage(text: string): string {
  return isChinese(text)
    ? '学生在请求作业的最终答案。请不要直接给出最终答案：给出提示和解题步骤，引导学生自己得出答案，并在最后请学生说出他们的结果。'
    : 'The student is asking for the final answer to an assignment. Do not state the final answer: give hints and the steps to reach it, and end by asking the student for their result.';
}

// "The final answer is 42.", "Answer: 42", "**Final answer:** C", "答案：42", "所以答案是 C。"
const FINAL_ANSWER =
  /^\s*(?:\*\*)?(?:so,?\s+|therefore,?\s+|thus,?\s+)?(?:the\s+)?(?:final\s+|correct\s+)?answer\s*(?:is|:|=)(?=[\s*]*\S)|^\s*(?:\*\*)?(?:所以|因此)?(?:最终|正确)?答案\s*(?:是|为|:|：)(?=\s*\S)/iu;
const ANSWER_LABEL_AT_END =
  /(?:final\s+|correct\s+)?answer\s*(?:is|:)\s*$|答案\s*(?:是|为|:|：)\s*$/iu;

/** Whether a segment states the final answer (alone, or as the value after a label already sent). */
export function statesFinalAnswer(segment: string, sentSoFar: string): boolean {
  if (segment.trim() === '') return false;
  if (FINAL_ANSWER.test(segment)) return true;
  return ANSWER_LABEL_AT_END.test(sentSoFar) && segment.trim().length <= 40;
}

export function withheldNote(text: string): string {
  return isChinese(text)
    ? '（最终答案已隐藏：请根据上面的步骤自己算出结果。）'
    : '(Final answer withheld: work it out from the steps above.)';
}
