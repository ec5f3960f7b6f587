import type { GenerateRequest } from '@alloy/inference';
import { ServingError, ServingErrorCode } from '../common/serving-error';

/** The roles a chat message may have: those every chat template renders (no tool calling). */
export const CHAT_ROLES = ['system', 'user', 'assistant'] as const;

/** Messages one request may carry. */
export const MAX_MESSAGES = 256;

/** Tokens one request may ask to generate; the model's context bounds it further. */
export const MAX_NEW_TOKENS = 1_048_576;

/**
 * Refuses, naming the field, a prompt larger than the server takes or a message with a role it does
 * not know. Every surface calls it before any tokenising, so an over-long prompt costs a length
 * check.
 */
export function checkPrompt(request: GenerateRequest, maxChars: number): void {
  if (request.prompt !== undefined && request.prompt.length > maxChars)
    throw tooLong('prompt', request.prompt.length, maxChars);
  if (!request.messages) return;
  if (request.messages.length > MAX_MESSAGES)
    throw ServingError.invalid('messages', `at most ${MAX_MESSAGES} messages`);
  let total = 0;
  request.messages.forEach((message, i) => {
    if (!(CHAT_ROLES as readonly string[]).includes(message.role))
      throw ServingError.invalid(`messages.${i}.role`, `must be one of ${CHAT_ROLES.join(', ')}`);
    total += message.content.length;
    if (total > maxChars) throw tooLong(`messages.${i}.content`, total, maxChars);
  });
}

function tooLong(field: string, chars: number, limit: number): ServingError {
  return new ServingError(
    400,
    ServingErrorCode.PROMPT_TOO_LONG,
    `${field}: the prompt may have at most ${limit} characters, this one has ${chars}${field === 'prompt' ? '' : ' up to here'}`,
    field,
    null,
    { limitChars: limit, promptChars: chars },
  );
}
