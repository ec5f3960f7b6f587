import type { EvaluatorDefinition } from '@alloy/plugin-sdk';
import type { EducationConfig } from '../education-config';
import { EDUCATION_EVAL_SET } from './education-eval-set';
import { multipleChoiceAccuracy, multipleChoiceCase } from '@alloy/plugin-sdk';

/**
 * The education multiple-choice set; `accuracy` is 1 when the output picks the right choice. No
 * readability metric: the expected output is a letter, whose grade level says nothing.
 */
export const EDUCATION_MC_EVALUATOR: EvaluatorDefinition<EducationConfig> = {
  name: 'education_mc',
  description: 'Education multiple-choice questions (statistics of scores, pedagogy): accuracy.',
  cases: () => EDUCATION_EVAL_SET.map(multipleChoiceCase),
  score: (evalCase, output) => ({ accuracy: multipleChoiceAccuracy(evalCase, output) }),
};
