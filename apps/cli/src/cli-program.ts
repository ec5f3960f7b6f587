import { Command } from 'commander';
import type { CliContext } from './cli-context';
import { registerAuthCommands } from './commands/auth.command';
import { registerCatalogCommands } from './commands/catalog.command';
import { registerChatCommand } from './commands/chat.command';
import { registerDatasetCommands } from './commands/datasets.command';
import { registerDeploymentCommands } from './commands/deployments.command';
import { registerJobCommands } from './commands/jobs.command';
import { registerPluginCommands } from './commands/plugins.command';

/** The `alloy` command with every subcommand, writing where `ctx` says. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('alloy')
    .description(
      'The Alloy platform from the command line. Log in once with `alloy login`, or set ALLOY_URL, ALLOY_API_KEY and ALLOY_INFERENCE_URL.',
    )
    .version('0.1.0')
    // `--version` after a subcommand is that command's own option (deployments create --version 2).
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.output.out.write(text),
      writeErr: (text) => ctx.output.err.write(text),
    })
    .exitOverride();
  registerAuthCommands(program, ctx);
  registerCatalogCommands(program, ctx);
  registerDatasetCommands(program, ctx);
  registerJobCommands(program, ctx);
  registerDeploymentCommands(program, ctx);
  registerChatCommand(program, ctx);
  registerPluginCommands(program, ctx);
  // Subcommands report usage errors through the same override as the program.
  const override = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride();
      sub.showHelpAfterError('(add --help for usage)');
      override(sub);
    }
  };
  override(program);
  return program;
}
