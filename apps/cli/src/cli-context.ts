import { AlloyClient } from '@alloy/sdk';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from './cli-config';
import { type Output, processOutput } from './cli-output';

/** What every command gets: where to write, the environment, and a client for the saved login. */
export interface CliContext {
  output: Output;
  env: Record<string, string | undefined>;
  /** A client from the saved login and the environment; a usage error when there is none. */
  client(): Promise<AlloyClient>;
  /** Progress bars and prompts only on a terminal, never in a pipe or a log. */
  interactive: boolean;
}

export function processContext(): CliContext {
  return {
    output: processOutput,
    env: process.env,
    client: async () => new AlloyClient(await loadConfig(process.env)),
    interactive: Boolean(process.stdout.isTTY),
  };
}

/** Parses a whole positive number option, naming it when it is not one. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}
