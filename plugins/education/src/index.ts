import type {
  InferenceRequest,
  InferenceResponse,
  InferenceResponseResult,
} from '@alloy/plugin-sdk';
import { definePlugin, segmentText } from '@alloy/plugin-sdk';
import { replaceUnfitSentences, safeMessage, unfitCategories } from './age-safety.rule';
import type { EducationConfig } from './education-config';
import { EDUCATION_CONFIG_SCHEMA, educationConfig } from './education-config';
import { EDUCATION_MC_EVALUATOR } from './eval/education-mc.evaluator';
import {
  asksForFinalAnswer,
  statesFinalAnswer,
  tutorSystemMessage,
  withheldNote,
} from './homework-integrity.rule';
import { READABILITY_TOOL } from './readability.tool';

function userText(request: InferenceRequest): string {
  const parts: string[] = [];
  if (request.prompt) parts.push(request.prompt);
  for (const message of request.messages ?? [])
    if (message.role === 'user') parts.push(message.content);
  return parts.join('\n');
}

/** Age safety first (its replacement is final), then the homework rule on what is left. */
export function guardResponse(
  response: InferenceResponse,
  config: EducationConfig,
): InferenceResponseResult {
  const annotations: string[] = [];
  const safe = replaceUnfitSentences(response.text, config.ageBand);
  let text = safe.text;
  if (safe.categories.length > 0) {
    annotations.push(
      `alloy.education: replaced content unfit for ${config.ageBand} (${safe.categories.join(', ')})`,
    );
  }
  if (config.homeworkIntegrity) {
    // A whole response is one segment: read it sentence by sentence, as a stream of it would be.
    let withheld = false;
    let before = response.sentSoFar;
    text = segmentText(text)
      .map((sentence) => {
        let out = sentence;
        if (statesFinalAnswer(sentence, before)) {
          withheld = true;
          out = withheldNote(before + sentence) + (/\s*$/u.exec(sentence)?.[0] ?? '');
        }
        before += out;
        return out;
      })
      .join('');
    if (withheld) annotations.push('alloy.education: final answer withheld (homework integrity)');
  }
  return text === response.text ? undefined : { text, annotations };
}

/** Education rules: age-appropriate content, homework integrity, readability. */
export const plugin = definePlugin<EducationConfig>({
  manifest: {
    id: 'alloy.education',
    version: '1.0.0',
    sdk: '^1.0.0',
    displayName: 'Education safety',
    description:
      'Keeps requests and answers fit for the learners’ age band, steers assignment requests to hints when homework integrity is on, and scores readability.',
    domains: ['education'],
    permissions: {},
    config: EDUCATION_CONFIG_SCHEMA,
    // The age guard protects children: an unchecked request or answer is not let through. The
    // homework rule shares those hooks, so it fails closed with them.
    failurePolicy: {
      'inference.request': 'closed',
      'inference.response': 'closed',
      tools: 'open',
      evaluators: 'closed',
    },
  },
  hooks: {
    'inference.request': (request, ctx) => {
      const config = educationConfig(ctx.config);
      const text = userText(request);
      const categories = unfitCategories(text, config.ageBand);
      if (categories.length > 0) return { refuse: safeMessage(categories, text) };
      if (!config.homeworkIntegrity || !asksForFinalAnswer(text)) return undefined;
      const system = tutorSystemMessage(text);
      if (request.messages)
        return { messages: [{ role: 'system', content: system }, ...request.messages] };
      return { prompt: `${system}\n\n${request.prompt ?? ''}` };
    },
    'inference.response': (response, ctx) => guardResponse(response, educationConfig(ctx.config)),
  },
  tools: [READABILITY_TOOL],
  evaluators: [EDUCATION_MC_EVALUATOR],
});

export default plugin;
