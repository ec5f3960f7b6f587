import { AlloyApiError } from '@alloy/sdk';
import { CommanderError } from 'commander';
import type { CliContext } from './cli-context';
import { EXIT, UsageError } from './cli-errors';
import { describeApiError } from './cli-output';
import { buildProgram } from './cli-program';

/** Runs `alloy` with these arguments (without node and the script) and returns its exit code. */
export async function runCli(args: string[], ctx: CliContext): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync(args, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    // Help and version end by "throwing" a CommanderError with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof UsageError) {
      ctx.output.err.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof AlloyApiError) {
      ctx.output.err.write(`${describeApiError(error)}\n`);
      return EXIT.failure;
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    if (error instanceof TypeError && cause?.code) {
      // fetch's "fetch failed": say which server could not be reached and why.
      ctx.output.err.write(`error: cannot reach the server (${cause.code})\n`);
      return EXIT.failure;
    }
    ctx.output.err.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
