import type { InferenceResponse, InferenceResponseResult } from '@alloy/plugin-sdk';
import { definePlugin } from '@alloy/plugin-sdk';
import { disclaimerFor, isClinical } from './clinical-disclaimer.rule';
import { deidentify, deidentifyRecord, describeReplaced } from './deidentify.rule';
import { DOSE_BY_WEIGHT_TOOL } from './dose-by-weight.tool';
import {
  emergencyDirection,
  emergencySigns,
  emergencySystemMessage,
  userText,
} from './emergency.rule';
import { MEDICAL_MC_EVALUATOR } from './eval/medical-mc.evaluator';
import type { MedicalConfig } from './medical-config';
import { MEDICAL_CONFIG_SCHEMA, medicalConfig } from './medical-config';

/**
 * One segment through the three response rules, in this order: identifiers out first (so a
 * direction or disclaimer is never mistaken for one), then the emergency direction in front,
 * then the disclaimer at the end.
 */
export function guardResponse(
  response: InferenceResponse,
  config: MedicalConfig,
): InferenceResponseResult {
  let text = response.text;
  const annotations: string[] = [];
  if (config.deidentifyResponses) {
    const clean = deidentify(text, response.sentSoFar);
    if (clean.text !== text) {
      text = clean.text;
      annotations.push(`alloy.medical: replaced identifiers (${describeReplaced(clean.replaced)})`);
    }
  }
  if (config.emergencyGuard) {
    const asked = userText(response.request);
    const direction = emergencyDirection(asked || response.sentSoFar + text, config);
    // The request is checked at the first segment; a sign the answer itself raises later gets the
    // direction in front of that segment, as early as a stream still allows.
    const emergency =
      (response.index === 0 && emergencySigns(asked).length > 0) || emergencySigns(text).length > 0;
    if (emergency && !response.sentSoFar.includes(direction) && !text.includes(direction)) {
      text = `${direction}\n\n${text}`;
      annotations.push('alloy.medical: emergency direction added');
    }
  }
  if (config.disclaimer && response.final) {
    const whole = response.sentSoFar + text;
    const disclaimer = disclaimerFor(whole, config);
    if (isClinical(whole) && !whole.includes(disclaimer)) {
      const separator =
        whole === '' || whole.endsWith('\n\n') ? '' : whole.endsWith('\n') ? '\n' : '\n\n';
      text = `${text}${separator}${disclaimer}`;
      annotations.push('alloy.medical: disclaimer appended');
    }
  }
  if (text === response.text) return undefined;
  return { text, annotations };
}

/** Medical rules: de-identification, emergency direction, clinical disclaimer, dosing tool. */
export const plugin = definePlugin<MedicalConfig>({
  manifest: {
    id: 'alloy.medical',
    version: '1.0.0',
    sdk: '^1.0.0',
    displayName: 'Medical safety',
    description:
      'De-identifies health information in datasets and responses, directs emergencies to emergency services first, adds a disclaimer to clinical answers, and doses common drugs by weight.',
    domains: ['medical'],
    permissions: {},
    config: MEDICAL_CONFIG_SCHEMA,
    // Every hook protects patients: a record that could not be de-identified must not reach
    // training, and a response that could not be checked for identifiers or an emergency must not
    // be sent as if it had been.
    failurePolicy: {
      'dataset.record': 'closed',
      'inference.request': 'closed',
      'inference.response': 'closed',
      tools: 'closed',
      evaluators: 'closed',
    },
  },
  hooks: {
    'dataset.record': (record, ctx) =>
      medicalConfig(ctx.config).deidentifyDatasets ? deidentifyRecord(record) : undefined,
    'inference.request': (request, ctx) => {
      const config = medicalConfig(ctx.config);
      const text = userText(request);
      if (!config.emergencyGuard || emergencySigns(text).length === 0) return undefined;
      const system = emergencySystemMessage(text, config);
      if (request.messages)
        return { messages: [{ role: 'system', content: system }, ...request.messages] };
      return { prompt: `${system}\n\n${request.prompt ?? ''}` };
    },
    'inference.response': (response, ctx) => guardResponse(response, medicalConfig(ctx.config)),
  },
  tools: [DOSE_BY_WEIGHT_TOOL],
  evaluators: [MEDICAL_MC_EVALUATOR],
});

export default plugin;
