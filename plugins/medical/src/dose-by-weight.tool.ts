import type { ToolDefinition } from '@alloy/plugin-sdk';
import type { MedicalConfig } from './medical-config';
import { numberArg, numberSchema, roundHalfUp } from '@alloy/plugin-sdk';

/** A weight-based oral dose and its caps. */
export interface DrugDosing {
  drug: string;
  names: readonly string[];
  mgPerKg: number;
  maxSingleMg: number;
  /** The daily limit by weight; the daily dose is the lower of this and `maxDailyMg`. */
  maxDailyMgPerKg: number;
  maxDailyMg: number;
  interval: string;
}

// Common reference values for oral dosing (paediatric mg/kg, adult caps; ibuprofen at the
// over-the-counter limit). A clinician or the local formulary has the last word.
export const DRUG_TABLE: readonly DrugDosing[] = [
  {
    drug: 'paracetamol',
    names: ['paracetamol', 'acetaminophen', 'tylenol', 'panadol', '对乙酰氨基酚', '扑热息痛'],
    mgPerKg: 15,
    maxSingleMg: 1000,
    maxDailyMgPerKg: 75,
    maxDailyMg: 4000,
    interval: 'every 4 to 6 hours',
  },
  {
    drug: 'ibuprofen',
    names: ['ibuprofen', 'advil', 'motrin', 'nurofen', '布洛芬'],
    mgPerKg: 10,
    maxSingleMg: 400,
    maxDailyMgPerKg: 40,
    maxDailyMg: 1200,
    interval: 'every 6 to 8 hours',
  },
  {
    drug: 'amoxicillin',
    names: ['amoxicillin', 'amoxycillin', 'amoxil', '阿莫西林'],
    mgPerKg: 20,
    maxSingleMg: 500,
    maxDailyMgPerKg: 60,
    maxDailyMg: 1500,
    interval: 'every 8 hours',
  },
  {
    drug: 'azithromycin',
    names: ['azithromycin', 'zithromax', '阿奇霉素'],
    mgPerKg: 10,
    maxSingleMg: 500,
    maxDailyMgPerKg: 10,
    maxDailyMg: 500,
    interval: 'once a day',
  },
];

const WEIGHT = { minimum: 0.5, maximum: 300 };

export interface DoseResult {
  drug: string;
  weightKg: number;
  mgPerKg: number;
  singleDoseMg: number;
  maxDailyMg: number;
  interval: string;
  /** Whether a cap lowered the weight-based dose. */
  singleDoseClamped: boolean;
  dailyDoseClamped: boolean;
  notes: string[];
}

/** The single and daily dose for a weight, capped at the drug's maxima; unknown drugs throw. */
export function doseByWeight(drugName: string, weightKg: number): DoseResult {
  const key = drugName.trim().toLowerCase();
  const drug = DRUG_TABLE.find((d) => d.names.includes(key));
  if (!drug) {
    throw new Error(
      `unknown drug "${drugName}": this tool only doses ${DRUG_TABLE.map((d) => d.drug).join(', ')}`,
    );
  }
  const byWeight = roundHalfUp(drug.mgPerKg * weightKg, 1);
  const dailyByWeight = roundHalfUp(drug.maxDailyMgPerKg * weightKg, 1);
  const singleDoseClamped = byWeight > drug.maxSingleMg;
  const dailyDoseClamped = dailyByWeight > drug.maxDailyMg;
  const notes: string[] = [];
  if (singleDoseClamped) {
    notes.push(
      `${drug.mgPerKg} mg/kg would be ${byWeight} mg; clamped to the maximum single dose of ${drug.maxSingleMg} mg.`,
    );
  }
  if (dailyDoseClamped) {
    notes.push(
      `${drug.maxDailyMgPerKg} mg/kg a day would be ${dailyByWeight} mg; clamped to the maximum daily dose of ${drug.maxDailyMg} mg.`,
    );
  }
  notes.push('Check the dose against the product label or with a pharmacist.');
  return {
    drug: drug.drug,
    weightKg,
    mgPerKg: drug.mgPerKg,
    singleDoseMg: Math.min(byWeight, drug.maxSingleMg),
    maxDailyMg: Math.min(dailyByWeight, drug.maxDailyMg),
    interval: drug.interval,
    singleDoseClamped,
    dailyDoseClamped,
    notes,
  };
}

export const DOSE_BY_WEIGHT_TOOL: ToolDefinition<MedicalConfig> = {
  name: 'medical_dose_by_weight',
  description: `Oral single dose and maximum daily dose by body weight, capped at the drug's maxima. Known drugs: ${DRUG_TABLE.map((d) => d.drug).join(', ')}.`,
  parameters: {
    type: 'object',
    additionalProperties: false,
    required: ['drug', 'weightKg'],
    properties: {
      drug: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
        description: 'Generic or brand name (English or Chinese).',
      },
      weightKg: numberSchema(WEIGHT, 'Body weight in kilograms (0.5 to 300).'),
    },
  },
  handler: (args) => {
    const drug = args['drug'];
    if (typeof drug !== 'string' || drug.trim() === '')
      throw new Error('drug must be a non-empty string');
    return doseByWeight(drug, numberArg(args, 'weightKg', WEIGHT));
  },
};
