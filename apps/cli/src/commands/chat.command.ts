import { createInterface } from 'node:readline';
import type { AlloyClient, ChatMessage } from '@alloy/sdk';
import type { Command } from 'commander';
import { type CliContext, positiveInt } from '../cli-context';
import { UsageError } from '../cli-errors';

interface ChatCommandOptions {
  message?: string;
  system?: string;
  maxTokens?: number;
  temperature?: string;
}

/** Streams one answer to the terminal and returns its text. */
async function answer(
  ctx: CliContext,
  client: AlloyClient,
  model: string,
  messages: ChatMessage[],
  options: ChatCommandOptions,
): Promise<string> {
  let text = '';
  const temperature = options.temperature === undefined ? undefined : Number(options.temperature);
  for await (const delta of client.chat(model, messages, {
    stream: true,
    ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
  })) {
    text += delta.content;
    ctx.output.out.write(delta.content);
  }
  ctx.output.out.write('\n');
  return text;
}

export function registerChatCommand(program: Command, ctx: CliContext): void {
  program
    .command('chat <model>')
    .description(
      'chat with a deployed model (<model>, <model>@<version> or <model>:<alias>); without --message, one message per line from stdin, keeping the history',
    )
    .option('--message <text>', 'send one message, print the answer and exit')
    .option('--system <text>', 'a system message first')
    .option('--max-tokens <n>', 'tokens per answer at most', positiveInt('--max-tokens'))
    .option('--temperature <t>', '0 for greedy, up to 2')
    .action(async (model: string, options: ChatCommandOptions) => {
      if (options.temperature !== undefined && !Number.isFinite(Number(options.temperature)))
        throw new UsageError('--temperature must be a number');
      const client = await ctx.client();
      const history: ChatMessage[] = options.system
        ? [{ role: 'system', content: options.system }]
        : [];
      if (options.message !== undefined) {
        history.push({ role: 'user', content: options.message });
        await answer(ctx, client, model, history, options);
        return;
      }
      const input = createInterface({
        input: process.stdin,
        output: ctx.interactive ? process.stdout : undefined,
        terminal: ctx.interactive,
      });
      if (ctx.interactive) {
        ctx.output.err.write(`chatting with ${model}; an empty line or Ctrl-D ends\n`);
        input.setPrompt('> ');
        input.prompt();
      }
      for await (const line of input) {
        if (!line.trim()) {
          if (ctx.interactive) break;
          continue;
        }
        history.push({ role: 'user', content: line });
        const text = await answer(ctx, client, model, history, options);
        history.push({ role: 'assistant', content: text });
        if (ctx.interactive) input.prompt();
      }
      input.close();
    });
}
