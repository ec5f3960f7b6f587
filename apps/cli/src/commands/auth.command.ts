import { AlloyClient } from '@alloy/sdk';
import type { Command } from 'commander';
import { configPath, saveConfig } from '../cli-config';
import type { CliContext } from '../cli-context';
import { printObject } from '../cli-output';

interface LoginOptions {
  url: string;
  apiKey: string;
  inferenceUrl?: string;
}

export function registerAuthCommands(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('check an API key with the control plane and save it for later commands')
    .requiredOption('--url <url>', 'the control plane, as http://localhost:3000')
    .requiredOption('--api-key <key>', 'an API key (alloy_ak_...)')
    .option('--inference-url <url>', 'the model server, as http://localhost:8080')
    .action(async (options: LoginOptions) => {
      const config = {
        url: options.url,
        apiKey: options.apiKey,
        ...(options.inferenceUrl ? { inferenceUrl: options.inferenceUrl } : {}),
      };
      // A key is saved only once the server has accepted it.
      const me = await new AlloyClient(config).whoami();
      const file = configPath(ctx.env);
      await saveConfig(file, config);
      ctx.output.out.write(
        `Logged in to ${options.url} as ${me.name} (${me.role ?? me.kind}); saved to ${file}\n`,
      );
    });

  program
    .command('whoami')
    .description('who the key belongs to: organisation, role and scopes')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const me = await (await ctx.client()).whoami();
      printObject(
        ctx.output,
        options.json
          ? me
          : {
              name: me.name,
              kind: me.kind,
              role: me.role,
              scopes: me.scopes ?? 'all of the role',
              organization: me.actingOrganizationId,
              platform: me.platform,
            },
        options.json,
      );
    });
}
