import type { JsonSchema } from '@alloy/plugin-sdk';

/** An organisation's configuration of the medical plugin, defaults applied. */
export interface MedicalConfig {
  deidentifyDatasets: boolean;
  deidentifyResponses: boolean;
  emergencyGuard: boolean;
  /** Overrides the number by language (120 in Chinese, 911 in English). */
  emergencyNumber?: string;
  disclaimer: boolean;
  disclaimerTextEn: string;
  disclaimerTextZh: string;
}

export const DEFAULT_DISCLAIMER_EN =
  'This information is general and does not replace advice from a doctor or pharmacist who knows your situation.';
export const DEFAULT_DISCLAIMER_ZH =
  '以上信息仅供参考，不能替代了解您具体情况的医生或药师的诊疗建议。';

export const MEDICAL_CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    deidentifyDatasets: {
      type: 'boolean',
      default: true,
      description:
        'Replace names, phone numbers, emails, record numbers, birth dates, IDs and addresses in dataset records.',
    },
    deidentifyResponses: {
      type: 'boolean',
      default: true,
      description: 'Replace the same identifiers in model responses, segment by segment.',
    },
    emergencyGuard: {
      type: 'boolean',
      default: true,
      description: 'Start answers to emergencies with a direction to call emergency services.',
    },
    emergencyNumber: {
      type: 'string',
      pattern: '^[0-9][0-9 -]{1,14}$',
      description:
        'Emergency number to direct people to; by default 120 for Chinese and 911 for English.',
    },
    disclaimer: {
      type: 'boolean',
      default: true,
      description: 'Append a disclaimer to clinical answers.',
    },
    disclaimerTextEn: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      default: DEFAULT_DISCLAIMER_EN,
    },
    disclaimerTextZh: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      default: DEFAULT_DISCLAIMER_ZH,
    },
  },
};

/** The configuration with defaults for anything missing. */
export function medicalConfig(raw: Partial<MedicalConfig> | undefined): MedicalConfig {
  return {
    deidentifyDatasets: raw?.deidentifyDatasets ?? true,
    deidentifyResponses: raw?.deidentifyResponses ?? true,
    emergencyGuard: raw?.emergencyGuard ?? true,
    ...(raw?.emergencyNumber ? { emergencyNumber: raw.emergencyNumber } : {}),
    disclaimer: raw?.disclaimer ?? true,
    disclaimerTextEn: raw?.disclaimerTextEn ?? DEFAULT_DISCLAIMER_EN,
    disclaimerTextZh: raw?.disclaimerTextZh ?? DEFAULT_DISCLAIMER_ZH,
  };
}

/** Whether a text is (mostly) Chinese, by the presence of Han characters. */
export function isChinese(text: string): boolean {
  return /[\u4e00-\u9fff]/u.test(text);
}
