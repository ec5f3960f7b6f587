import type { JsonSchema } from '@alloy/plugin-sdk';

export type AgeBand = 'under-13' | '13-17' | 'adult';

/** An organisation's configuration of the education plugin, defaults applied. */
export interface EducationConfig {
  ageBand: AgeBand;
  homeworkIntegrity: boolean;
}

export const EDUCATION_CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ageBand: {
      enum: ['under-13', '13-17', 'adult'],
      default: '13-17',
      description: 'Age of the learners: what content is unfit depends on it.',
    },
    homeworkIntegrity: {
      type: 'boolean',
      default: false,
      description:
        'Steer requests for assignment answers to hints and steps, and withhold bare final answers.',
    },
  },
};

export function educationConfig(raw: Partial<EducationConfig> | undefined): EducationConfig {
  return { ageBand: raw?.ageBand ?? '13-17', homeworkIntegrity: raw?.homeworkIntegrity ?? false };
}

export function isChinese(text: string): boolean {
  return /[\u4e00-\u9fff]/u.test(text);
}
