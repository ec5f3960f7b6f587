import type { EvaluatorDefinition } from '@alloy/plugin-sdk';
import type { MedicalConfig } from '../medical-config';
import { MEDICAL_EVAL_SET } from './medical-eval-set';
import { multipleChoiceAccuracy, multipleChoiceCase } from '@alloy/plugin-sdk';

/** The medical multiple-choice set; `accuracy` is 1 when the output picks the right choice. */
export const MEDICAL_MC_EVALUATOR: EvaluatorDefinition<MedicalConfig> = {
  name: 'medical_mc',
  description: 'Medical multiple-choice questions (terms, dosing arithmetic, triage): accuracy.',
  cases: () => MEDICAL_EVAL_SET.map(multipleChoiceCase),
  score: (evalCase, output) => ({ accuracy: multipleChoiceAccuracy(evalCase, output) }),
};
